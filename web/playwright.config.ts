// The console's end-to-end tests (tests/e2e/): Playwright drives Debian's Chromium, never a
// downloaded browser, against a real `keyward serve` each spec file starts. CTest runs one spec
// file per test (tests/e2e/CMakeLists.txt); `make screenshots` runs screenshots.shots.ts.
import { defineConfig } from '@playwright/test';
import { join } from 'node:path';

const screenshots = process.env.KEYWARD_SCREENSHOTS === '1';

export default defineConfig({
  testDir: join(__dirname, '..', 'tests', 'e2e'),
  testMatch: screenshots ? /screenshots\.shots\.ts$/ : /\.spec\.ts$/,
  outputDir: process.env.KEYWARD_E2E_OUTPUT ?? join(__dirname, '..', 'build', 'e2e', 'results'),
  timeout: 120_000,
  expect: { timeout: 10_000 },
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.KEYWARD_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    // Each server has a self-signed certificate made at `keyward init`; the requests the tests
    // make outside the browser (curl) check it properly.
    ignoreHTTPSErrors: true,
    viewport: { width: 1280, height: 860 },
    locale: 'en-GB',
    timezoneId: 'UTC',
    screenshot: 'only-on-failure',
    trace: 'off',
  },
});
