// Issue 4, storage that throws: the outbox cannot be kept in localStorage, yet a lead must still be
// sent, and retried while the page is open (from memory). Each case meets a 503 first, so that the
// retry is what delivers it; each ends with the lead recorded once.
import { expectDeliveredOnce } from './support/delivered-once.ts';
import { expect, snippetLoaded, test } from './support/fixtures.ts';
import type { Frame, Page } from '@playwright/test';

/** What writing to localStorage does on a page: `ok`, or the name of the error it throws. */
const storageWrite = (target: Page | Frame) =>
  target.evaluate(() => {
    try {
      localStorage.pimms_e2e_probe = 'x';
      return 'ok';
    } catch (error) {
      return (error as DOMException).name;
    }
  });

/** Makes a lead during a 503, recovers, and expects the page to deliver it once by itself. */
async function leadThroughOutage(
  target: Page | Frame,
  endpoint: import('../testing/servers/endpoint.ts').Endpoint,
  clickId: string,
) {
  endpoint.fault = { status: 503 };
  expect(await target.evaluate(() => window.pimms!.lead('Sign up'))).toMatchObject({
    status: 'queued',
    reason: expect.stringMatching(/^HTTP 503/),
  });
  endpoint.fault = undefined;
  await expectDeliveredOnce(endpoint, clickId, target);
}

test('in a sandboxed iframe without allow-same-origin (localStorage throws SecurityError)', async ({
  page,
  site,
  endpoint,
}) => {
  const clickId = await endpoint.newClick();
  await page.goto(`${site.origin}/fixtures/delivery-storage-sandboxed.html?pimms_id=${clickId}`);
  await expect.poll(() => page.frames().length).toBe(2);
  const frame = page.frames()[1];
  await frame.waitForFunction(() => window.pimms?.loaded === true);
  expect(await storageWrite(frame)).toBe('SecurityError');
  await leadThroughOutage(frame, endpoint, clickId);
});

test('where window.localStorage was redefined to throw before the snippet loaded', async ({
  page,
  site,
  endpoint,
}) => {
  const clickId = await endpoint.newClick();
  await page.goto(`${site.origin}/fixtures/delivery-storage-blocked.html?pimms_id=${clickId}`);
  await snippetLoaded(page);
  expect(await storageWrite(page)).toBe('SecurityError');
  await leadThroughOutage(page, endpoint, clickId);
});

test('with localStorage filled to its quota (every write throws QuotaExceededError)', async ({
  page,
  site,
  endpoint,
}) => {
  const clickId = await endpoint.newClick();
  await page.goto(`${site.origin}/fixtures/delivery-storage-full.html?pimms_id=${clickId}`);
  await snippetLoaded(page);
  expect(await storageWrite(page)).toBe('QuotaExceededError');
  await leadThroughOutage(page, endpoint, clickId);
});
