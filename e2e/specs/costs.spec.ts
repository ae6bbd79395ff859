import { expect, expectAccessible, test } from '../support/fixtures.ts';
import { BACK_OFFICE, ReferralPageObject, signedIn } from '../support/referrals.ts';

const CARE_ADMINISTRATION = 'zorgadministratie@demo.loket.nl';

/**
 * Costs of a second opinion in the browser (R-COST-03): the demo has a second opinion at the Oncology Center
 * whose insurer does not cover it. The back office cannot make the appointment while the advance is unpaid; care
 * administration finds the case in its list, records the payment, and then the back office schedules.
 */
test.describe('costs of second opinions', () => {
  test('R-COST-03: care administration records the advance payment and the back office can then schedule', async ({
    page,
    signIn,
    browser,
  }, testInfo) => {
    test.setTimeout(120_000);
    await signIn.as(CARE_ADMINISTRATION);
    await page
      .getByRole('navigation', { name: 'Hoofdmenu' })
      .getByRole('link', { name: 'Kosten second opinions' })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: 'Kosten second opinions' })).toBeVisible();
    // Other second opinions of the same patient may be listed too: pick the one waiting for its advance.
    const row = page.locator('[data-testid="costs-row"][data-items~="advance-unpaid"]').filter({
      hasText: 'Daan Bakker',
    });
    await expect(row).toHaveCount(1);
    const reference = (await row.getAttribute('data-reference'))!;
    await expect(row).toContainText('Oncologisch Centrum');
    await expect(
      page
        .locator('[data-testid="costs-row"][data-items~="abroad-not-cleared"]')
        .filter({ hasText: 'Fatima El Amrani' }),
    ).toHaveCount(1);
    await expectAccessible(page);
    await page.screenshot({ path: test.info().outputPath('costs-list.png'), fullPage: true });

    await row.getByRole('link').click();
    await expect(page.getByTestId('costs-case-page')).toBeVisible();
    const referralId = page.url().split('/costs/')[1]!;
    await expect(page.getByTestId('costs-advance-status')).toHaveAttribute('data-paid', 'false');
    await expect(page.getByTestId('costs-coverage-outcome')).toHaveAttribute('data-outcome', 'not-covered');

    // The back office tries to make the appointment: refused, with what to do.
    const office = await signedIn(browser, testInfo, BACK_OFFICE);
    await office.goto(`/referrals/${referralId}`);
    const officeView = new ReferralPageObject(office);
    await officeView.expectState('accepted');
    await expect(office.getByTestId('costs-block')).toHaveAttribute('data-block', 'advance-unpaid');
    await expect(office.getByTestId('costs-block')).toContainText('€ 500,00');
    const refused = await officeView.open('schedule');
    const day = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    await refused.getByTestId('schedule-date').fill(day);
    await refused.getByTestId('schedule-time').fill('10:30');
    await refused.getByTestId('schedule-location').fill('Polikliniek Oncologie, C1');
    await refused.getByTestId('dialog-submit').click();
    await expect(refused.getByTestId('error-alert')).toContainText('voorschot');
    await office.screenshot({ path: test.info().outputPath('costs-refused.png'), fullPage: true });
    await office.keyboard.press('Escape');

    // Care administration records the payment; a short payment is refused with the field named.
    await page.getByTestId('costs-payment-open').click();
    await page.getByLabel(/^Betaald bedrag/).fill('200');
    await page.getByLabel(/^Betalingskenmerk/).fill('NL-BANK-2026-0042');
    await page.getByTestId('costs-payment-save').click();
    await expect(page.getByTestId('error-alert')).toContainText('Betaald bedrag');
    await page.getByLabel(/^Betaald bedrag/).fill('500,00');
    await page.getByTestId('costs-payment-save').click();
    await expect(page.getByTestId('costs-advance-status')).toHaveAttribute('data-paid', 'true');
    await expect(page.getByTestId('costs-advance-paid')).toContainText('NL-BANK-2026-0042');
    await expectAccessible(page);
    await page.screenshot({ path: test.info().outputPath('costs-paid.png'), fullPage: true });

    // Now the back office can schedule.
    await office.reload();
    await expect(office.getByTestId('costs-block')).toHaveCount(0);
    await expect(office.getByTestId('costs-advance-status')).toHaveAttribute('data-paid', 'true');
    const schedule = await officeView.open('schedule');
    await schedule.getByTestId('schedule-date').fill(day);
    await schedule.getByTestId('schedule-time').fill('10:30');
    await schedule.getByTestId('schedule-location').fill('Polikliniek Oncologie, C1');
    await officeView.submitDialog();
    await officeView.expectState('scheduled');
    await expect(
      office.getByTestId('timeline-event').filter({ hasText: 'Betaling voorschot vastgelegd' }),
    ).toHaveCount(1);
    await office.screenshot({ path: test.info().outputPath('costs-scheduled.png'), fullPage: true });

    // The paid case leaves care administration's open list.
    await page.goto('/costs');
    await expect(page.getByTestId('costs-row').first()).toBeVisible();
    await expect(page.locator(`[data-testid="costs-row"][data-reference="${reference}"]`)).toHaveCount(0);
  });
});
