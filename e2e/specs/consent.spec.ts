import type { Page } from '@playwright/test';
import { expect, expectAccessible, test } from '../support/fixtures.ts';
import { BACK_OFFICE, GP, signedIn } from '../support/referrals.ts';

const PATIENT = 'patient@demo.loket.nl';

interface Overview {
  letters: { releasedAt: string | null }[];
}

/** The demo referral of the signed-in patient whose results letter waits for consent (seeded by demo/consent.ts). */
async function waitingReferral(page: Page): Promise<{ id: string; reference: string }> {
  const list = (await (await page.request.get('/api/referrals')).json()) as {
    items?: { id: string; reference: string; state: string }[];
    referrals?: { id: string; reference: string; state: string }[];
  };
  const items = list.items ?? list.referrals ?? [];
  for (const r of items.filter((x) => x.state === 'completed')) {
    const res = await page.request.get(`/api/referrals/${r.id}/consent`);
    if (!res.ok()) continue;
    const o = (await res.json()) as Overview;
    if (o.letters.some((l) => l.releasedAt === null)) return r;
  }
  throw new Error('no demo referral with a letter waiting for consent');
}

/**
 * Letters that wait for consent (R-CON-01, R-CON-03, R-COM-02, R-COM-04): the demo patient's treatment has
 * ended; the results letter to the family doctor is made but waits. The patient sees the wait, gives consent in
 * the portal, and sees the letter sent; staff and the family doctor see the consent with who, when and how.
 */
test.describe('consent', () => {
  test('R-CON-03, R-COM-02: the patient sees the waiting letter, gives consent, and sees it sent', async ({
    page,
    signIn,
    browser,
  }, testInfo) => {
    test.setTimeout(120_000);
    await signIn.as(PATIENT);
    const referral = await waitingReferral(page);

    await page.goto('/referrals');
    await page
      .locator(`[data-testid="referral-row"][data-reference="${referral.reference}"]`)
      .getByRole('link')
      .click();
    const panel = page.getByTestId('consent-panel');
    await expect(panel.getByRole('heading', { name: 'Toestemming' })).toBeVisible();
    await expect(panel.getByTestId('consent-waiting-summary')).toContainText('wacht op toestemming');
    const letter = panel.getByTestId('consent-letter').first();
    await expect(letter).toHaveAttribute('data-status', 'waiting');
    await expect(letter).toContainText(/Wacht op toestemming sinds \d+ \w+\.? \d{4}/);
    // R-COM-04: the record says whether treatment ended.
    await expect(page.getByTestId('decision-end-of-treatment')).toHaveText('Einde behandeling');
    await expectAccessible(page);
    await page.screenshot({ path: testInfo.outputPath('waiting.png'), fullPage: true });

    await panel.getByTestId('consent-give').click();
    await expect(panel.getByTestId('consent-record')).toHaveCount(1);
    await expect(panel.getByTestId('consent-record')).toContainText('zelf gegeven in het portaal');
    await expect(panel.getByTestId('consent-ask')).toBeHidden();
    // Released in the same step; the outbox worker delivers it shortly after.
    await expect(async () => {
      await page.reload();
      await expect(page.getByTestId('consent-letter').first()).toHaveAttribute('data-status', 'sent', {
        timeout: 1_000,
      });
    }).toPass({ timeout: 30_000 });
    await expect(page.getByTestId('consent-letter').first()).toContainText(/Verstuurd op/);
    await expect(page.locator('[data-testid="timeline-event"][data-type="letters-released"]')).toBeVisible();
    await page.screenshot({ path: testInfo.outputPath('sent.png'), fullPage: true });

    // Staff see who gave it, when and how, and no letter waits any more in the letter list.
    const staff = await signedIn(browser, testInfo, BACK_OFFICE);
    await staff.goto(`/referrals/${referral.id}`);
    const record = staff.getByTestId('consent-record');
    await expect(record).toContainText('Vastgelegd door Daan Bakker');
    await expect(record).toContainText('zelf gegeven in het portaal');
    await expect(record).toContainText('Brief met de uitkomst van de behandeling');
    await expect(staff.getByTestId('letter-waiting-badge')).toHaveCount(0);

    // The patient withdraws; the record stays, stamped with the reason.
    await page.getByTestId('consent-withdraw').click();
    await page.getByTestId('consent-withdraw-confirm').click();
    await expect(page.getByTestId('error-alert')).toContainText('Geef de reden');
    await page.getByTestId('consent-withdraw-reason').fill('Ik wil het eerst met mijn huisarts bespreken');
    await page.getByTestId('consent-withdraw-confirm').click();
    await expect(page.getByTestId('consent-withdrawn-info')).toContainText(
      'Ik wil het eerst met mijn huisarts bespreken',
    );
  });

  test('R-CON-01: the family doctor sees consent given on a signed form; a letter still waiting is marked in the letter list', async ({
    page,
    signIn,
  }) => {
    await signIn.as(GP);
    const list = (await (await page.request.get('/api/referrals')).json()) as {
      items?: { id: string; state: string }[];
      referrals?: { id: string; state: string }[];
    };
    const items = (list.items ?? list.referrals ?? []).filter((r) => r.state === 'completed');
    let signed: string | null = null;
    let waiting: string | null = null;
    for (const r of items) {
      const res = await page.request.get(`/api/referrals/${r.id}/consent`);
      if (!res.ok()) continue;
      const o = (await res.json()) as Overview & { records: { method: string }[] };
      if (o.records.some((x) => x.method === 'signed-form')) signed = r.id;
      if (o.letters.some((l) => l.releasedAt === null)) waiting = r.id;
    }
    expect(signed).not.toBeNull();
    await page.goto(`/referrals/${signed}`);
    await expect(page.getByTestId('consent-record')).toContainText('getekend formulier');
    await expect(page.getByTestId('decision-end-of-treatment')).toHaveText('Behandeling loopt door');
    // The demo's older completed referral (no consent yet) shows the wait in its letter list.
    if (waiting) {
      await page.goto(`/referrals/${waiting}`);
      await expect(page.getByTestId('letter-waiting-badge').first()).toContainText(
        'Wacht op toestemming sinds',
      );
      await expect(page.getByTestId('consent-record-open')).toHaveText(
        'Toestemming van de patiënt bevestigen',
      );
    }
    await expectAccessible(page);
    // For doctors abroad: the same in English.
    await page.goto(`/referrals/${signed}?lang=en`);
    await expect(page.getByTestId('consent-panel').getByRole('heading', { name: 'Consent' })).toBeVisible();
    await expect(page.getByTestId('consent-record').first()).toContainText('Recorded by');
    await expect(page.getByTestId('consent-record').first()).toContainText('signed form');
  });
});
