import { expect, expectAccessible, test } from '../support/fixtures.ts';
import { testBsn } from '../support/referrals.ts';

const NURSE = 'seh@demo.loket.nl';

/** A date of birth that makes the patient `years` old today (birthday a month ago). */
function bornYearsAgo(years: number): string {
  const d = new Date();
  d.setUTCMonth(d.getUTCMonth() - 1);
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d.toISOString().slice(0, 10);
}

/**
 * APOP at ER triage: an ER nurse screens a 78-year-old, finds high risk, sends the patient home, and the follow-up
 * call appears on the call list with its 24-hour deadline until it is recorded and closed.
 */
test('R-APOP-01, R-APOP-02, R-APOP-03, R-APOP-04: screen a 78-year-old, send home, call back within 24 hours', async ({
  page,
  signIn,
}) => {
  test.setTimeout(120_000);
  await signIn.as(NURSE);
  const nav = page.getByRole('navigation', { name: 'Hoofdmenu' });
  await expect(nav.getByRole('link', { name: 'APOP-screening' })).toHaveAttribute('href', '/apop');
  await expect(nav.getByRole('link', { name: 'Terugbellijst' })).toBeVisible();
  await page.goto('/apop');
  await expect(page.getByRole('heading', { level: 1, name: 'APOP-screening' })).toBeVisible();
  // R-APOP-03: the demo model says what it is.
  await expect(page.getByTestId('apop-model-in-use')).toContainText('demo coefficients, not validated');
  await expectAccessible(page);

  // A BSN Loket does not know: the nurse enters the patient.
  await page.getByLabel('BSN', { exact: true }).fill(testBsn(71));
  await page.getByTestId('apop-lookup').click();
  await expect(page.getByTestId('apop-lookup-result')).toContainText('nog niet bekend');
  await page.getByLabel('Voornaam', { exact: true }).fill('Grietje');
  await page.getByRole('textbox', { name: 'Achternaam', exact: true }).fill('Zonneveld');
  await page.getByLabel('Telefoonnummer patiënt').fill('06 12345678');

  // R-APOP-01: under 70 the screening does not apply, and the page says so.
  await page.getByLabel('Geboortedatum').fill(bornYearsAgo(65));
  await expect(page.getByTestId('apop-not-applicable')).toContainText('65 jaar');
  await expect(page.getByTestId('apop-submit')).toBeDisabled();

  await page.getByLabel('Geboortedatum').fill(bornYearsAgo(78));
  await expect(page.getByTestId('apop-age')).toContainText('78 jaar');
  const answer = async (testId: string, label: string) =>
    page.getByTestId(testId).getByRole('radio', { name: label, exact: true }).check();
  await answer('apop-sex', 'Vrouw');
  await answer('apop-arrivedByAmbulance', 'Ja');
  await answer('apop-regularHelp', 'Ja');
  await answer('apop-bathingHelp', 'Ja');
  await answer('apop-admittedPastSixMonths', 'Nee');
  await answer('apop-knownDementia', 'Nee');
  await answer('apop-yearQuestion', 'Goed');
  // A question left open is named, and what was typed stays.
  await page.getByTestId('apop-submit').click();
  await expect(page.getByTestId('error-alert')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Achternaam', exact: true })).toHaveValue('Zonneveld');
  await answer('apop-monthsBackwards', 'Goed');
  await expectAccessible(page);
  await page.screenshot({ path: test.info().outputPath('apop-form.png'), fullPage: true });
  await page.getByTestId('apop-submit').click();

  // R-APOP-02, R-APOP-03: cognition intact, functional risk from the model: high.
  const result = page.getByTestId('apop-result');
  await expect(result).toHaveAttribute('data-risk', 'high');
  await expect(result).toHaveAttribute('data-outcome', 'high-risk-functional');
  await expect(result).toContainText('Hoog risico');
  await expect(result).toContainText('niet gestoord');
  await expect(page.getByTestId('apop-functional')).toContainText('50%');
  await expectAccessible(page);

  // R-APOP-04: sent home; the call is due 24 hours after discharge.
  await page.getByTestId('apop-disposition-choice').getByRole('radio', { name: 'Naar huis' }).check();
  await expect(page.getByText('terugbeltaak met een deadline van 24 uur')).toBeVisible();
  const date = await page.getByLabel('Datum ontslag SEH').inputValue();
  const time = await page.getByLabel('Tijd ontslag SEH').inputValue();
  const due = await page.evaluate(
    ([d, t]) =>
      new Intl.DateTimeFormat('nl-NL', {
        timeZone: 'Europe/Amsterdam',
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      }).format(new Date(new Date(`${d}T${t}`).getTime() + 24 * 3_600_000)),
    [date, time],
  );
  await page.getByTestId('apop-disposition-submit').click();
  await expect(page.getByTestId('apop-follow-up')).toContainText(`Bellen vóór ${due}`);
  await expect(page.getByTestId('apop-follow-up').getByTestId('apop-call-status')).toHaveAttribute(
    'data-status',
    'open',
  );
  // The result goes into the discharge letter, kept as a PDF.
  const [letter] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('apop-letter').click(),
  ]);
  expect(letter.suggestedFilename()).toMatch(/\.pdf$/);
  await page.screenshot({ path: test.info().outputPath('apop-result.png'), fullPage: true });
  await expectAccessible(page);

  // The call list, by deadline: the earliest on top (the demo desk has another high-risk patient sent home).
  await page
    .getByRole('navigation', { name: 'Hoofdmenu' })
    .getByRole('link', { name: 'Terugbellijst' })
    .click();
  const rows = page.getByTestId('apop-follow-up-row');
  await expect(rows).toHaveCount(2);
  const dues = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-due') ?? ''));
  expect(dues).toEqual([...dues].sort((a, b) => Date.parse(a) - Date.parse(b)));
  const ours = rows.filter({ hasText: 'Grietje Zonneveld' });
  await expect(ours.getByTestId('apop-call-due')).toHaveText(due);
  await expect(ours).toHaveAttribute('data-status', 'open');
  await expect(rows.filter({ hasText: 'Henk de Graaf' })).toHaveCount(1);
  await expectAccessible(page);
  await page.screenshot({ path: test.info().outputPath('apop-calls.png'), fullPage: true });

  // The nurse calls, records the outcome and closes the task.
  await ours.getByTestId('apop-call-close').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('radio', { name: 'Bereikt', exact: true }).check();
  await dialog.getByLabel('Ontslaginstructies herhaald').check();
  await dialog.getByLabel('Notitie').fill('Gaat goed thuis; instructies herhaald.');
  await expectAccessible(page);
  await dialog.getByTestId('apop-call-submit').click();
  await expect(dialog).toBeHidden();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Henk de Graaf');
  await page.getByTestId('apop-follow-up-tabs').getByText('Afgesloten', { exact: true }).click();
  await expect(rows.first()).toContainText('Grietje Zonneveld');
  await expect(rows.first()).toContainText('Bereikt');
  await expect(rows.first()).toHaveAttribute('data-status', 'closed');
});

test('R-APOP-03: the administrator sees the model in force and cannot save it without who validated it', async ({
  page,
  signIn,
}) => {
  await signIn.as('beheer@demo.loket.nl');
  await page.goto('/apop/model');
  await expect(page.getByRole('heading', { level: 1, name: 'APOP-model' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Gevalideerd door' })).toHaveValue(/not validated/);
  await expect(page.getByRole('table')).toContainText('Demo coefficients, not validated');
  await expectAccessible(page);
  await page.screenshot({ path: test.info().outputPath('apop-model.png'), fullPage: true });
  await page.getByRole('textbox', { name: 'Gevalideerd door' }).fill('');
  await page.getByTestId('apop-model-save').click();
  await expect(page.getByTestId('error-alert')).toContainText('validatedBy');
  await expect(page.getByTestId('apop-model-intercept')).toHaveValue('-6');
});
