import { expect, expectAccessible, test } from '../support/fixtures.ts';
import {
  BACK_OFFICE,
  GP,
  ReferralFormPage,
  ReferralPageObject,
  signedIn,
  SPECIALIST_NAME,
  testBsn,
  TRIAGE,
} from '../support/referrals.ts';

const todayInAmsterdam = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());

/**
 * Quick cancer diagnosis in the browser (R-QD-01): the family doctor refers with the patient's choice and the tumour
 * type, the referral gets its next-day target, the back office plans the examinations of that day, and the diagnosis
 * due date is shown to everyone following the referral.
 */
test.describe('quick cancer diagnosis', () => {
  test('R-QD-01, R-WD-02: a quick-diagnosis referral gets a next-day target, a day plan and a diagnosis due date', async ({
    page,
    signIn,
    browser,
  }, testInfo) => {
    test.setTimeout(180_000);
    await signIn.as(GP);
    const form = new ReferralFormPage(page);
    await form.startFromGuide('oncology-center');
    await page.getByTestId('referral-kind').selectOption('quick-diagnosis');
    await expect(page.getByTestId('quick-diagnosis-fields')).toBeVisible();
    await form.fillPatient({
      bsn: testBsn(61),
      givenName: 'Bert',
      familyName: 'Snelweg',
      birthDate: '1954-09-09',
    });
    await form.fillLetter({ reason: 'Painless haematuria; bladder wall thickening on ultrasound.' });
    // The patient's choice and the tumour type are asked for before sending.
    await expect(form.missing().and(page.locator('[data-key="quickDiagnosis.tumourType"]'))).toBeVisible();
    await expect(form.missing().and(page.locator('[data-key="quickDiagnosis.patientChoice"]'))).toBeVisible();
    await page.getByLabel('Tumorsoort').selectOption('bladder');
    await page.getByLabel('De patiënt heeft gekozen voor sneldiagnostiek').check();
    await expect(page.locator('[data-key^="quickDiagnosis."]')).toHaveCount(0);
    await expectAccessible(page);
    await page.screenshot({ path: test.info().outputPath('quick-diagnosis-form.png'), fullPage: true });
    await form.send();

    const doctorView = new ReferralPageObject(page);
    await doctorView.expectState('received');
    const url = page.url();
    const reference = await doctorView.reference();
    const firstVisit = page.getByTestId('quick-diagnosis-first-visit');
    await expect(firstVisit).toHaveAttribute('data-due', /^\d{4}-\d{2}-\d{2}$/);
    const target = (await firstVisit.getAttribute('data-due'))!;
    const today = todayInAmsterdam();
    expect(target > today).toBe(true);
    expect((Date.parse(target) - Date.parse(today)) / 86_400_000).toBeLessThanOrEqual(5);
    await expect(firstVisit).toContainText('1 werkdag');
    await expect(page.getByTestId('quick-diagnosis-tumour-type')).toContainText('Blaaskanker');
    await expectAccessible(page);

    // The worklist shows the quick diagnosis with its tight target.
    const office = await signedIn(browser, testInfo, BACK_OFFICE);
    await office.goto('/worklist');
    await office.getByTestId('worklist-department').selectOption('oncology-center');
    const row = office.getByTestId('worklist-row').filter({ hasText: reference });
    await expect(row.getByTestId('worklist-quick-diagnosis')).toContainText('Blaaskanker');
    await expect(row.getByTestId('qd-first-visit-status')).toHaveAttribute('data-status', 'at-risk');
    await expectAccessible(office);
    await office.screenshot({ path: test.info().outputPath('quick-diagnosis-worklist.png'), fullPage: true });

    // Triage and acceptance: seen within the next working day.
    const supervisor = await signedIn(browser, testInfo, TRIAGE);
    await supervisor.goto(url);
    const supervisorView = new ReferralPageObject(supervisor);
    await supervisorView.open('start-triage');
    await supervisorView.submitDialog();
    const accept = await supervisorView.open('accept');
    await accept.getByRole('checkbox', { name: SPECIALIST_NAME }).check();
    await supervisorView.submitDialog();
    await supervisorView.expectState('accepted');
    await supervisor.context().close();

    // The back office makes the appointment on the target day and plans that day's examinations.
    await office.goto(url);
    const officeView = new ReferralPageObject(office);
    await officeView.expectState('accepted');
    const schedule = await officeView.open('schedule');
    await schedule.getByTestId('schedule-date').fill(target);
    await schedule.getByTestId('schedule-time').fill('08:30');
    await schedule.getByTestId('schedule-location').fill('Oncologisch Centrum, polikliniek J1');
    await officeView.submitDialog();
    await officeView.expectState('scheduled');
    const diagnosis = office.getByTestId('quick-diagnosis-diagnosis');
    await expect(diagnosis).toHaveAttribute('data-due', /^\d{4}-\d{2}-\d{2}$/);
    const diagnosisDue = (await diagnosis.getAttribute('data-due'))!;
    expect(diagnosisDue > target).toBe(true);
    await expect(diagnosis).toContainText('2 werkdagen');
    await expect(office.getByTestId('day-plan-empty')).toBeVisible();

    const plan = office.getByTestId('day-plan-form');
    await plan.getByLabel('Onderzoek 1', { exact: true }).selectOption('consultation');
    await plan.getByLabel('Tijd onderzoek 1').fill('08:30');
    await plan.getByTestId('day-plan-add').click();
    await plan.getByLabel('Onderzoek 2', { exact: true }).selectOption('blood-test');
    await plan.getByLabel('Tijd onderzoek 2').fill('08:30');
    await plan.getByTestId('day-plan-add').click();
    await plan.getByLabel('Onderzoek 3', { exact: true }).selectOption('ct');
    await plan.getByLabel('Tijd onderzoek 3').fill('10:15');
    await plan.getByLabel('Locatie onderzoek 3').fill('Radiologie C3');
    // Two examinations at once are refused; the plan stays as typed.
    await plan.getByTestId('day-plan-save').click();
    await expect(plan.getByTestId('error-alert')).toBeVisible();
    await expect(plan.getByLabel('Locatie onderzoek 3')).toHaveValue('Radiologie C3');
    await plan.getByLabel('Tijd onderzoek 2').fill('09:00');
    await plan.getByTestId('day-plan-save').click();
    await expect(office.getByTestId('day-plan-row')).toHaveCount(3);
    await expect(office.getByTestId('day-plan-row').nth(2)).toContainText('CT-scan');
    await expectAccessible(office);
    await office.screenshot({ path: test.info().outputPath('quick-diagnosis-staff.png'), fullPage: true });
    await office.context().close();

    // The family doctor sees the day plan and the diagnosis due date.
    await page.reload();
    await doctorView.expectState('scheduled');
    await expect(page.getByTestId('day-plan-row')).toHaveCount(3);
    await expect(page.getByTestId('quick-diagnosis-diagnosis')).toHaveAttribute('data-due', diagnosisDue);
    await expect(page.locator('[data-testid="timeline-event"][data-type="day-planned"]')).toBeVisible();
    await expectAccessible(page);
    await page.screenshot({ path: test.info().outputPath('quick-diagnosis-referral.png'), fullPage: true });
  });
});
