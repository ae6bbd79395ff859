import { expect, expectAccessible, test } from '../support/fixtures.ts';
import {
  BACK_OFFICE,
  GP,
  minimalPdf,
  ReferralFormPage,
  ReferralPageObject,
  signedIn,
  SPECIALIST_NAME,
  testBsn,
  TRIAGE,
} from '../support/referrals.ts';

/**
 * The closed referral loop in the browser: a family doctor refers from the guide, the hospital asks, triages,
 * accepts or rejects and schedules, and the doctor follows every step on the timeline without phoning.
 */
test.describe('the referral loop', () => {
  test('R-REF-03, R-REF-04, R-REF-06, R-REF-08: refer without the medication list, supplement on request, accept, schedule, and follow every step', async ({
    page,
    signIn,
    browser,
  }, testInfo) => {
    test.setTimeout(180_000);
    await signIn.as(GP);
    const form = new ReferralFormPage(page);
    await form.startFromGuide('internal-medicine');
    await expectAccessible(page);

    // R-ID-01: the 11-test as the doctor types.
    await page.getByTestId('patient-bsn').fill('999990018');
    await expect(page.getByTestId('patient-bsn')).toHaveAttribute('data-bsn-status', 'invalid');
    await form.fillPatient({
      bsn: testBsn(1),
      givenName: 'Jan',
      familyName: 'Jansen-Loop',
      birthDate: '1950-03-01',
    });
    await expect(page.getByTestId('patient-bsn')).toHaveAttribute('data-bsn-status', 'valid');
    await form.fillFamilyDoctor();
    await form.fillLetter({
      reason: 'Anaemia of unknown cause; no relevant prior history.',
      'urgency-period': 'Within 4 weeks',
    });
    // R-REF-03: the medication list is shown missing, live, before sending; sending is still possible.
    await expect(form.missing()).toHaveCount(1);
    await expect(form.missing().first()).toHaveAttribute('data-key', 'letter.medication');
    await page.screenshot({ path: test.info().outputPath('loket-referral-form.png'), fullPage: true });
    await form.send();

    const doctorView = new ReferralPageObject(page);
    await doctorView.expectState('received');
    await expect(page.getByTestId('sent-notice')).toBeVisible();
    const reference = await doctorView.reference();
    const url = page.url();
    await expectAccessible(page);

    // The back office finds it on the worklist and asks for the missing medication list.
    const office = await signedIn(browser, testInfo, BACK_OFFICE);
    await office.goto('/worklist');
    await office.getByTestId('worklist-department').selectOption('internal-medicine');
    const row = office.getByTestId('worklist-row').filter({ hasText: reference });
    await expect(row).toBeVisible();
    await expect(row.getByTestId('due-status')).toBeVisible();
    await expectAccessible(office);
    await row.getByRole('link', { name: reference }).click();
    const officeView = new ReferralPageObject(office);
    await officeView.expectState('received');
    await expectAccessible(office);
    const ask = await officeView.open('request-information');
    await expect(ask.getByRole('checkbox', { name: /medications taken/i })).toBeChecked();
    await ask.getByTestId('request-message').fill('Please send the current medication list.');
    await officeView.submitDialog();
    await officeView.expectState('awaiting-information');

    // The doctor sees the request on the referral page and supplements.
    await page.reload();
    await doctorView.expectState('awaiting-information');
    await expect(page.getByTestId('missing-requested')).toContainText(/medications taken/i);
    await expect(page.getByTestId('requested-message')).toHaveText(
      'Please send the current medication list.',
    );
    await page.getByTestId('supplement-letter-medication').fill('Metformin 500 mg twice daily');
    await page.getByTestId('supplement-message').fill('Medication list added.');
    await page.getByTestId('action-supplement').click();
    await doctorView.expectState('received');

    // The back office starts triage now that nothing is missing.
    await office.reload();
    await officeView.expectState('received');
    await officeView.open('start-triage');
    await officeView.submitDialog();
    await officeView.expectState('in-triage');

    // The supervisor accepts: urgency and specialist (R-REF-04).
    const supervisor = await signedIn(browser, testInfo, TRIAGE);
    await supervisor.goto(url);
    const supervisorView = new ReferralPageObject(supervisor);
    await supervisorView.expectState('in-triage');
    const accept = await supervisorView.open('accept');
    await accept.getByRole('radio', { name: 'Spoed' }).check();
    await accept.getByRole('checkbox', { name: SPECIALIST_NAME }).check();
    await supervisorView.submitDialog();
    await supervisorView.expectState('accepted');
    await expect(supervisor.getByTestId('decision')).toContainText(SPECIALIST_NAME);
    await expect(supervisor.getByTestId('deadline-seen-within').getByTestId('due-status')).toBeVisible();

    // The back office schedules the first appointment (R-REF-06).
    await office.reload();
    await officeView.expectState('accepted');
    const schedule = await officeView.open('schedule');
    const day = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    await schedule.getByTestId('schedule-date').fill(day);
    await schedule.getByTestId('schedule-time').fill('10:30');
    await schedule.getByTestId('schedule-location').fill('Polikliniek Interne Geneeskunde, B2-P');
    await officeView.submitDialog();
    await officeView.expectState('scheduled');

    // R-REF-08: the doctor sees every step, with who and when.
    await page.reload();
    await doctorView.expectState('scheduled');
    await expect(page.getByTestId('appointment')).toContainText('Polikliniek Interne Geneeskunde, B2-P');
    expect(await doctorView.timelineTypes()).toEqual(
      expect.arrayContaining([
        'created',
        'submitted',
        'information-requested',
        'supplemented',
        'triage-started',
        'accepted',
        'scheduled',
      ]),
    );
    const event = (type: string) => page.locator(`[data-testid="timeline-event"][data-type="${type}"]`);
    await expect(event('information-requested')).toContainText('Aanvullende informatie gevraagd');
    await expect(event('information-requested')).toContainText('Eva Visser (backoffice)');
    await expect(event('information-requested')).toContainText('Please send the current medication list.');
    await expect(event('accepted')).toContainText('Dr. Floor Smit (triage)');
    await expect(event('accepted')).toContainText(SPECIALIST_NAME);
    await expect(event('scheduled')).toContainText('Polikliniek Interne Geneeskunde, B2-P');
    // Letters come from the server's letter module; where it made one, the confirmation is listed as a PDF.
    const letters = page.getByTestId('letter-row');
    if ((await letters.count()) > 0) {
      await expect(letters.first().getByRole('link')).toHaveAttribute('href', /\/letters\//);
    }
    await page.screenshot({ path: test.info().outputPath('loket-referral-page.png'), fullPage: true });
    await expectAccessible(page);
    await office.screenshot({ path: test.info().outputPath('loket-referral-staff.png'), fullPage: true });
    await office.context().close();
    await supervisor.context().close();
  });

  test('R-REF-05: the supervisor rejects with a coded reason and a redirect; the doctor sees both', async ({
    page,
    signIn,
    browser,
  }, testInfo) => {
    test.setTimeout(120_000);
    await signIn.as(GP);
    const form = new ReferralFormPage(page);
    await form.startFromGuide('internal-medicine');
    await form.fillPatient({
      bsn: testBsn(2),
      givenName: 'Piet',
      familyName: 'Pietersen-Afwijzing',
      birthDate: '1962-07-14',
    });
    await form.fillLetter({
      reason: 'Hypertension that is hard to control.',
      'urgency-period': 'Within 6 weeks',
      medication: 'Amlodipine 5 mg',
    });
    await expect(page.getByTestId('complete')).toBeVisible();
    await form.send();
    const doctorView = new ReferralPageObject(page);
    await doctorView.expectState('received');
    const url = page.url();

    const supervisor = await signedIn(browser, testInfo, TRIAGE);
    await supervisor.goto(url);
    const view = new ReferralPageObject(supervisor);
    await view.open('start-triage');
    await view.submitDialog();
    await view.expectState('in-triage');
    const reject = await view.open('reject');
    await expectAccessible(supervisor);
    await reject.getByTestId('reject-reason').selectOption('better-elsewhere');
    await reject.getByTestId('reject-explanation').fill('A general hospital can treat this closer to home.');
    await reject.getByTestId('reject-redirect').fill('Alrijne Ziekenhuis, Interne Geneeskunde');
    await view.submitDialog();
    await view.expectState('rejected');

    await page.reload();
    await doctorView.expectState('rejected');
    await expect(page.getByTestId('decision-reason')).toHaveText('Elders beter op zijn plaats');
    await expect(page.getByTestId('decision-explanation')).toHaveText(
      'A general hospital can treat this closer to home.',
    );
    await expect(page.getByTestId('decision-redirect')).toHaveText('Alrijne Ziekenhuis, Interne Geneeskunde');
    await expect(page.locator('[data-testid="timeline-event"][data-type="rejected"]')).toContainText(
      'Elders beter op zijn plaats',
    );
    await expect(page.getByTestId('action-bar')).toHaveCount(0);
    await supervisor.context().close();
  });

  test('R-REF-02: a faxed referral registered by the back office, with the original scan, joins the worklist as fax', async ({
    page,
    signIn,
  }) => {
    await signIn.as(BACK_OFFICE);
    await page.getByRole('link', { name: 'Werklijst' }).click();
    await page.getByTestId('register-referral').click();
    await expect(page.getByTestId('register-form')).toBeVisible();
    await page.getByTestId('register-department').selectOption('internal-medicine');
    await page.getByTestId('channel-fax').check();
    await page.getByTestId('register-referrer-name').fill('Dr. P. Faxer');
    await page.getByTestId('register-referrer-agb').fill('01999002');
    await new ReferralFormPage(page).fillPatient({
      bsn: testBsn(3),
      givenName: 'Fenna',
      familyName: 'Faxma',
      birthDate: '1971-11-30',
    });
    await page.getByTestId('letter-reason').fill('Raised liver enzymes, please assess.');
    await page.getByTestId('register-scan').setInputFiles({
      name: 'fax-verwijzing.pdf',
      mimeType: 'application/pdf',
      buffer: minimalPdf(),
    });
    await expectAccessible(page);
    await page.screenshot({ path: test.info().outputPath('loket-register.png'), fullPage: true });
    await page.getByTestId('register-save').click();

    const view = new ReferralPageObject(page);
    await view.expectState('received');
    await expect(page.getByTestId('referral-channel')).toHaveText('Fax');
    const doc = page.getByTestId('document-row');
    await expect(doc).toHaveCount(1);
    await expect(doc).toContainText('fax-verwijzing.pdf');
    await expect(doc).toContainText('origineel');
    const reference = await view.reference();

    await page.goto('/worklist');
    await page.getByTestId('worklist-department').selectOption('internal-medicine');
    const row = page.getByTestId('worklist-row').filter({ hasText: reference });
    await expect(row).toHaveAttribute('data-channel', 'fax');
    await expect(row.getByTestId('worklist-channel')).toHaveText('Fax');
    await expect(row).toContainText('Fenna Faxma');

    // Find it again by BSN: the number goes in the request body, never in the address (R-ID-04).
    await page.getByTestId('search-bsn').fill(testBsn(3));
    await page.getByTestId('search-submit').click();
    await expect(page.getByTestId('search-result').filter({ hasText: reference })).toBeVisible();
    expect(page.url()).not.toContain(testBsn(3));
    await page.screenshot({ path: test.info().outputPath('loket-worklist.png'), fullPage: true });
    await expectAccessible(page);
  });

  test('R-REF-10: clicking "Send" twice quickly makes one referral', async ({ page, signIn }) => {
    await signIn.as(GP);
    const form = new ReferralFormPage(page);
    await form.startFromGuide('internal-medicine');
    await form.fillPatient({
      bsn: testBsn(4),
      givenName: 'Dubbel',
      familyName: 'Klikker',
      birthDate: '1980-01-15',
    });
    await form.fillLetter({ reason: 'Fatigue.', 'urgency-period': 'Routine', medication: 'None' });
    await page.getByTestId('send-referral').dblclick();
    await new ReferralPageObject(page).expectState('received');

    await page.getByRole('navigation').getByRole('link', { name: 'Mijn verwijzingen' }).click();
    await expect(page.getByTestId('referral-list')).toBeVisible();
    await expect(page.getByTestId('referral-row').filter({ hasText: 'Dubbel Klikker' })).toHaveCount(1);
    await expectAccessible(page);
  });
  test('R-CAT-05: a stop shows its redirect before sending and keeps the referral from being sent; confirmations are checkboxes', async ({
    page,
    signIn,
  }) => {
    await signIn.as(GP);
    const form = new ReferralFormPage(page);
    await form.startFromGuide('pulmonology');
    await page.getByTestId('referral-care-path').selectOption('astma-copd');
    const stop = page.locator('[data-testid="blocker"][data-blocker="stop:astma-copd-eerste-lijn"]');
    await expect(stop).toBeVisible();
    await expect(stop.getByTestId('stop-redirect')).toContainText('Alrijne');
    await form.fillPatient({
      bsn: testBsn(5),
      givenName: 'Astrid',
      familyName: 'Stop',
      birthDate: '1970-05-05',
    });
    await form.fillLetter({ reason: 'Asthma, poorly controlled.' });
    await page.getByTestId('save-draft').click();
    await expect(page.getByTestId('draft-saved')).toBeVisible();
    // Saved, the form knows the referrer is a family doctor: the stop applies and sending is not possible.
    await expect(page).toHaveURL(/\/referrals\/[0-9a-f-]{36}$/);
    await expect(stop).toBeVisible();
    await expect(page.getByTestId('send-referral')).toBeDisabled();
    await page.screenshot({ path: test.info().outputPath('loket-stop.png'), fullPage: true });

    // Psychiatry: the doctor confirms it is not about somatic symptom disorder, and that they treat the patient.
    await form.startFromGuide('psychiatry');
    const confirmations = page.getByTestId('confirmations');
    await expect(confirmations.getByTestId('confirm-stop:somatic-symptom-disorder')).toBeVisible();
    await expect(page.getByTestId('send-referral')).toBeDisabled();
    for (const box of await confirmations.getByRole('checkbox').all()) await box.check();
    await expect(page.getByTestId('send-referral')).toBeEnabled();
    await expectAccessible(page);
  });
});
