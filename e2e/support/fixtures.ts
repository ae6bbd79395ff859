import { appendFileSync, mkdirSync } from 'node:fs';
import { test as base, expect, type Page } from '@playwright/test';
import { AxeBuilder } from '@axe-core/playwright';
import { base32 } from '@better-auth/utils/base32';
import { createOTP } from '@better-auth/utils/otp';

/** Demo accounts (README) and their shared TOTP secret; the server runs in demo mode for browser tests. */
export const DEMO_PASSWORD = 'Loket-demo-2026';
export const DEMO_TOTP_SECRET = 'LOKETDEMOLOKETDEMOLOKETDEMO23456';

export function totp(secret = DEMO_TOTP_SECRET): Promise<string> {
  return createOTP(base32.decode(secret)).totp();
}

/** Page object for signing in through the real form. */
export class SignInPage {
  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }
  async open() {
    await this.page.goto('/sign-in');
  }
  async withPassword(email: string, password = DEMO_PASSWORD) {
    await this.page.getByLabel('E-mailadres').fill(email);
    await this.page.getByLabel('Wachtwoord').fill(password);
    await this.page.getByRole('button', { name: 'Inloggen' }).click();
  }
  async withCode(code: string) {
    await this.page.getByLabel('Code uit uw authenticator-app').fill(code);
    await this.page.getByRole('button', { name: 'Bevestigen' }).click();
  }
  /** Full sign-in; staff accounts are asked for a code, which we compute from the demo secret. */
  async as(email: string) {
    await this.open();
    await this.withPassword(email);
    const code = this.page.getByLabel('Code uit uw authenticator-app');
    const account = this.page.getByTestId('account-link');
    await expect(code.or(account)).toBeVisible();
    if (await code.isVisible()) await this.withCode(await totp());
    await expect(account).toBeVisible();
  }
}

/** Axe: no serious or critical accessibility violations. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual(
    [],
  );
}

export const test = base.extend<{ signIn: SignInPage; urlLog: void }>({
  signIn: async ({ page }, use) => {
    await use(new SignInPage(page));
  },
  // Every URL the browser loads, for the log scan (packages/server/src/security/log-scan, R-ID-04).
  urlLog: [
    async ({ page, baseURL }, use) => {
      const file = `.tmp/e2e-urls-${new URL(baseURL ?? 'http://localhost:3100').port}.log`;
      mkdirSync('.tmp', { recursive: true });
      page.on('request', (r) => appendFileSync(file, `${r.method()} ${r.url()}\n`));
      await use();
    },
    { auto: true },
  ],
});
export { expect };
