import { expect, expectAccessible, test } from '../support/fixtures.ts';
import { GP, signedIn } from '../support/referrals.ts';

const TRANSMURAL = 'transmuraal@demo.loket.nl';

/**
 * A transmural incident in the browser (R-INC-01): a family doctor reports it, the transmural team triages,
 * writes, investigates and closes it with a conclusion, and the doctor follows the progress.
 */
test.describe('transmural incidents', () => {
  test('R-INC-01: report an incident, the transmural team triages and closes it, and the reporter sees the progress and conclusion', async ({
    page,
    signIn,
    browser,
  }, testInfo) => {
    test.setTimeout(120_000);
    await signIn.as(GP);
    await page
      .getByRole('navigation', { name: 'Hoofdmenu' })
      .getByRole('link', { name: 'Incidenten' })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: 'Mijn incidentmeldingen' })).toBeVisible();
    await expect(page.getByTestId('incident-row')).toHaveCount(4);
    await expectAccessible(page);

    await page.getByTestId('incident-new').click();
    await expect(page.getByRole('heading', { level: 1, name: 'Transmuraal incident melden' })).toBeVisible();
    // Contact details come from the account.
    await expect(page.getByLabel(/^Naam/)).toHaveValue('Dr. Anna de Vries (huisarts)');
    await expect(page.getByLabel('E-mailadres')).toHaveValue('huisarts@demo.loket.nl');
    await expect(page.getByLabel('Organisatie of praktijk')).toHaveValue('Huisartsenpraktijk De Linde');
    await expectAccessible(page);

    // Sent incomplete: the missing fields are named; what was typed stays.
    await page.getByLabel('Beschrijving van het incident').fill('Ontslagbrief kwam pas na twee weken.');
    await page.getByTestId('inc-submit').click();
    await expect(page.getByTestId('error-alert')).toBeVisible();
    await expect(page.getByLabel('Gevolgen voor de patiënt')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('Beschrijving van het incident')).toHaveValue(
      'Ontslagbrief kwam pas na twee weken.',
    );

    await page.getByLabel('Telefoonnummer').fill('071 512 3456');
    await page.getByLabel('Datum (of eerste dag) van het incident').fill('2026-01-12');
    await page
      .getByLabel('Suggesties voor verbetering')
      .fill('Ontslagbrief op de dag van ontslag versturen.');
    await page.getByLabel('Afdeling').selectOption('internal-medicine');
    await page.getByRole('radio', { name: 'Kliniek (opname)' }).check();
    await page.getByLabel('Voorletters').fill('M.');
    await page.getByLabel('Geboortenaam').fill('Incident-Test');
    await page.getByLabel('Geboortedatum').fill('1950-03-01');
    await page.getByLabel('Gevolgen voor de patiënt').fill('Medicatie twee weken niet aangepast.');
    await page.getByLabel('Ondernomen actie').fill('Afdeling gebeld.');
    await page.screenshot({ path: test.info().outputPath('incidents-form.png'), fullPage: true });
    await page.getByTestId('inc-submit').click();

    await expect(page.getByTestId('inc-reported-notice')).toBeVisible();
    await expect(page.getByTestId('inc-state')).toHaveAttribute('data-state', 'received');
    const reference = (await page.getByRole('heading', { level: 1 }).textContent())!.match(
      /TI-\d{4}-\d{6}/,
    )![0];
    const url = page.url();
    await expectAccessible(page);

    // The transmural team finds it on its list and handles it.
    const team = await signedIn(browser, testInfo, TRANSMURAL);
    await team
      .getByRole('navigation', { name: 'Hoofdmenu' })
      .getByRole('link', { name: 'Incidenten' })
      .click();
    await expect(team.getByRole('heading', { level: 1, name: 'Transmurale incidenten' })).toBeVisible();
    const row = team.locator(`[data-testid="incident-row"][data-reference="${reference}"]`);
    await expect(row).toBeVisible();
    await expectAccessible(team);
    await row.getByRole('link', { name: reference }).click();
    await team.getByTestId('inc-start-triage').click();
    await expect(team.getByTestId('inc-state')).toHaveAttribute('data-state', 'in-triage');
    await team.getByLabel('Bericht aan de melder').fill('Van welke afdeling werd de patiënt ontslagen?');
    await team.getByTestId('inc-send').click();
    await expect(
      team.getByTestId('inc-history-item').filter({ hasText: 'Van welke afdeling' }),
    ).toBeVisible();
    await team.getByTestId('inc-investigate').click();
    await expect(team.getByTestId('inc-state')).toHaveAttribute('data-state', 'under-investigation');
    await expectAccessible(team);
    // Closing needs the conclusion.
    await team.getByTestId('inc-close').click();
    await expect(team.getByText('Schrijf de conclusie en de maatregelen')).toBeVisible();
    await team
      .getByLabel('Conclusie en maatregelen')
      .fill('Ontslagbrieven gaan voortaan op de dag van ontslag mee; de afdeling is geïnformeerd.');
    await team.screenshot({ path: test.info().outputPath('incidents-team.png'), fullPage: true });
    await team.getByTestId('inc-close').click();
    await expect(team.getByTestId('inc-state')).toHaveAttribute('data-state', 'closed');

    // The family doctor sees the progress, the message and the conclusion.
    await page.goto(url);
    await expect(page.getByTestId('inc-state')).toHaveAttribute('data-state', 'closed');
    await expect(page.getByTestId('inc-conclusion-view')).toContainText('op de dag van ontslag');
    const history = page.getByTestId('inc-history-item');
    await expect(history.filter({ hasText: 'Van welke afdeling werd de patiënt ontslagen?' })).toBeVisible();
    await expect(history.filter({ hasText: 'In behandeling' })).toBeVisible();
    await expect(history.filter({ hasText: 'In onderzoek' })).toBeVisible();
    await expect(history.filter({ hasText: 'Afgesloten' })).toBeVisible();
    await expect(page.getByLabel('Bericht aan het transmurale team')).toHaveCount(0);
    await expectAccessible(page);
    await page.screenshot({ path: test.info().outputPath('incidents-reporter.png'), fullPage: true });
    await page.goto('/incidents');
    await expect(
      page.locator(`[data-testid="incident-row"][data-reference="${reference}"] [data-state="closed"]`),
    ).toBeVisible();
  });
});
