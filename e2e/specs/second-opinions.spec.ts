import { testDicom } from '../../packages/server/src/second-opinions/dicom-fixture.ts';
import { expect, expectAccessible, test } from '../support/fixtures.ts';
import {
  minimalPdf,
  ReferralFormPage,
  ReferralPageObject,
  signedIn,
  testBsn,
  TRIAGE,
} from '../support/referrals.ts';

const NEUROLOGIST = 'neuroloog@demo.loket.nl';

/** A 1×1 PNG: a "photo of the scan", which a second opinion cannot use. */
const photo = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC',
  'base64',
);

/**
 * Second opinions in the browser (R-SO-01 … R-SO-10): a specialist asks for one with the patient's consent, sees
 * the MRSA and DICOM items missing, completes the dossier (a photo is refused, a DICOM file shows its study, a German
 * letter is refused), the review clock starts, and the triage supervisor records a video consult; a refusal needs a
 * weighty reason with its reasoning.
 */
test.describe('second opinions', () => {
  test('R-SO-02, R-SO-03, R-SO-04, R-SO-05, R-SO-06: request, dossier with DICOM, review clock, video consult', async ({
    page,
    signIn,
    browser,
  }, testInfo) => {
    test.setTimeout(240_000);
    await signIn.as(NEUROLOGIST);
    const form = new ReferralFormPage(page);
    await form.startFromGuide('oncology-center');
    await page.getByTestId('referral-kind').selectOption('second-opinion');
    await expect(page.getByTestId('second-opinion-fields')).toBeVisible();
    await form.fillPatient({
      bsn: testBsn(71),
      givenName: 'Ria',
      familyName: 'Tweedemening',
      birthDate: '1963-06-12',
    });
    await form.fillLetter({ reason: 'Second opinion on the proposed treatment of a glioma.' });
    await page.getByTestId('so-question').fill('Is re-resection an option instead of radiotherapy?');
    await page.getByTestId('so-specialist-name').fill('Dr. Bram Jansen');
    await page.getByTestId('so-specialist-organisation').fill('Ziekenhuis aan de Rijn');
    await page.getByTestId('so-imaging-done').check();
    await page.getByTestId('so-treated-abroad').check();
    // R-SO-02: a doctor confirms the patient was consulted before the request can be sent.
    await expect(
      form.missing().and(page.locator('[data-key="secondOpinion.patientConsulted"]')),
    ).toBeVisible();
    await page.getByTestId('so-patient-consulted').check();
    await expect(page.locator('[data-key="secondOpinion.patientConsulted"]')).toHaveCount(0);
    await expectAccessible(page);
    await page.screenshot({ path: test.info().outputPath('so-form.png'), fullPage: true });
    await form.send();

    const view = new ReferralPageObject(page);
    await view.expectState('received');
    const url = page.url();
    const panel = page.getByTestId('second-opinion-panel');
    await expect(panel).toBeVisible();
    await expect(panel.getByTestId('so-main-practitioner-value')).toContainText('Dr. Bram Jansen');
    await expect(panel.getByTestId('so-review-waiting')).toBeVisible();
    // R-SO-04: MRSA (treated abroad) and the DICOM images (imaging done) are missing.
    const item = (kind: string) => panel.locator(`[data-testid="so-item"][data-kind="${kind}"]`);
    await expect(item('mrsa-screening')).toHaveAttribute('data-present', 'false');
    await expect(item('imaging')).toHaveAttribute('data-present', 'false');

    // A photo sent as the images is refused, saying to send DICOM.
    await page.getByTestId('so-upload-imaging-file').setInputFiles({
      name: 'foto-scan.png',
      mimeType: 'image/png',
      buffer: photo,
    });
    await expect(page.getByTestId('so-upload-imaging').getByTestId('error-alert')).toContainText(
      'geen DICOM',
    );
    await expect(page.getByTestId('so-upload-imaging').getByTestId('error-alert')).toContainText(
      'fotomappen',
    );

    // A DICOM file is accepted and its study shows.
    await page.getByTestId('so-upload-imaging-file').setInputFiles({
      name: 'mri.dcm',
      mimeType: 'application/dicom',
      buffer: testDicom({ modality: 'MR', studyDescription: 'MRI HERSENEN', studyDate: '20261005' }),
    });
    await expect(panel.getByTestId('so-dicom-study')).toContainText('MR · MRI HERSENEN');
    await expect(item('imaging')).toHaveAttribute('data-present', 'true');

    // R-SO-05: a German letter is refused, asking for a translation.
    await page.getByTestId('so-upload-correspondence-language').selectOption('de');
    await page.getByTestId('so-upload-correspondence-file').setInputFiles({
      name: 'arztbrief.pdf',
      mimeType: 'application/pdf',
      buffer: minimalPdf(),
    });
    await expect(page.getByTestId('so-upload-correspondence').getByTestId('error-alert')).toContainText(
      'vertalen',
    );
    await page.screenshot({ path: test.info().outputPath('so-refusals.png'), fullPage: true });

    for (const kind of ['correspondence', 'pathology-report', 'imaging-report', 'mrsa-screening']) {
      if (kind === 'correspondence') await page.getByTestId(`so-upload-${kind}-language`).selectOption('en');
      await page.getByTestId(`so-upload-${kind}-file`).setInputFiles({
        name: `${kind}.pdf`,
        mimeType: 'application/pdf',
        buffer: minimalPdf(),
      });
      await expect(item(kind)).toHaveAttribute('data-present', 'true');
    }

    // R-SO-03: the dossier is complete, the review clock runs and the case is in review.
    const clock = panel.getByTestId('so-review-clock');
    await expect(clock).toHaveAttribute('data-due', /^\d{4}-\d{2}-\d{2}$/);
    await view.expectState('in-triage');
    await expectAccessible(page);
    await page.screenshot({ path: test.info().outputPath('so-dossier-complete.png'), fullPage: true });

    // R-SO-06: the triage supervisor invites the patient for a video consult.
    const supervisor = await signedIn(browser, testInfo, TRIAGE);
    await supervisor.goto(url);
    const outcomeForm = supervisor.getByTestId('so-outcome-form');
    await expect(outcomeForm).toBeVisible();
    await outcomeForm.getByTestId('so-choice-invite-video').check();
    await outcomeForm.getByTestId('so-examinations').fill('MRI with contrast');
    await expectAccessible(supervisor);
    await outcomeForm.getByTestId('so-outcome-save').click();
    await expect(supervisor.getByTestId('so-outcome')).toHaveAttribute('data-kind', 'invite');
    await expect(supervisor.getByTestId('so-outcome')).toContainText('videoconsult');
    await new ReferralPageObject(supervisor).expectState('accepted');
    // R-SO-10: the page says the advice waits for the consult.
    await expect(supervisor.getByTestId('so-consult-first')).toBeVisible();
    await supervisor.screenshot({ path: test.info().outputPath('so-outcome.png'), fullPage: true });

    // The requester sees the outcome on the referral page too.
    await page.reload();
    await expect(page.getByTestId('so-outcome')).toHaveAttribute('data-kind', 'invite');
  });

  test('R-SO-08: a refusal needs a weighty reason with its reasoning', async ({ page, signIn }) => {
    await signIn.as(TRIAGE);
    await page.goto('/worklist');
    await page.getByTestId('worklist-department').selectOption('oncology-center');
    await page.getByTestId('worklist-row').filter({ hasText: 'Dekker' }).getByRole('link').first().click();
    const outcomeForm = page.getByTestId('so-outcome-form');
    await expect(outcomeForm).toBeVisible();
    await outcomeForm.getByTestId('so-choice-refusal').check();
    await outcomeForm.getByTestId('so-weighty-reason').fill('Ernstige bedreiging van medewerkers');
    await outcomeForm.getByTestId('so-note').fill('Te kort.');
    await outcomeForm.getByTestId('so-outcome-save').click();
    await expect(outcomeForm.getByTestId('error-alert')).toContainText('reasoning');
    await outcomeForm
      .getByTestId('so-note')
      .fill(
        'De patiënt heeft bij een eerder bezoek twee verpleegkundigen bedreigd; de raad van bestuur legde een bezoekverbod op.',
      );
    await outcomeForm.getByTestId('so-outcome-save').click();
    await expect(page.getByTestId('so-outcome')).toHaveAttribute('data-kind', 'refusal');
    await new ReferralPageObject(page).expectState('rejected');
    await page.screenshot({ path: test.info().outputPath('so-refusal.png'), fullPage: true });
  });
});
