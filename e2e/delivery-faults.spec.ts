// Issue 4, the faults a lead meets on its way: a 429 with Retry-After, a refused connection, the
// browser offline, the tab closed right after the call, two tabs on one outbox. Each must end with
// the lead recorded once by PIMMS (the sandbox) and the outbox drained; how many POSTs it took is
// reported. Waits are polls on the endpoint's state, bounded by the snippet's lease and back-off.
import { expectDeliveredOnce, outboxKeys } from './support/delivered-once.ts';
import { expect, snippetLoaded, test } from './support/fixtures.ts';
import { tallyLead } from '../testing/scenarios/lead-tally.ts';
import { SANDBOX_KEY } from '../testing/servers/endpoint.ts';

const WELCOME = '/fixtures/delivery-welcome.html';

/** The POSTs of a click's lead, in arrival order. */
const postsOf = (
  endpoint: {
    received: { method: string; at: number; json?: Record<string, unknown>; retryAfter?: string }[];
  },
  clickId: string,
) => endpoint.received.filter((r) => r.method == 'POST' && r.json?.clickId == clickId);

test('a 429 with Retry-After: the page waits that long, then delivers the lead once', async ({
  page,
  site,
  endpoint,
}) => {
  endpoint.fault = { status: 429, retryAfter: 1 };
  const clickId = await endpoint.newClick();
  await page.goto(`${site.origin}${WELCOME}?pimms_id=${clickId}`);
  await snippetLoaded(page);
  expect(await page.evaluate(() => window.pimms!.lead('Sign up'))).toMatchObject({
    status: 'queued',
    reason: expect.stringMatching(/^HTTP 429/),
  });
  endpoint.fault = undefined;
  await expectDeliveredOnce(endpoint, clickId, page);
  // The retry came no sooner than Retry-After allows (both times are the server's).
  const [first, second] = postsOf(endpoint, clickId);
  expect(second.at - first.at).toBeGreaterThanOrEqual(1000 - 10);
});

test.describe("PIMMS' own rate limit (the sandbox's, per key)", () => {
  // One lead per 10 s window: the wait for the reset takes seconds, as PIMMS' minute would take at most a minute.
  const WINDOW_MS = 10_000;
  test.use({ endpointOptions: { rateLimit: 1, rateLimitWindowMs: WINDOW_MS } });

  test('rate-limited during the lead: the outbox waits the real reset (seconds) and the lead is recorded once', async ({
    page,
    site,
    endpoint,
  }) => {
    test.setTimeout(90_000);
    const clickId = await endpoint.newClick();
    await page.goto(`${site.origin}${WELCOME}?pimms_id=${clickId}`);
    await snippetLoaded(page);
    // Early in a window, so the lead below falls in the same one as the call that fills it.
    while (Date.now() % WINDOW_MS > 2000) await new Promise((resolve) => setTimeout(resolve, 200));
    // Another of the site's leads, straight to PIMMS, uses up the key's window.
    const other = await endpoint.sandbox.handler(
      new Request('http://sandbox.invalid/track/lead', {
        method: 'POST',
        headers: { authorization: `Bearer ${SANDBOX_KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          clickId: await endpoint.newClick(),
          eventName: 'Sign up',
          externalId: 'someone_else',
        }),
      }),
    );
    expect(other.status).toBe(200);

    expect(await page.evaluate(() => window.pimms!.lead('Sign up'))).toMatchObject({
      status: 'queued',
      reason: expect.stringMatching(/^HTTP 429/),
    });
    // PIMMS answered 429 with its reset in Unix ms; the relay told the page seconds, not a day.
    expect(endpoint.forwarded.map((call) => call.status)).toEqual([429]);
    const told = Number(postsOf(endpoint, clickId)[0]!.retryAfter);
    expect(told).toBeGreaterThanOrEqual(1);
    expect(told).toBeLessThanOrEqual(WINDOW_MS / 1000 + 1);

    await expect
      .poll(() => tallyLead(endpoint, clickId).leads, { timeout: 60_000 })
      .toBeGreaterThan(0);
    await expect.poll(() => outboxKeys(page), { timeout: 15_000 }).toEqual([]);
    expect(tallyLead(endpoint, clickId)).toMatchObject({
      leads: 1,
      duplicates: 0,
      eventIds: [expect.any(String)],
    });
    // Sent again once the wait was over, and PIMMS recorded it then: no call spent in between.
    expect(endpoint.forwarded.map((call) => call.status)).toEqual([429, 200]);
    const [first, second] = postsOf(endpoint, clickId);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(told * 1000 - 50);
  });
});

test('a 429 with Retry-After binds the next page too, which sends the lead once it has passed', async ({
  page,
  site,
  endpoint,
}) => {
  endpoint.fault = { status: 429, retryAfter: 2 };
  const clickId = await endpoint.newClick();
  await page.goto(`${site.origin}${WELCOME}?pimms_id=${clickId}`);
  await snippetLoaded(page);
  expect(await page.evaluate(() => window.pimms!.lead('Sign up'))).toMatchObject({
    status: 'queued',
  });
  endpoint.fault = undefined;
  // The visitor moves on at once and stays on the next page.
  await page.goto(site.origin + WELCOME);
  await snippetLoaded(page);
  await expectDeliveredOnce(endpoint, clickId, page);
  const [first, second] = postsOf(endpoint, clickId);
  expect(second.at - first.at).toBeGreaterThanOrEqual(2000 - 10);
});

test('a refused connection: the page retries and delivers the lead once the endpoint is back', async ({
  page,
  site,
  endpoint,
}) => {
  const clickId = await endpoint.newClick();
  await page.goto(`${site.origin}${WELCOME}?pimms_id=${clickId}`);
  await snippetLoaded(page);
  await endpoint.stop();
  expect(await page.evaluate(() => window.pimms!.lead('Sign up'))).toMatchObject({
    status: 'queued',
    reason: 'network error',
  });
  await endpoint.start();
  await expectDeliveredOnce(endpoint, clickId, page);
});

test('offline, then online: the lead waits in the outbox and goes when the browser is back online', async ({
  page,
  context,
  site,
  endpoint,
}) => {
  const clickId = await endpoint.newClick();
  await page.goto(`${site.origin}${WELCOME}?pimms_id=${clickId}`);
  await snippetLoaded(page);
  await context.setOffline(true);
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);
  expect(await page.evaluate(() => window.pimms!.lead('Sign up'))).toMatchObject({
    status: 'queued',
    reason: 'network error',
  });
  expect(await outboxKeys(page)).toHaveLength(1);
  await context.setOffline(false);
  await expectDeliveredOnce(endpoint, clickId, page);
  // Nothing reached the endpoint while offline.
  expect(tallyLead(endpoint, clickId).posts).toBe(1);
});

test('the tab closed right after the call: the lead arrives, and a later tab counts it no second time', async ({
  page,
  context,
  site,
  endpoint,
}) => {
  endpoint.answerDelayMs = 200;
  const clickId = await endpoint.newClick();
  await page.goto(`${site.origin}${WELCOME}?pimms_id=${clickId}`);
  await snippetLoaded(page);
  await page.evaluate(() => void window.pimms!.lead('Sign up'));
  await page.close();
  await expect.poll(() => tallyLead(endpoint, clickId).leads).toBe(1);
  // The closed tab never heard the answer, so its outbox still holds the lead: the visitor's next
  // page view resends it once its lease is over, and the relay answers that repeat from its eventId cache.
  const later = await context.newPage();
  await later.goto(site.origin + WELCOME);
  await snippetLoaded(later);
  await expectDeliveredOnce(endpoint, clickId, later);
});

test('two tabs on one outbox: after a 503, the lead is delivered once, by one tab at a time', async ({
  page,
  context,
  site,
  endpoint,
}) => {
  endpoint.fault = { status: 503 };
  const clickId = await endpoint.newClick();
  await page.goto(`${site.origin}${WELCOME}?pimms_id=${clickId}`);
  await snippetLoaded(page);
  expect(await page.evaluate(() => typeof navigator.locks?.request)).toBe('function');
  expect(await page.evaluate(() => window.pimms!.lead('Sign up'))).toMatchObject({
    status: 'queued',
  });
  // A second tab of the same visitor: it finds the lead in the shared outbox and retries it too.
  const second = await context.newPage();
  await second.goto(site.origin + WELCOME);
  await snippetLoaded(second);
  // Both have tried by now: the first tab's call and back-off retry, the second tab's page view.
  await expect
    .poll(() => tallyLead(endpoint, clickId).posts, { timeout: 10_000 })
    .toBeGreaterThanOrEqual(3);
  endpoint.fault = undefined;
  const tally = await expectDeliveredOnce(endpoint, clickId, page);
  // Each tab has its own renderer, whose copy of localStorage hears the other's removal a moment
  // later (under CI's load, after the first tab's read already showed it empty): poll, not read.
  await expect.poll(() => outboxKeys(second), { timeout: 5_000 }).toEqual([]);
  // Under the Web Lock one tab sends while the other waits, and finds the outbox empty after.
  expect(tally.postsOk).toBe(1);
});
