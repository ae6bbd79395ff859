import { expect, expectAccessible, test } from '../support/fixtures.ts';

test.describe('catalog administration', () => {
  test('R-CAT-07: an administrator edits a contact; the public guide shows it, and the history says who', async ({
    page,
    signIn,
  }) => {
    await signIn.as('beheer@demo.loket.nl');
    await page.getByRole('link', { name: 'Catalogus beheren' }).click();
    await expect(page.getByTestId('department-row')).toHaveCount(32);
    await expectAccessible(page);
    await page
      .getByTestId('department-row')
      .filter({ hasText: 'Hematologie' })
      .getByRole('link')
      .first()
      .click();

    const phone = page.getByTestId('contact-1-phone');
    await phone.fill('071 526 2134');
    await phone.blur();
    await expect(phone).toHaveValue('+31715262134');
    await page.getByTestId('save-department').click();
    await expect(page.getByTestId('save-result')).toContainText('2');
    await expect(page.getByTestId('history-table')).toContainText('Karin Bos (beheerder)');
    await expect(page.getByTestId('history-table')).toContainText('contacts');
    await expectAccessible(page);

    await page.goto('/guide/hematology');
    await expect(page.getByTestId('contacts-table')).toContainText('071 526 2134');
  });

  test('R-CAT-07: an invalid value is refused with where and why, and the edit stays on screen', async ({
    page,
    signIn,
  }) => {
    await signIn.as('beheer@demo.loket.nl');
    await page.goto('/admin/catalog/ent');
    const phone = page.getByTestId('contact-0-phone');
    await phone.fill('12345');
    await phone.blur();
    await page.getByTestId('save-department').click();
    await expect(page.getByTestId('save-result')).toContainText('contacts[0].phone');
    await expect(phone).toHaveValue('12345');
    await page.goto('/guide/ent');
    await expect(page.getByTestId('contacts-table')).not.toContainText('12345');
  });
});
