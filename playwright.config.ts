import { defineConfig, devices } from '@playwright/test';
import { ENGINES, ENGINE_USE } from './testing/browsers/engines.ts';

const CI = !!process.env.CI;

/**
 * Browser tests: one small fixture page per scenario, against local servers on loopback that each
 * test starts on its own ports (so files run in parallel). Every spec runs in the three engines
 * Debian ships, one project each: Chromium, Firefox ESR (over WebDriver BiDi) and WebKitGTK
 * (MiniBrowser, over classic WebDriver, through the adapter in testing/browsers/webkit.ts; specs
 * import `test` from e2e/support/fixtures.ts, which gives it to them). `--project=firefox` runs one.
 */
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  forbidOnly: CI,
  retries: CI ? 1 : 0,
  // The engines run side by side: a browser test mostly waits (for timers, the endpoint's delays).
  workers: CI ? 3 : undefined,
  timeout: 60_000,
  reporter: 'list',
  use: { trace: 'on-first-retry' },
  projects: ENGINES.map((name) => ({
    name,
    // Each WebKit context is a whole MiniBrowser session started for the test (seconds on a busy
    // machine, twice for a test with two visitors).
    ...(name == 'webkit' ? { timeout: 120_000 } : {}),
    use: { ...(name == 'chromium' ? devices['Desktop Chrome'] : {}), ...ENGINE_USE[name] },
  })),
});
