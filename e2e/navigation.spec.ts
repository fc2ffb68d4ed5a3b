// A sign-up button records the lead and navigates away in the same click handler: the lead must
// still reach an endpoint on another origin, even one slow to answer preflights, and even when the
// next page does not load the snippet (so no outbox resend can help).
import { expect, snippetLoaded, test } from './support/fixtures.ts';

test('a lead made as the page navigates away reaches a cross-origin endpoint', async ({
  page,
  site,
  endpoint,
}) => {
  endpoint.preflightDelayMs = 400;
  endpoint.answerDelayMs = 200;
  const clickId = await endpoint.newClick();
  await page.goto(`${site.origin}/fixtures/navigate-on-click.html?pimms_id=${clickId}`);
  await snippetLoaded(page);
  await page.click('#signup');
  await page.waitForURL(`${site.origin}/next`);
  await expect.poll(() => endpoint.sandbox.leads().length, { timeout: 10_000 }).toBe(1);
  expect(endpoint.sandbox.leads()[0]).toMatchObject({
    clickId,
    eventName: 'Sign up',
    customerEmail: 'ada@example.com',
  });
  expect(new URL(endpoint.origin).origin).not.toBe(site.origin);
  expect(endpoint.received.filter((r) => r.method == 'OPTIONS')).toEqual([]);
  expect(endpoint.posts()).toHaveLength(1);
});
