import { defineConfig } from '@playwright/test';

/**
 * Browser tests in Debian's Chromium against a real Loket server on a fresh embedded database in demo mode.
 * The server is started by Playwright; its data folder is wiped first, so every run starts from the demo desk.
 */
const port = Number(process.env.LOKET_E2E_PORT ?? 3100);
const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: 'e2e/specs',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  outputDir: `.tmp/e2e-results-${port}`,
  use: {
    baseURL,
    locale: 'nl-NL',
    timezoneId: 'Europe/Amsterdam',
    screenshot: 'only-on-failure',
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    // The server's log goes to a file for the log scan (packages/server/src/security/log-scan, R-ID-04).
    command: `mkdir -p .tmp && rm -rf .tmp/e2e-data-${port} .tmp/e2e-urls-${port}.log && "${process.execPath}" packages/server/src/main.ts --demo > .tmp/e2e-server-${port}.log`,
    url: `${baseURL}/readyz`,
    timeout: 120_000,
    reuseExistingServer: false,
    env: {
      PORT: String(port),
      LOKET_DATA_DIR: `.tmp/e2e-data-${port}`,
      LOKET_PUBLIC_URL: baseURL,
      LOG_LEVEL: 'info',
      // The browser tests sign in dozens of times a minute; throttling has its own integration tests.
      LOKET_SIGNIN_ATTEMPTS_PER_MINUTE: '1000',
    },
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
