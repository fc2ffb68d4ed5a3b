import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_LAUNCH_OPTIONS } from './testing/browsers/chromium-options.ts';

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
  use: { trace: 'on-first-retry' },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: CHROMIUM_LAUNCH_OPTIONS,
      },
    },
  ],
});
