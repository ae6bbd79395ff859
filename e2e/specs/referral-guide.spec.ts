import { expect, expectAccessible, test } from '../support/fixtures.ts';

/**
 * A family doctor looks up how to refer, without signing in: search as you type, the department page, and
 * whom to call now by the time in the Netherlands.
 */
test.describe('the public referral guide', () => {
  test('R-CAT-01: search as you type finds conditions, Dutch words and page text', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Verwijsgids', level: 1 })).toBeVisible();
    await expect(page.getByTestId('department-card')).toHaveCount(32);
    const search = page.getByLabel('Zoeken in de verwijsgids');

    await search.fill('sarcoïdose');
    await expect(page.getByTestId('search-hit').first()).toContainText('Longziekten');
    await expect(page.getByTestId('search-hit').first()).toContainText('Sarcoïdose');

    await search.fill('esketamine');
    await expect(page.getByTestId('search-hit').first()).toContainText('Psychiatrie');

    await search.fill('heup');
    await expect(page.getByTestId('search-hit').first()).toContainText('Orthopedie');

    await search.fill('second opinion');
    await expect(page.getByTestId('search-results')).toContainText('Nefrologie');
    await expect(page.getByTestId('search-hit')).not.toHaveCount(0);

    await search.fill('qqqxxx');
    await expect(page.getByText('Niets gevonden')).toBeVisible();
    await expectAccessible(page);
  });

  test('R-CAT-03: a department page shows how to refer, the letter, documents and contacts', async ({
    page,
  }) => {
    await page.goto('/');
    await page.getByLabel('Zoeken in de verwijsgids').fill('interne');
    await page.getByTestId('search-hit').first().getByRole('link').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Interne geneeskunde/i);
    const letter = page.getByTestId('letter-requirements');
    await expect(letter).toContainText('medications taken');
    await expect(letter).toContainText('indication of the period during which the patient must be seen');
    // English text in the Dutch guide is marked as such.
    await expect(letter.getByTestId('language-marker').first()).toHaveText('(in het Engels)');
    await expect(page.getByTestId('channels')).toContainText('ZorgDomein');
    await expect(
      page.getByText('The family doctor will receive a written confirmation of the first appointment'),
    ).toBeVisible();
    await expectAccessible(page);
  });

  test('R-CAT-05: restrictions and redirects are shown before anyone refers', async ({ page }) => {
    await page.goto('/guide/pulmonology');
    const restrictions = page.getByTestId('restrictions');
    await expect(restrictions).toContainText('Alrijne');
    await expect(restrictions).toContainText('huisarts');
    await page.goto('/guide/neurosurgery');
    await expect(page.getByTestId('restrictions')).toContainText(
      'Alleen bepaalde specialisten mogen verwijzen',
    );
    await expect(page.getByTestId('restrictions')).toContainText('Niet via digitaal verwijsplatform');
  });

  test('R-CAT-04: during office hours the open number is shown', async ({ page }) => {
    // Tuesday 24 November 2026, 10:30 in Amsterdam.
    await page.clock.setFixedTime(new Date('2026-11-24T10:30:00+01:00'));
    await page.goto('/guide/bone-quality');
    const panel = page.getByTestId('call-now');
    await expect(panel).toContainText('di 10:30');
    await expect(panel.getByTestId('call-now-open')).toContainText('Afspraken en informatie voor verwijzers');
    await expect(panel.getByTestId('call-now-open')).toContainText('071 526 3505');
    await expect(panel).toContainText('bereikbaar tot 12:00');
    await expectAccessible(page);
  });

  test('R-CAT-04: outside office hours the main number and the on-duty route are shown', async ({ page }) => {
    // Saturday 28 November 2026, 22:00 in Amsterdam.
    await page.clock.setFixedTime(new Date('2026-11-28T22:00:00+01:00'));
    await page.goto('/guide/hematology');
    const panel = page.getByTestId('call-now');
    await expect(panel).toContainText('za 22:00');
    await expect(panel.getByTestId('call-now-out-of-hours')).toContainText('071 526 9111');
    await expect(panel.getByTestId('call-now-out-of-hours')).toContainText('on-duty hematologist');
    await expect(panel.getByTestId('call-now-open')).toHaveCount(0);
  });

  test('R-CAT-04: during office hours, numbers without stated hours are offered before the main number', async ({
    page,
  }) => {
    await page.clock.setFixedTime(new Date('2026-11-24T14:00:00+01:00'));
    await page.goto('/guide/pulmonology');
    const unknown = page.getByTestId('call-now-hours-unknown');
    await expect(unknown).toContainText('071 526 3742');
    await expect(unknown).toContainText('071 526 9111');
  });

  test('R-CAT-04: on a public holiday the clinic is closed', async ({ page }) => {
    // King's Day, Tuesday 27 April 2027, 10:00.
    await page.clock.setFixedTime(new Date('2027-04-27T10:00:00+02:00'));
    await page.goto('/guide/bone-quality');
    await expect(page.getByTestId('call-now')).toContainText('feestdag');
    await expect(page.getByTestId('call-now-out-of-hours')).toContainText('071 526 9111');
  });

  test('a doctor abroad reads the guide in English', async ({ page }) => {
    await page.goto('/guide/pulmonology?lang=en');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pulmonology');
    await expect(page.getByText('What the referral letter must contain')).toBeVisible();
    // The department's Dutch text is shown as it is, marked as Dutch.
    await expect(page.getByTestId('letter-requirements').getByTestId('language-marker').first()).toHaveText(
      '(in Dutch)',
    );
    await page.getByRole('banner').getByText('NL', { exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Longziekten');
  });
});
