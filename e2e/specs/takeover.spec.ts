import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures.ts';
import { signedIn, TRIAGE } from '../support/referrals.ts';

const TREATING = 'neuroloog@demo.loket.nl';
const SPECIALIST = 'specialist@demo.loket.nl';

/** Axe on the takeover panel only: the rest of the referral page belongs to other capabilities. */
async function expectPanelAccessible(page: Page) {
  const results = await new AxeBuilder({ page })
    .include('[data-testid="takeover-panel"]')
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}

/**
 * Takeover of treatment after a second opinion (R-TO-01 … 03): the treating specialist asks for a takeover from the
 * second-opinion page; it becomes a separate, linked request. Until it is confirmed the treating specialist stays
 * main practitioner and the current hospital responsible; the patient's choice is recorded, the hospital's
 * specialist confirms, and the treating specialist and family doctor receive a letter.
 */
test.describe('takeover of treatment', () => {
  test('R-TO-01, R-TO-02, R-TO-03: a takeover after a second opinion', async ({
    page,
    signIn,
    browser,
  }, testInfo) => {
    test.setTimeout(120_000);
    await signIn.as(TREATING);
    const list = (await (await page.request.get('/api/referrals')).json()) as {
      referrals: { id: string; kind: string; reference: string; patientName: string | null }[];
    };
    const so = list.referrals.find((r) => r.kind === 'second-opinion' && r.patientName === 'Kees Smit');
    expect(so, 'the demo has a second opinion of the treating neurologist').toBeTruthy();
    await page.goto(`/referrals/${so!.id}`);
    const panel = page.getByTestId('takeover-panel');
    await expect(panel.getByTestId('main-practitioner-name')).toContainText('Dr. Bram Jansen');
    await expect(panel.getByTestId('main-practitioner-name')).toContainText('Ziekenhuis aan de Rijn');
    await expect(panel.getByTestId('responsibility')).toHaveAttribute('data-responsible', 'current-hospital');
    await expect(panel.getByTestId('responsibility')).toContainText('ook voor acute zorg');

    await panel.getByTestId('request-takeover').click();
    const link = panel.getByTestId('takeover-link');
    await expect(link).toContainText('Overname van de behandeling aangevraagd door Dr. Bram Jansen');
    await expectPanelAccessible(page);
    await page.screenshot({ path: testInfo.outputPath('second-opinion.png'), fullPage: true });
    await link.getByRole('link').click();
    await expect(page.getByTestId('takeover-second-opinion-link')).toContainText(so!.reference);
    const takeoverUrl = page.url();
    // Still the treating specialist, and the current hospital stays responsible until confirmation (R-TO-02).
    await expect(page.getByTestId('main-practitioner-name')).toContainText('Dr. Bram Jansen');
    await expect(page.getByTestId('responsibility')).toHaveAttribute('data-responsible', 'current-hospital');

    // The triage supervisor records what the patient chose (R-TO-03).
    const triage = await signedIn(browser, testInfo, TRIAGE);
    await triage.goto(takeoverUrl);
    const tp = triage.getByTestId('takeover-panel');
    await expect(tp.getByTestId('main-practitioner-name')).toContainText('Dr. Bram Jansen');
    await tp.getByLabel('In dit ziekenhuis (overname)').check();
    await tp.getByTestId('record-choice').click();
    await expect(tp.getByTestId('takeover-choice')).toContainText(
      'De patiënt kiest voor behandeling in dit ziekenhuis',
    );
    await expect(tp.getByTestId('main-practitioner-name')).toContainText('Dr. Bram Jansen');

    // The specialist confirms: from now on the hospital's specialist is main practitioner.
    const specialist = await signedIn(browser, testInfo, SPECIALIST);
    await specialist.goto(takeoverUrl);
    const sp = specialist.getByTestId('takeover-panel');
    await sp.getByTestId('confirm-takeover').click();
    await expect(sp.getByTestId('main-practitioner-name')).toContainText('Dr. Gijs Mulder');
    await expect(sp.getByTestId('responsibility')).toHaveAttribute('data-responsible', 'this-hospital');
    await expect(sp.getByTestId('main-practitioner-history')).toContainText('Dr. Bram Jansen');
    await expect(
      specialist.locator('[data-testid="letter-row"][data-type="takeover-confirmed"]'),
    ).toHaveCount(2);
    await expect(
      specialist.locator('[data-testid="timeline-event"][data-type="takeover-confirmed"]'),
    ).toBeVisible();
    await expectPanelAccessible(specialist);
    await specialist.screenshot({ path: testInfo.outputPath('confirmed.png'), fullPage: true });

    // The treating specialist sees the change on the second opinion too.
    await page.goto(`/referrals/${so!.id}`);
    await expect(page.getByTestId('main-practitioner-name')).toContainText('Dr. Gijs Mulder');
  });
});
