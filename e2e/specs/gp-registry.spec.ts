import { expect, expectAccessible, test } from '../support/fixtures.ts';
import {
  BACK_OFFICE,
  GP,
  ReferralFormPage,
  ReferralPageObject,
  signedIn,
  testBsn,
} from '../support/referrals.ts';

const CARE_ADMINISTRATION = 'zorgadministratie@demo.loket.nl';
const SECURE_MAIL = 'a.devries@zorgmail.demo.loket.nl';

/**
 * The family-doctor registry in the browser (R-GP-01): the demo family doctor shares a zorgmail address, the care
 * administration confirms it after the Vektis check, and the next letter about her referral goes there by secure mail.
 */
test.describe('the family-doctor registry', () => {
  test('R-GP-01, R-COM-03: a family doctor changes the secure-mail address, care administration confirms it, the next letter goes to it', async ({
    page,
    signIn,
    browser,
  }, testInfo) => {
    test.setTimeout(180_000);
    await signIn.as(GP);
    await page.getByRole('navigation').getByRole('link', { name: 'Mijn registratie' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Mijn registratie' })).toBeVisible();
    await expect(page.getByTestId('my-secure-mail')).toHaveText('—');
    await expectAccessible(page);

    // A wrong address is refused and what was typed stays.
    await page.getByRole('textbox', { name: /^Zorgmail-adres/ }).fill('a.devries-at-zorgmail');
    await page.getByTestId('secure-mail-submit').click();
    await expect(page.getByTestId('error-alert')).toBeVisible();
    await expect(page.getByRole('textbox', { name: /^Zorgmail-adres/ })).toHaveValue('a.devries-at-zorgmail');

    await page.getByRole('textbox', { name: /^Zorgmail-adres/ }).fill(SECURE_MAIL);
    await page.getByTestId('secure-mail-submit').click();
    await expect(page.getByTestId('registration-sent')).toBeVisible();
    const mine = page.getByTestId('my-registration').filter({ hasText: SECURE_MAIL });
    await expect(mine.getByTestId('registration-status')).toHaveAttribute('data-status', 'pending');
    // Until the check, nothing changes in the registry.
    await expect(page.getByTestId('my-secure-mail')).toHaveText('—');
    await page.screenshot({ path: test.info().outputPath('gp-registry-mine.png'), fullPage: true });

    // Care administration checks it in Vektis and confirms, recording what was checked.
    const admin = await signedIn(browser, testInfo, CARE_ADMINISTRATION);
    await admin.getByRole('navigation').getByRole('link', { name: 'Huisartsenregister' }).click();
    await expect(admin.getByRole('heading', { level: 1, name: 'Huisartsenregister' })).toBeVisible();
    // The demo's pending takeover says how many known patients it would move.
    await expect(
      admin
        .getByTestId('pending-registration')
        .filter({ hasText: 'Dr. Mila Jansen' })
        .getByTestId('pending-to-move'),
    ).toContainText('2 bekende patiënten');
    await expectAccessible(admin);
    const pending = admin.getByTestId('pending-registration').filter({ hasText: SECURE_MAIL });
    await expect(pending).toContainText('Dr. Anna de Vries');
    await pending.getByTestId('confirm-registration').click();
    const dialog = admin.getByRole('dialog');
    await expect(dialog).toBeVisible();
    await dialog.getByTestId('dialog-submit').click();
    await expect(dialog.getByTestId('error-alert')).toBeVisible();
    await dialog.getByLabel('De huisarts staat met deze AGB-code in Vektis').check();
    await dialog
      .getByLabel('Wat heeft u gecontroleerd?')
      .fill('Vektis AGB-register: 01999001 bij praktijk 01999100.');
    await expectAccessible(admin);
    await admin.screenshot({ path: test.info().outputPath('gp-registry-confirm.png'), fullPage: true });
    await dialog.getByTestId('dialog-submit').click();
    await expect(dialog).toBeHidden();
    await expect(admin.getByTestId('decision-notice')).toContainText('Dr. Anna de Vries');
    await expect(
      admin
        .getByTestId('registry-doctor')
        .filter({ hasText: '01999001' })
        .getByTestId('registry-secure-mail'),
    ).toHaveText(SECURE_MAIL);
    await admin.screenshot({ path: test.info().outputPath('gp-registry-staff.png'), fullPage: true });
    await admin.context().close();

    // The doctor sees the confirmed address and who checked it.
    await page.reload();
    await expect(page.getByTestId('my-secure-mail')).toHaveText(SECURE_MAIL);
    await expect(mine.getByTestId('registration-status')).toHaveAttribute('data-status', 'confirmed');
    await expect(mine.getByTestId('registration-decision')).toContainText('Hanna de Boer');

    // The next letter: the doctor refers, the back office asks for the medication list.
    const form = new ReferralFormPage(page);
    await form.startFromGuide('internal-medicine');
    await form.fillPatient({
      bsn: testBsn(51),
      givenName: 'Joke',
      familyName: 'Zorgmail',
      birthDate: '1957-05-05',
    });
    await form.fillLetter({ reason: 'Unexplained weight loss.', 'urgency-period': 'Within 4 weeks' });
    await form.send();
    const doctorView = new ReferralPageObject(page);
    await doctorView.expectState('received');
    const url = page.url();

    const office = await signedIn(browser, testInfo, BACK_OFFICE);
    await office.goto(url);
    const officeView = new ReferralPageObject(office);
    const ask = await officeView.open('request-information');
    await ask.getByTestId('request-message').fill('Please send the current medication list.');
    await officeView.submitDialog();
    await officeView.expectState('awaiting-information');
    await office.context().close();

    await page.reload();
    const letter = page
      .getByTestId('letter-row')
      .filter({ has: page.locator('[data-channel]') })
      .first();
    await expect(letter.getByTestId('letter-channel')).toHaveAttribute('data-channel', 'secure-mail');
    await expect(letter.getByTestId('letter-channel')).toHaveText('Beveiligde e-mail');
    const messages = page.getByTestId('message-row');
    await expect(messages.filter({ hasText: 'aanvullende gegevens gevraagd' })).toContainText(SECURE_MAIL);
    await expectAccessible(page);
  });
});
