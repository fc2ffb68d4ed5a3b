import { defineConfig, devices } from '@playwright/test';

const CI = !!process.env.CI;

/**
 * Browser tests: one small fixture page per scenario, against local servers on loopback that each
 * test starts on its own ports (so files run in parallel). Only Debian's Chromium is on this
 * machine; another engine is one more entry in `projects`.
 */
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  forbidOnly: CI,
  retries: CI ? 1 : 0,
  workers: CI ? 2 : undefined,
  timeout: 60_000,
  reporter: 'list',
  use: { trace: 'retain-on-first-failure' },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            // Names the tests use (shop.test, app.vercel.app, ...) all lead to loopback.
            '--host-resolver-rules=MAP *.test 127.0.0.1, MAP *.vercel.app 127.0.0.1',
          ],
        },
      },
    },
  ],
});
