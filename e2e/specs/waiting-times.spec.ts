import { expect, expectAccessible, test } from '../support/fixtures.ts';

/** The published waiting times are public: figures per department against the target, with a chart, in nl and en. */
test('R-CAT-06, R-SO-09: the public waiting-times page shows real figures against the target in Dutch and English', async ({
  page,
}) => {
  await page.goto('/');
  await page
    .getByRole('navigation', { name: 'Hoofdmenu' })
    .getByRole('link', { name: 'Wachttijden' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Wachttijden' })).toBeVisible();
  await expect(page.getByTestId('waiting-times-chart')).toBeVisible();
  const internal = page.getByRole('region', { name: 'Interne Geneeskunde' });
  await expect(internal.getByRole('row', { name: /Nieuwe verwijzing/ })).toContainText(/\d+(,\d)? dagen/);
  // Rehabilitation publishes a target of 30 days.
  await expect(page.getByRole('region', { name: /Revalidatie/ })).toContainText('Hooguit 30 dagen');
  // R-SO-09: second opinions per kind of cancer, from Loket's own data.
  await expect(page.locator('[data-testid="waiting-times-cancer-kind"][data-kind="prostate"]')).toContainText(
    /Second opinion bij Prostaatkanker.*18,8 dagen/,
  );
  await expectAccessible(page);
  await page.screenshot({ path: test.info().outputPath('waiting-times-nl.png'), fullPage: true });

  await page.goto('/waiting-times?lang=en');
  await expect(page.getByRole('heading', { level: 1, name: 'Waiting times' })).toBeVisible();
  await expect(page.getByTestId('waiting-times-chart')).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Average wait' }).first()).toBeVisible();
  await expect(page.getByRole('row', { name: /New referral/ }).first()).toContainText(/\d+(\.\d)? days/);
  await expectAccessible(page);
  await page.screenshot({ path: test.info().outputPath('waiting-times-en.png'), fullPage: true });
});
