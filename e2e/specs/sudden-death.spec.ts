import { expect, expectAccessible, test } from '../support/fixtures.ts';
import { signedIn } from '../support/referrals.ts';

const GP = 'huisarts@demo.loket.nl';
const GENETICIST = 'genetica@demo.loket.nl';

/**
 * Sudden death: a family doctor reads the public guide, requests storage of DNA and prints the form; clinical
 * genetics records receipt and storage, and can record the examination only once a family member registered.
 */
test('R-SD-01: guide, DNA storage request with its form, and examination only after a family member registers', async ({
  page,
  signIn,
  browser,
}, testInfo) => {
  test.setTimeout(150_000);
  // The guide is public.
  await page.goto('/');
  await page
    .getByRole('navigation', { name: 'Hoofdmenu' })
    .getByRole('link', { name: 'Plots overlijden' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Plots overlijden' })).toBeVisible();
  await page.getByLabel('Leeftijd van de overledene (jaren)').fill('30');
  await expect(page.getByTestId('sd-advice')).toHaveAttribute('data-advice', 'autopsy-advised');
  await expect(page.getByTestId('sd-advice')).toContainText('Obductie geadviseerd');
  await page.getByLabel('Leeftijd van de overledene (jaren)').fill('60');
  await expect(page.getByTestId('sd-advice')).toHaveAttribute('data-advice', 'consult-on-duty');
  await expect(page.getByTestId('sd-costs')).toContainText('33 euro');
  await expect(page.getByTestId('sd-room-temperature')).toContainText('NIET in de koelkast');
  await expect(page.getByText('pas onderzocht als het eerste familielid')).toBeVisible();
  await expectAccessible(page);
  await page.screenshot({ path: test.info().outputPath('sd-guide.png'), fullPage: true });

  // A family doctor requests storage of DNA.
  await signIn.as(GP);
  await page.goto('/sudden-death');
  await page.getByTestId('sd-request-dna-storage').click();
  await expect(page.getByTestId('sd-request-form')).toBeVisible();
  await page.getByLabel('Voornaam overledene').fill('Bas');
  await page.getByLabel('Achternaam overledene').fill('Kroon');
  await page.getByRole('textbox', { name: 'Geboortedatum', exact: true }).fill('1994-02-20');
  const deathDate = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('Datum van overlijden').fill(deathDate);
  await page.getByRole('radio', { name: 'Man' }).check();
  await expect(page.getByTestId('sd-form-advice')).toContainText('Obductie wordt geadviseerd');
  await page.getByLabel('Telefoonnummer waarop wij u kunnen bellen').fill('071 526 9111');
  // Without the per-pot confirmations the request is refused, and nothing typed is lost.
  await page.getByTestId('sd-submit').click();
  await expect(page.getByTestId('error-alert')).toBeVisible();
  await expect(page.getByLabel('Achternaam overledene')).toHaveValue('Kroon');
  await page.getByLabel('Elk potje bevat 1 biopt').check();
  await page.getByLabel('Elk potje vermeldt naam, geslacht en geboortedatum').check();
  await page.getByLabel('De potjes staan op kamertemperatuur, niet in de koelkast').check();
  await expectAccessible(page);
  await page.screenshot({ path: test.info().outputPath('sd-form.png'), fullPage: true });
  await page.getByTestId('sd-submit').click();

  await expect(page.getByTestId('sd-request-page')).toBeVisible();
  await expect(page.getByTestId('sd-state')).toHaveAttribute('data-state', 'requested');
  const heading = await page.getByRole('heading', { level: 1 }).innerText();
  const reference = /PO-\d{4}-\d{6}/.exec(heading)?.[0];
  expect(reference).toBeTruthy();
  const [form] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('sd-form-download').click(),
  ]);
  expect(form.suggestedFilename()).toBe(`dna-storage-${reference}.pdf`);
  const stream = await form.createReadStream();
  const first = await new Promise<Buffer>((resolve) => stream.once('data', (c) => resolve(c as Buffer)));
  expect(first.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  await expectAccessible(page);

  // Clinical genetics receives and stores the DNA.
  const staff = await signedIn(browser, testInfo, GENETICIST);
  await staff.goto('/sudden-death/cases');
  await staff.getByRole('link', { name: reference! }).click();
  await expect(staff.getByTestId('sd-case-page')).toBeVisible();
  await expectAccessible(staff);
  const record = async (
    action: string,
    fill?: (dialog: ReturnType<typeof staff.getByRole>) => Promise<void>,
  ) => {
    await staff.getByTestId(`sd-step-${action}`).click();
    const dialog = staff.getByRole('dialog');
    if (fill) await fill(dialog);
    await dialog.getByTestId('sd-step-submit').click();
    await expect(dialog).toBeHidden();
  };
  await record('receive');
  await expect(staff.getByTestId('sd-state')).toHaveAttribute('data-state', 'received');
  await record('store', (d) => d.getByLabel('Plaats van opslag').fill('DNA-bank KG, rek 4'));
  await expect(staff.getByTestId('sd-state')).toHaveAttribute('data-state', 'stored');

  // The examination cannot be recorded before a family member registers for screening.
  await expect(staff.getByTestId('sd-step-examine')).toBeDisabled();
  await expect(staff.getByTestId('sd-step-examine-reason')).toContainText(
    'pas onderzocht als het eerste familielid zich aanmeldt',
  );
  await staff.screenshot({ path: test.info().outputPath('sd-case.png'), fullPage: true });
  await record('register-family-member', (d) => d.getByLabel('Relatie tot de overledene').fill('broer'));
  await expect(staff.getByTestId('sd-step-examine')).toBeEnabled();
  await record('examine');
  await expect(staff.getByTestId('sd-state')).toHaveAttribute('data-state', 'examined');
  await expect(staff.getByTestId('sd-timeline')).toContainText('Familielid aangemeld voor screening');
  await expectAccessible(staff);

  // The family doctor sees the status.
  await page.reload();
  await expect(page.getByTestId('sd-state')).toHaveAttribute('data-state', 'examined');
  await expect(page.getByTestId('sd-timeline')).toContainText('DNA onderzocht');
  await expect(page.getByTestId('sd-timeline')).not.toContainText('rek 4');
});
