import { expect, expectAccessible, test } from '../support/fixtures.ts';
import { BACK_OFFICE, signedIn } from '../support/referrals.ts';

const SPECIALIST = 'specialist@demo.loket.nl';

/**
 * The multidisciplinary meeting (R-SO-07, R-COM-01): the specialist schedules a meeting that starts now, puts a
 * case on the agenda (the demo's case is on tomorrow's), records the conclusion, and the report goes to the family
 * doctor at once with its delivery visible.
 */
test.describe('multidisciplinary meeting', () => {
  test('R-SO-07, R-COM-01: a case on an MDO and its conclusion reaching the family doctor', async ({
    page,
    signIn,
    browser,
  }, testInfo) => {
    test.setTimeout(120_000);
    await signIn.as(SPECIALIST);
    await page.getByRole('link', { name: 'MDO' }).first().click();
    await expect(page.getByRole('heading', { name: 'Multidisciplinair overleg (MDO)' })).toBeVisible();
    await expect(page.getByTestId('mdo-meeting-row')).toContainText('Tumorwerkgroep mammacarcinoom');

    // The demo case sits on tomorrow's meeting; a meeting right now lets us record its conclusion today.
    await page.getByTestId('mdo-schedule').click();
    await expect(page.getByTestId('error-alert')).toContainText('Titel');
    await page.getByTestId('mdo-title').fill('Spoed-MDO oncologie');
    // Five minutes from now in the browser's own time zone (the datetime-local field is local time).
    const local = await page.evaluate(() => {
      const soon = new Date(Date.now() + 5 * 60_000);
      return new Date(soon.getTime() - soon.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    });
    await page.getByTestId('mdo-starts-at').fill(local);
    await page.getByTestId('mdo-location').fill('Vergaderzaal J-02');
    if (await page.getByTestId('mdo-department').isVisible())
      await page.getByTestId('mdo-department').selectOption('oncology-center');
    await page.getByTestId('mdo-schedule').click();
    await expect(page.getByRole('heading', { name: 'Spoed-MDO oncologie' })).toBeVisible();
    await expectAccessible(page);

    // Move the demo case here: it is already referred to the MDO, so it is offered.
    const tomorrow = (await (await page.request.get('/api/mdo/meetings')).json()) as {
      meetings: { id: string; title: string }[];
    };
    const demo = tomorrow.meetings.find((m) => m.title === 'Tumorwerkgroep mammacarcinoom')!;
    const demoMeeting = (await (await page.request.get(`/api/mdo/meetings/${demo.id}`)).json()) as {
      agenda: { reference: string }[];
    };
    const reference = demoMeeting.agenda[0]!.reference;
    await expect(page.getByTestId('mdo-case-referral')).toBeVisible();
    const options = await page.getByTestId('mdo-case-referral').locator('option').allTextContents();
    // A case still open on another agenda is not offered twice.
    expect(options.some((o) => o.startsWith(reference))).toBe(false);
    await page.getByTestId('mdo-case-referral').selectOption({ index: 0 });
    const chosen = (await page
      .getByTestId('mdo-case-referral')
      .locator('option')
      .first()
      .textContent())!.split(' — ')[0]!;
    await page.getByTestId('mdo-case-question').fill('Behandeladvies gevraagd');
    await page.getByTestId('mdo-add-case').click();
    const item = page.locator(`[data-testid="mdo-case"][data-reference="${chosen}"]`);
    await expect(item).toBeVisible();

    await item.getByTestId('mdo-open-conclusion').click();
    await item.getByTestId('mdo-record-conclusion').click();
    await expect(item.getByTestId('error-alert')).toContainText('Diagnose');
    await item.getByTestId('mdo-diagnosis').fill('Mammacarcinoom rechts, cT1N0M0.');
    await item
      .getByTestId('mdo-treatment-advice')
      .fill('Borstsparende operatie met schildwachtklierprocedure.');
    await item.getByTestId('mdo-record-conclusion').click();
    await expect(item.getByTestId('mdo-conclusion')).toContainText('cT1N0M0');
    await expect(item.locator('[data-testid="mdo-report"][data-role="family-doctor"]')).toBeVisible();
    // The outbox delivers it shortly after: the report reaches the family doctor.
    await expect(async () => {
      await page.reload();
      await expect(
        page.locator(
          `[data-testid="mdo-case"][data-reference="${chosen}"] [data-testid="mdo-report"][data-role="family-doctor"]`,
        ),
      ).toHaveAttribute('data-status', 'sent', { timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await page.screenshot({ path: testInfo.outputPath('meeting.png'), fullPage: true });

    // On the referral: completed, the MDO report letter to the family doctor and its delivery.
    const staff = await signedIn(browser, testInfo, BACK_OFFICE);
    await staff.goto('/referrals');
    await staff.goto(
      `/referrals/${(await page.locator(`[data-testid="mdo-case"][data-reference="${chosen}"] a`).first().getAttribute('href'))!.split('/').pop()}`,
    );
    await expect(staff.locator('[data-testid="letter-row"][data-type="mdo-report"]').first()).toBeVisible();
    await expect(staff.locator('[data-testid="timeline-event"][data-type="completed"]')).toContainText(
      'cT1N0M0',
    );
  });
});
