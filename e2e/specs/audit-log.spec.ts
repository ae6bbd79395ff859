import { expect, expectAccessible, test } from '../support/fixtures.ts';

test('R-SEC-01: the privacy officer browses the audit log and verifies the chain', async ({
  page,
  signIn,
}) => {
  await signIn.as('privacy@demo.loket.nl');
  await page.getByRole('link', { name: 'Auditlog' }).click();
  await expect(page.getByTestId('audit-row').first()).toBeVisible();
  await expect(page.getByTestId('audit-row').filter({ hasText: 'auth.sign-in' }).first()).toBeVisible();
  await page.getByTestId('verify-chain').click();
  await expect(page.getByTestId('verify-result')).toContainText(/intact/i);
  await expectAccessible(page);
});
