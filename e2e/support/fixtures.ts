/**
 * Playwright fixtures of the browser tests: the browser of the project's engine (WebKitGTK's
 * through the adapter in testing/browsers/webkit.ts), a fresh lead endpoint (relay + sandbox,
 * another origin) and a fresh site for every test, so tests run in parallel and share no state; on
 * failure, every body the endpoint received and every console line is printed.
 */
import { test as base, expect, type Browser } from '@playwright/test';
import { launchWebKit } from '../../testing/browsers/webkit.ts';
import {
  startEndpoint,
  type Endpoint,
  type EndpointOptions,
} from '../../testing/servers/endpoint.ts';
import { startSite, type Site } from '../../testing/servers/site.ts';

export { expect };

export const test = base.extend<{
  endpoint: Endpoint;
  /** The endpoint's settings, for `test.use({ endpointOptions: { rateLimit: 1 } })`. */
  endpointOptions: EndpointOptions;
  site: Site;
  browserLog: string[];
}>({
  // Playwright's own, but for WebKit: Playwright drives only its patched WebKit build, Debian's
  // WebKitGTK goes through the adapter. Chromium and Firefox launch as Playwright's fixture does.
  browser: [
    async ({ playwright, browserName }, use) => {
      const browser =
        browserName == 'webkit'
          ? ((await launchWebKit()) as unknown as Browser)
          : await playwright[browserName].launch();
      await use(browser);
      await browser.close();
    },
    { scope: 'worker', timeout: 0 },
  ],
  endpointOptions: [{}, { option: true }],
  endpoint: async ({ endpointOptions }, use) => {
    const endpoint = await startEndpoint(endpointOptions);
    await use(endpoint);
    await endpoint.close();
  },
  site: async ({ endpoint }, use) => {
    const site = await startSite(endpoint.url);
    await use(site);
    await site.close();
  },
  browserLog: [
    async ({ page }, use) => {
      const log: string[] = [];
      page.on('console', (message) => log.push(`console.${message.type()}: ${message.text()}`));
      page.on('pageerror', (error) => {
        // Firefox over BiDi reports its own cookie notices as page errors: the landing request's
        // Set-Cookie refused because the test endpoint is another site (127.0.0.2). The browser's
        // notice, not a script error; the console line stays.
        if (
          /^Cookie “pimms_id” has been rejected because it is in a cross-site context/.test(
            error.message,
          )
        )
          return log.push(`console.warning: ${error.message}`);
        log.push(`pageerror: ${error.message}`);
      });
      await use(log);
    },
    { auto: true },
  ],
});

test.afterEach(async ({ endpoint, browserLog }, testInfo) => {
  if (testInfo.status == testInfo.expectedStatus) return;
  console.log(
    `[${testInfo.title}] endpoint received:\n` +
      endpoint.received.map((r) => `  ${r.at}ms ${r.method} -> ${r.status}: ${r.text}`).join('\n'),
  );
  console.log(
    `[${testInfo.title}] sandbox leads:\n` + JSON.stringify(endpoint.sandbox.leads(), null, 2),
  );
  console.log(`[${testInfo.title}] browser:\n  ` + browserLog.join('\n  '));
});

/**
 * Waits for the snippet on a page to be loaded (`pimms.loaded`).
 *
 * @param page - The page.
 * @example
 * await snippetLoaded(page);
 */
export async function snippetLoaded(page: import('@playwright/test').Page): Promise<void> {
  await page.waitForFunction(
    () => (window as { pimms?: { loaded?: boolean } }).pimms?.loaded === true,
  );
}
