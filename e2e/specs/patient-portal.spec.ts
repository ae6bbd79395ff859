import { expect, expectAccessible, test } from '../support/fixtures.ts';
import { confirmLinkFor } from '../support/mail.ts';
import { BACK_OFFICE, minimalPdf, ReferralPageObject, signedIn } from '../support/referrals.ts';

const PASSWORD = 'my own long password 2026';

/**
 * The patient's side (R-SO-02, R-CON-01, R-SEC-02): a patient living abroad asks for a second opinion in English
 * without anyone's permission, is asked to check their e-mail (the same answer for every address, docs/security.md
 * section 7), confirms the address with the link in the e-mail, signs in, sees the request received and what is
 * still missing, and after a staff member opened the request sees that in "Who looked at my data".
 */
test.describe('patient portal', () => {
  test('R-SO-02, R-CON-01, R-SEC-02: a patient from abroad requests a second opinion and sees who looked at it', async ({
    page,
    browser,
  }, testInfo) => {
    test.setTimeout(120_000);
    const email = `emma.schneider.${Date.now()}@example.org`;

    await page.goto('/');
    await page.getByRole('banner').getByText('EN', { exact: true }).click();
    await page.getByTestId('patient-request-link').getByRole('link').click();
    await expect(page.getByRole('heading', { level: 1, name: 'Request a second opinion' })).toBeVisible();

    const form = page.getByTestId('second-opinion-request-form');
    await form.getByLabel('Given name').fill('Emma');
    await form.getByLabel('Family name').fill('Schneider');
    await form.getByLabel('Date of birth').fill('1968-04-02');
    await form.getByLabel('I have a Dutch citizen service number (BSN)').uncheck();
    await form.getByLabel('Country where you live').selectOption({ label: 'Germany' });
    await form.getByLabel('Street').fill('Hauptstraße');
    await form.getByLabel('House number').fill('12');
    await form.getByLabel('Postcode').fill('50667');
    await form.getByLabel('Town').fill('Köln');
    await form.getByTestId('pp-email').fill(email);
    await form.getByLabel('Phone number').fill('+49 221 1234567');
    await form.getByLabel('Department').selectOption({ label: 'Oncology Center' });
    await form
      .getByLabel('Your question for the second doctor')
      .fill('Is surgery the right treatment for my tumour, or should chemotherapy come first?');
    await form.getByLabel('Name of your treating specialist').fill('Dr. K. Weber');
    await form.getByLabel('Hospital of your treating specialist').fill('Uniklinik Köln');
    await form.getByLabel('I was treated in a hospital outside the Netherlands').check();
    await form.getByLabel(/Scans or X-rays were made/).check();
    await form.getByLabel('Password for your patient account').fill(PASSWORD);
    // The responsibilities from the hospitals' agreement are shown (seeds/004).
    await expect(form.getByTestId('pp-responsibilities-text')).toContainText(
      'You request your medical file yourself',
    );
    await expect(form.getByTestId('pp-responsibilities-text')).toContainText('health insurer');

    // Without consent and the responsibilities read, nothing is sent and both are named.
    await form.getByRole('button', { name: 'Send my request' }).click();
    const alert = page.getByTestId('error-alert');
    await expect(alert).toContainText('I give consent for my medical records');
    await expect(alert).toContainText('I have read what I arrange myself');
    await expectAccessible(page);
    await page.screenshot({ path: testInfo.outputPath('request-refused.png'), fullPage: true });

    await form.getByLabel('I have read what I arrange myself').check();
    await form.getByLabel(/I give consent for my medical records/).check();
    await form.getByRole('button', { name: 'Send my request' }).click();

    // "Check your e-mail": the same answer whether or not the address has an account; nobody is signed in yet.
    const check = page.getByTestId('pp-check-email');
    await expect(check.getByRole('heading', { level: 1, name: 'Check your e-mail' })).toBeVisible();
    await expect(check).toContainText(`We have sent an e-mail to ${email}.`);
    await expect(check).toContainText('Open the link in that e-mail to confirm your e-mail address');
    await expect(page.getByTestId('account-link')).toHaveCount(0);
    await expectAccessible(page);
    await page.screenshot({ path: testInfo.outputPath('check-email.png'), fullPage: true });

    // Signing in before confirming the address is refused, with the reason.
    await page.goto('/sign-in');
    await page.getByLabel('E-mail address').fill(email);
    await page.getByRole('textbox', { name: 'Password' }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByTestId('error-alert')).toContainText('Confirm your e-mail address first');

    // The link in the e-mail confirms the address; she signs in with her password and lands in her portal.
    await page.goto(await confirmLinkFor(email));
    const confirm = page.getByTestId('pp-confirm');
    await expect(confirm.getByTestId('pp-confirmed')).toContainText('Your e-mail address is confirmed');
    await expect(confirm.getByLabel('E-mail address')).toHaveValue(email);
    await expect(page).not.toHaveURL(/#/);
    await expectAccessible(page);
    await page.screenshot({ path: testInfo.outputPath('confirmed.png'), fullPage: true });
    await confirm.getByTestId('pp-confirm-password').fill(PASSWORD);
    await confirm.getByTestId('pp-confirm-sign-in').click();

    // Signed in with the new account, in the portal.
    await expect(page).toHaveURL(/\/portal$/);
    await expect(page.getByTestId('pp-received')).toContainText('We received your request');
    const request = page.getByTestId('pp-request');
    await expect(request).toHaveCount(1);
    await expect(request.getByTestId('pp-state')).toHaveText('Received');
    await expect(request.getByTestId('pp-timeline')).toContainText('Request sent and received');
    const missing = request.getByTestId('pp-missing');
    await expect(missing).toContainText('We still need from you');
    await expect(missing).toContainText(/MRSA/i);
    await expect(page.getByTestId('account-link')).toContainText('Emma Schneider');
    await expectAccessible(page);
    await page.screenshot({ path: testInfo.outputPath('portal.png'), fullPage: true });

    // A staff member of the oncology center opens the request.
    const href = await request.getByTestId('pp-open-request').getAttribute('href');
    const referralId = href!.split('/').pop()!;
    const staff = await signedIn(browser, testInfo, BACK_OFFICE);
    await staff.goto(`/referrals/${referralId}`);
    await expect(staff.getByText('Emma').first()).toBeVisible();
    await staff.context().close();

    await page.getByTestId('pp-access-log-link').click();
    await expect(page.getByRole('heading', { level: 1, name: 'Who looked at my data' })).toBeVisible();
    const rows = page.getByTestId('pp-access-row');
    // Newest first: this very look is recorded too.
    await expect(rows.first()).toContainText('You');
    await expect(rows.first()).toContainText('Looked at this list');
    const staffRow = rows.filter({ hasText: 'Eva Visser' }).filter({ hasText: 'Opened your request' });
    await expect(staffRow.first()).toContainText('back office');
    await expect(staffRow.first()).toContainText('Read');
    await expectAccessible(page);
    await page.screenshot({ path: testInfo.outputPath('access-log.png'), fullPage: true });
  });

  test('R-SO-02: the demo patient finds his own second-opinion request in his portal', async ({
    page,
    signIn,
  }, testInfo) => {
    await signIn.as('patient@demo.loket.nl');
    await page.goto('/portal');
    await expect(page.getByRole('heading', { level: 1, name: 'Mijn portaal' })).toBeVisible();
    const secondOpinion = page.getByTestId('pp-request').filter({ hasText: 'Second opinion' });
    await expect(secondOpinion.first()).toContainText('Oncologisch Centrum');
    await expectAccessible(page);
    await page.screenshot({ path: testInfo.outputPath('demo-portal.png'), fullPage: true });
    await page.getByTestId('pp-access-log-link').click();
    await expect(page.getByTestId('pp-access-row').filter({ hasText: 'Eva Visser' }).first()).toBeVisible();
  });

  test('R-SO-03: asked for a missing report, the demo patient adds it and sends the answer himself', async ({
    page,
    signIn,
    browser,
  }, testInfo) => {
    await signIn.as('patient@demo.loket.nl');
    await page.goto('/portal');
    // His own request (the portal's), still waiting for its file at the oncology center.
    const mine = page
      .getByTestId('pp-request')
      .filter({ hasText: 'Oncologisch Centrum' })
      .filter({ has: page.locator('[data-testid="pp-state"]', { hasText: 'Ontvangen' }) })
      .first();
    const href = await mine.getByTestId('pp-open-request').getAttribute('href');
    const referralId = href!.split('/').pop()!;

    // The back office asks for the pathology report.
    const office = await signedIn(browser, testInfo, BACK_OFFICE);
    await office.goto(`/referrals/${referralId}`);
    const officeView = new ReferralPageObject(office);
    const ask = await officeView.open('request-information');
    await ask.getByTestId('request-extra').fill('Het PA-verslag van de biopsie');
    await ask.getByTestId('request-message').fill('Wilt u het PA-verslag sturen?');
    await officeView.submitDialog();
    await officeView.expectState('awaiting-information');

    // The patient sees what is asked in his portal and answers on the request's page.
    await page.reload();
    const asked = page.getByTestId('pp-request').filter({ hasText: 'Het PA-verslag van de biopsie' });
    await expect(asked.getByTestId('pp-missing')).toContainText('Wilt u het PA-verslag sturen?');
    await asked.getByTestId('pp-add-documents').click();
    const view = new ReferralPageObject(page);
    await view.expectState('awaiting-information');
    await expect(page.getByTestId('missing-requested')).toContainText('Het PA-verslag van de biopsie');
    const supplement = page.getByTestId('supplement-form');
    await supplement.getByTestId('supplement-upload-kind').selectOption('pathology-report');
    await supplement.getByTestId('supplement-upload-language').selectOption('nl');
    await supplement.getByTestId('supplement-upload-file').setInputFiles({
      name: 'pa-verslag.pdf',
      mimeType: 'application/pdf',
      buffer: minimalPdf(),
    });
    await expect(supplement.getByTestId('upload-done')).toContainText('pa-verslag.pdf');
    await supplement.getByTestId('supplement-message').fill('Hierbij het PA-verslag.');
    await expectAccessible(page);
    await page.screenshot({ path: testInfo.outputPath('patient-supplement.png'), fullPage: true });
    await supplement.getByTestId('action-supplement').click();
    await view.expectState('received');

    // Back in the department's queue, with his document.
    await office.reload();
    await officeView.expectState('received');
    await expect(office.getByTestId('document-row').filter({ hasText: 'pa-verslag.pdf' })).toHaveCount(1);
    await office.context().close();
  });
});
