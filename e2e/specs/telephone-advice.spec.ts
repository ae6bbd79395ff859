import { readFile } from 'node:fs/promises';
import { expect, expectAccessible, test } from '../support/fixtures.ts';
import { BACK_OFFICE, GP, minimalPdf, signedIn, testBsn } from '../support/referrals.ts';

/**
 * Telephone advice in the browser (R-TEL-01, R-CON-02): a family doctor records the advice of a telephone
 * consultation, prints the consent form, uploads the signed declaration, and only then does the department see
 * the advice in the patient's file.
 */
test.describe('telephone advice', () => {
  test('R-TEL-01, R-CON-02: record the advice, print the consent form, upload the signed consent, and the advice is in the file', async ({
    page,
    signIn,
    browser,
  }, testInfo) => {
    test.setTimeout(120_000);
    const bsn = testBsn(41);
    await signIn.as(GP);
    await page
      .getByRole('navigation', { name: 'Hoofdmenu' })
      .getByRole('link', { name: 'Telefonisch advies' })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: 'Telefonisch advies' })).toBeVisible();
    // The demo records: one waiting for consent, others in the file.
    await expect(
      page.locator('[data-testid="ta-row"] [data-state="awaiting-consent"]').first(),
    ).toBeVisible();
    await expect(page.locator('[data-testid="ta-row"] [data-state="in-file"]').first()).toBeVisible();
    await expectAccessible(page);

    await page.getByTestId('ta-new').click();
    await expect(
      page.getByRole('heading', { level: 1, name: 'Telefonisch advies vastleggen' }),
    ).toBeVisible();
    await expectAccessible(page);
    // Nothing filled in: the required fields are named and nothing is saved.
    await page.getByTestId('ta-submit').click();
    await expect(page.getByTestId('error-alert')).toBeVisible();
    await expect(page.getByLabel('Achternaam')).toHaveAttribute('aria-invalid', 'true');

    await page.getByLabel('BSN').fill('999990018');
    await expect(page.getByText('Dit BSN klopt niet volgens de elfproef')).toBeVisible();
    await page.getByLabel('BSN').fill(bsn);
    await page.getByLabel('Voornaam').fill('Mila');
    await page.getByLabel('Achternaam').fill('Telefoon-Test');
    await page.getByLabel('Geboortedatum').fill('1988-05-17');
    await page.getByLabel('Straat').fill('Albinusdreef');
    await page.getByLabel('Huisnummer').fill('2');
    await page.getByLabel('Postcode').fill('2333za');
    await page.getByLabel('Woonplaats').fill('Leiden');
    await page.getByLabel('Afdeling').selectOption('internal-medicine');
    await page.getByLabel('Geraadpleegde specialist').fill('Dr. Gijs Mulder');
    await page.getByLabel('Ontvangen advies').fill('Start ijzersuppletie; controle Hb over 6 weken.');
    await page.getByLabel('Relevante aanvullende informatie').fill('Hb 6,1 mmol/l; geen medicatie.');
    await page.screenshot({ path: test.info().outputPath('telephone-advice-form.png'), fullPage: true });
    await page.getByTestId('ta-submit').click();

    await expect(page.getByTestId('ta-recorded-notice')).toBeVisible();
    await expect(page.getByTestId('ta-state')).toHaveAttribute('data-state', 'awaiting-consent');
    await expect(page.getByTestId('ta-awaiting-consent')).toBeVisible();
    const reference = (await page.getByRole('heading', { level: 1 }).textContent())!.match(
      /TA-\d{4}-\d{6}/,
    )![0];
    const url = page.url();
    await expectAccessible(page);
    await page.screenshot({ path: test.info().outputPath('telephone-advice-waiting.png'), fullPage: true });

    // The consent form, printed from the record.
    const downloading = page.waitForEvent('download');
    await page.getByTestId('consent-form-nl').click();
    const form = await downloading;
    expect(form.suggestedFilename()).toBe(`toestemmingsverklaring-telefonisch-advies-${reference}.pdf`);
    expect((await readFile((await form.path())!)).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    // Without consent the department does not see it.
    const office = await signedIn(browser, testInfo, BACK_OFFICE);
    await office.goto('/telephone-advice');
    await expect(office.getByRole('heading', { level: 1, name: 'Telefonisch advies' })).toBeVisible();
    await expect(office.locator(`[data-testid="ta-row"][data-reference="${reference}"]`)).toHaveCount(0);
    await office.goto(url);
    await expect(office.getByTestId('error-alert')).toBeVisible();

    // The family doctor uploads the signed declaration: the record joins the file.
    await page.getByLabel('Ondertekende toestemmingsverklaring toevoegen').setInputFiles({
      name: 'toestemming-getekend.pdf',
      mimeType: 'application/pdf',
      buffer: minimalPdf(),
    });
    await expect(page.getByTestId('ta-state')).toHaveAttribute('data-state', 'in-file');
    await expect(page.getByTestId('ta-consent-document')).toHaveText('toestemming-getekend.pdf');
    await expectAccessible(page);

    // Now the department sees it, in its list and in the patient's file.
    await office.goto('/telephone-advice');
    const row = office.locator(`[data-testid="ta-row"][data-reference="${reference}"]`);
    await expect(row).toBeVisible();
    await expect(row.locator('[data-state="in-file"]')).toBeVisible();
    await office.getByTestId('ta-file-bsn').fill(bsn);
    await office.getByTestId('ta-file-submit').click();
    await expect(office.getByTestId('ta-file-patient')).toContainText('Mila Telefoon-Test');
    await expect(office.getByTestId('ta-file-record')).toHaveCount(1);
    await expect(office.getByTestId('ta-view-advice')).toHaveText(
      'Start ijzersuppletie; controle Hb over 6 weken.',
    );
    await expectAccessible(office);
    await office.screenshot({ path: test.info().outputPath('telephone-advice-file.png'), fullPage: true });
    await row.getByRole('link', { name: reference }).click();
    await expect(office.getByTestId('ta-in-file')).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('telephone-advice-filed.png'), fullPage: true });
  });
});
