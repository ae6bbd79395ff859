import { expect, expectAccessible, test, totp } from '../support/fixtures.ts';

test.describe('signing in', () => {
  test('a family doctor signs in with a password only', async ({ page, signIn }) => {
    await signIn.open();
    await expectAccessible(page);
    await signIn.withPassword('huisarts@demo.loket.nl');
    await expect(page.getByTestId('account-link')).toHaveText('Dr. Anna de Vries (huisarts)');
    await expect(page.getByRole('link', { name: 'Catalogus beheren' })).toHaveCount(0);
  });

  test('staff sign in with a password and a code from the authenticator app', async ({ page, signIn }) => {
    await signIn.open();
    await signIn.withPassword('beheer@demo.loket.nl');
    await expect(page.getByText('Uw account is beveiligd met een tweede stap')).toBeVisible();
    await expect(page.getByTestId('account-link')).toHaveCount(0);
    await signIn.withCode(String((Number(await totp()) + 1) % 1_000_000).padStart(6, '0'));
    await expect(page.getByTestId('error-alert')).toContainText('Deze code klopt niet');
    await signIn.withCode(await totp());
    await expect(page.getByTestId('account-link')).toHaveText('Karin Bos (beheerder)');
    await expect(page.getByRole('link', { name: 'Catalogus beheren' })).toBeVisible();
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await expect(page.getByRole('link', { name: 'Inloggen' })).toBeVisible();
    await expect(page.getByTestId('account-link')).toHaveCount(0);
  });

  test('a wrong password says so, keeps the address, and signs nobody in', async ({ page, signIn }) => {
    await signIn.open();
    await signIn.withPassword('huisarts@demo.loket.nl', 'not-the-password');
    await expect(page.getByTestId('error-alert')).toContainText('E-mailadres of wachtwoord klopt niet');
    await expect(page.getByLabel('E-mailadres')).toHaveValue('huisarts@demo.loket.nl');
    await expect(page.getByTestId('account-link')).toHaveCount(0);
  });

  test('new staff must set up the second factor before anything else', async ({ page, signIn }) => {
    // The administrator makes a new back-office account.
    await signIn.as('beheer@demo.loket.nl');
    await page.goto('/admin/users');
    await page.getByRole('textbox', { name: /^Naam/ }).fill('Nieuwe Medewerker');
    await page.getByRole('textbox', { name: /^E-mailadres/ }).fill('nieuw@demo.loket.nl');
    await page.getByLabel(/^Eerste wachtwoord/).fill('Een-lang-wachtwoord-1');
    await page.getByRole('checkbox', { name: 'backoffice' }).check();
    await page.getByTestId('add-user').click();
    await expect(page.getByTestId('user-row').filter({ hasText: 'nieuw@demo.loket.nl' })).toBeVisible();
    await page.getByRole('button', { name: 'Uitloggen' }).click();

    await signIn.open();
    await signIn.withPassword('nieuw@demo.loket.nl', 'Een-lang-wachtwoord-1');
    await expect(page.getByTestId('second-factor-required')).toBeVisible();
    await page.getByLabel('Wachtwoord').fill('Een-lang-wachtwoord-1');
    await page.getByRole('button', { name: 'Authenticator-app koppelen' }).click();
    const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
    await page.getByLabel('Code uit uw authenticator-app').fill(await totp(secret));
    await page.getByRole('button', { name: 'Code bevestigen en inschakelen' }).click();
    await expect(page.getByTestId('second-factor-enabled')).toBeVisible();
  });
});
