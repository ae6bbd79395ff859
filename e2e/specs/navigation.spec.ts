import { expect, test } from '../support/fixtures.ts';

test.describe('navigation on a small screen', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the main links sit behind a menu button that opens and closes', async ({ page, signIn }) => {
    await signIn.as('backoffice@demo.loket.nl');
    const worklist = page.getByRole('link', { name: 'Werklijst' });
    await expect(worklist).toBeHidden();
    await page.getByTestId('nav-menu').click();
    await expect(worklist).toBeVisible();
    await page.screenshot({ path: `.tmp/nav-small-${test.info().project.name || 'chromium'}.png` });
    await worklist.click();
    await expect(page).toHaveURL(/\/worklist$/);
    await expect(worklist).toBeHidden();
    // Nothing in the header runs off the screen.
    const header = page.locator('header');
    const overflow = await header.evaluate((h) => h.scrollWidth - h.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.getByTestId('nav-menu').click();
    await page.getByRole('button', { name: 'Uitloggen' }).click();
    await expect(page.getByRole('link', { name: 'Inloggen' })).toBeVisible();
  });
});
