import type { Page } from '@playwright/test';
import { testDicom } from '../../packages/server/src/second-opinions/dicom-fixture.ts';
import { expect, test } from '../support/fixtures.ts';
import { confirmLinkFor } from '../support/mail.ts';
import { BACK_OFFICE, minimalPdf, ReferralPageObject, signedIn, TRIAGE } from '../support/referrals.ts';

const PASSWORD = 'a long password for my portal';
const CARE_ADMINISTRATION = 'zorgadministratie@demo.loket.nl';
const SPECIALIST = 'specialist@demo.loket.nl';

/** Uploads one dossier item on the second-opinion panel, in English, and waits until it counts as present. */
async function upload(page: Page, kind: string, file: { name: string; mimeType: string; buffer: Buffer }) {
  await expect(page.getByTestId(`so-upload-${kind}-file`)).toBeAttached();
  // Images carry no language; every other document is in Dutch or English (R-SO-05).
  if (kind !== 'imaging') await page.getByTestId(`so-upload-${kind}-language`).selectOption('en');
  await page.getByTestId(`so-upload-${kind}-file`).setInputFiles(file);
  await expect(page.locator(`[data-testid="so-item"][data-kind="${kind}"]`).first()).toHaveAttribute(
    'data-present',
    'true',
  );
}

/**
 * The whole second-opinion journey of issue 4, across every party: a patient living abroad asks for a second
 * opinion herself, is told what is missing (MRSA screening, a Dutch or English letter), uploads it with a DICOM study,
 * is not covered by her insurer and pays the advance, gets a video consult, the case goes to the MDO, and the advice
 * reaches her family doctor.
 */
test.describe('second-opinion journey', () => {
  test('R-SO-02, R-SO-03, R-SO-04, R-COST-03, R-COST-04, R-SO-06, R-SO-07, R-COM-01: from the patient abroad to the family doctor', async ({
    page,
    browser,
  }, testInfo) => {
    test.setTimeout(300_000);
    const email = `lena.vogel.${Date.now()}@example.org`;
    const familyDoctor = `hausarzt.${Date.now()}@example.org`;

    // The patient asks, in English, without anyone's permission (R-SO-02).
    await page.goto('/second-opinion/request?lang=en');
    const form = page.getByTestId('second-opinion-request-form');
    await form.getByLabel('Given name').fill('Lena');
    await form.getByLabel('Family name').fill('Vogel');
    await form.getByLabel('Date of birth').fill('1971-09-14');
    await form.getByLabel('I have a Dutch citizen service number (BSN)').uncheck();
    await form.getByLabel('Country where you live').selectOption({ label: 'Germany' });
    await form.getByLabel('Street').fill('Lindenallee');
    await form.getByLabel('House number').fill('7');
    await form.getByLabel('Postcode').fill('40210');
    await form.getByLabel('Town').fill('Düsseldorf');
    await form.getByTestId('pp-email').fill(email);
    await form.getByLabel('Phone number').fill('+49 211 1234567');
    await form.getByLabel('Department').selectOption({ label: 'Oncology Center' });
    await form
      .getByLabel('Your question for the second doctor')
      .fill('Is neoadjuvant chemotherapy better for me than surgery first?');
    await form.getByLabel('Name of your treating specialist').fill('Dr. M. Hoffmann');
    await form.getByLabel('Hospital of your treating specialist').fill('Universitätsklinikum Düsseldorf');
    await form.getByLabel('Your family doctor (optional)').fill('Dr. P. Braun');
    await form.getByLabel("Your family doctor's e-mail address (optional)").fill(familyDoctor);
    await form.getByLabel('I was treated in a hospital outside the Netherlands').check();
    await form.getByLabel(/Scans or X-rays were made/).check();
    await form.getByLabel('Password for your patient account').fill(PASSWORD);
    await form.getByLabel('I have read what I arrange myself').check();
    await form.getByLabel(/I give consent for my medical records/).check();
    await form.getByRole('button', { name: 'Send my request' }).click();
    // She confirms her address with the link in the e-mail and signs in (docs/security.md section 7).
    await expect(page.getByTestId('pp-check-email')).toBeVisible();
    await page.goto(await confirmLinkFor(email));
    await page.getByTestId('pp-confirm-password').fill(PASSWORD);
    await page.getByTestId('pp-confirm-sign-in').click();

    // In her portal she is told what is missing: the MRSA result and a Dutch or English letter (R-SO-04).
    await expect(page).toHaveURL(/\/portal$/);
    const request = page.getByTestId('pp-request');
    const missing = request.getByTestId('pp-missing');
    await expect(missing).toContainText(/MRSA/);
    await expect(missing).toContainText(/letter/i);
    const href = (await request.getByTestId('pp-open-request').getAttribute('href'))!;
    const referralUrl = href;

    // She uploads the letter, the reports, the MRSA result and the DICOM study on her request page.
    await page.goto(referralUrl);
    const view = new ReferralPageObject(page);
    await view.expectState('received');
    for (const kind of ['correspondence', 'pathology-report', 'imaging-report', 'mrsa-screening'])
      await upload(page, kind, { name: `${kind}.pdf`, mimeType: 'application/pdf', buffer: minimalPdf() });
    await upload(page, 'imaging', {
      name: 'ct-thorax.dcm',
      mimeType: 'application/dicom',
      buffer: testDicom({ modality: 'CT', studyDescription: 'CT THORAX', studyDate: '20261102' }),
    });
    await expect(page.getByTestId('so-dicom-study')).toContainText('CT · CT THORAX');

    // The dossier is complete: the review clock runs (R-SO-03).
    await expect(page.getByTestId('so-review-clock')).toHaveAttribute('data-due', /^\d{4}-\d{2}-\d{2}$/);
    await view.expectState('in-triage');

    // Insured in Germany and not covered: she records what her insurer said (R-COST-01).
    await page.getByTestId('costs-insurance-open').click();
    await page.getByTestId('costs-insurer-input').fill('AOK Rheinland');
    await page.getByTestId('costs-policy-input').fill('A123456789');
    await page.getByTestId('costs-country-input').selectOption('DE');
    await page.getByTestId('costs-insurance-save').click();
    await page.getByTestId('costs-coverage-open').click();
    await page.getByTestId('costs-coverage').getByLabel('Not covered').check();
    await page.getByTestId('costs-coverage-save').click();
    await expect(page.getByTestId('costs-coverage-outcome')).toHaveAttribute('data-outcome', 'not-covered');
    await expect(page.getByTestId('costs-advance-status')).toHaveAttribute('data-paid', 'false');
    await page.screenshot({ path: testInfo.outputPath('patient-dossier-complete.png'), fullPage: true });

    // The triage supervisor invites her for a video consult (R-SO-06).
    const triage = await signedIn(browser, testInfo, TRIAGE);
    await triage.goto(referralUrl);
    const outcome = triage.getByTestId('so-outcome-form');
    await outcome.getByTestId('so-choice-invite-video').check();
    await outcome.getByTestId('so-outcome-save').click();
    await new ReferralPageObject(triage).expectState('accepted');

    // Care administration records the advance and the costs team's clearance (R-COST-03, R-COST-04).
    const care = await signedIn(browser, testInfo, CARE_ADMINISTRATION);
    await care.goto(`/costs/${referralUrl.split('/').pop()}`);
    await care.getByTestId('costs-payment-open').click();
    await care.getByLabel(/^Betaald bedrag/).fill('500,00');
    await care.getByLabel(/^Betalingskenmerk/).fill('DE-2026-77');
    await care.getByTestId('costs-payment-save').click();
    await expect(care.getByTestId('costs-advance-status')).toHaveAttribute('data-paid', 'true');
    await care.getByTestId('costs-abroad-open').click();
    await care.getByTestId('costs-abroad').getByLabel('Voorschot betaald').check();
    await care.getByTestId('costs-abroad-save').click();
    await expect(care.getByTestId('costs-abroad-status')).toHaveAttribute('data-cleared', 'true');

    // The back office plans the video consult; the patient sees the link in her portal.
    const office = await signedIn(browser, testInfo, BACK_OFFICE);
    await office.goto(referralUrl);
    const officeView = new ReferralPageObject(office);
    const schedule = await officeView.open('schedule');
    const day = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    await schedule.getByTestId('schedule-date').fill(day);
    await schedule.getByTestId('schedule-time').fill('14:00');
    await schedule.getByTestId('schedule-video').fill('https://video.example.org/room/vogel');
    await officeView.submitDialog();
    await officeView.expectState('scheduled');
    await page.goto('/portal');
    await expect(page.getByTestId('pp-appointment')).toContainText('video', { ignoreCase: true });

    // The specialist holds the consult and puts the case on a multidisciplinary meeting (R-SO-07).
    const specialist = await signedIn(browser, testInfo, SPECIALIST);
    await specialist.goto(referralUrl);
    const specialistView = new ReferralPageObject(specialist);
    await specialistView.open('record-consult');
    await specialistView.submitDialog();
    await specialistView.expectState('seen');
    await specialist.goto('/mdo');
    const local = await specialist.evaluate(() => {
      const soon = new Date(Date.now() + 5 * 60_000);
      return new Date(soon.getTime() - soon.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    });
    await specialist.getByTestId('mdo-title').fill('MDO second opinions');
    await specialist.getByTestId('mdo-starts-at').fill(local);
    await specialist.getByTestId('mdo-location').fill('Vergaderzaal J-02');
    if (await specialist.getByTestId('mdo-department').isVisible())
      await specialist.getByTestId('mdo-department').selectOption('oncology-center');
    await specialist.getByTestId('mdo-schedule').click();
    await expect(specialist.getByRole('heading', { name: 'MDO second opinions' })).toBeVisible();
    const reference = await (async () => {
      await page.goto(referralUrl);
      return new ReferralPageObject(page).reference();
    })();
    const option = specialist.getByTestId('mdo-case-referral').locator('option', { hasText: reference });
    await specialist.getByTestId('mdo-case-referral').selectOption((await option.getAttribute('value'))!);
    await specialist.getByTestId('mdo-case-question').fill('Neoadjuvant chemotherapy or surgery first?');
    await specialist.getByTestId('mdo-add-case').click();
    const item = specialist.locator(`[data-testid="mdo-case"][data-reference="${reference}"]`);
    await item.getByTestId('mdo-open-conclusion').click();
    await item.getByTestId('mdo-diagnosis').fill('Mammacarcinoom links, cT2N1M0.');
    await item.getByTestId('mdo-treatment-advice').fill('Neoadjuvante chemotherapie, daarna operatie.');
    await item.getByTestId('mdo-record-conclusion').click();
    await expect(item.getByTestId('mdo-conclusion')).toContainText('cT2N1M0');

    // The advice reaches the family doctor at once (R-COM-01): the report is delivered to her address.
    await expect(async () => {
      await specialist.reload();
      await expect(
        specialist.locator(
          `[data-testid="mdo-case"][data-reference="${reference}"] [data-testid="mdo-report"][data-role="family-doctor"]`,
        ),
      ).toHaveAttribute('data-status', 'sent', { timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await page.goto(referralUrl);
    await new ReferralPageObject(page).expectState('completed');
    await page.screenshot({ path: testInfo.outputPath('patient-completed.png'), fullPage: true });
  });
});
