/**
 * The assertion every delivery fault test ends with: the click's lead was recorded once by PIMMS
 * (the sandbox), reached it once through the relay, carried one eventId however often it was sent,
 * and left the outbox. The number of POSTs it took is reported, not asserted: retries are the point.
 */
import { expect, test, type Frame, type Page } from '@playwright/test';
import type { Endpoint } from '../../testing/servers/endpoint.ts';
import { tallyLead, type LeadTally } from '../../testing/scenarios/lead-tally.ts';

/**
 * Waits for a click's lead to be recorded and the outbox to drain, then asserts it was delivered
 * once, and reports (test annotation `posts`, and a console line) how many POSTs it took.
 *
 * @param endpoint - The endpoint the lead goes to.
 * @param clickId - The click.
 * @param page - A page (or frame) of the visitor's, whose outbox must drain; none when no page is left.
 * @param timeout - How long to wait, in ms; default 15000 (a 5 s lease plus back-off).
 * @returns What the endpoint saw.
 * @example
 * await expectDeliveredOnce(endpoint, clickId, page);
 */
export async function expectDeliveredOnce(
  endpoint: Endpoint,
  clickId: string,
  page?: Page | Frame,
  timeout = 15_000,
): Promise<LeadTally> {
  await expect
    .poll(() => tallyLead(endpoint, clickId).leads, { timeout, message: 'the lead is recorded' })
    .toBeGreaterThan(0);
  if (page)
    await expect
      .poll(() => outboxKeys(page), { timeout, message: 'the outbox drains' })
      .toEqual([]);
  const tally = tallyLead(endpoint, clickId);
  expect(tally).toMatchObject({
    leads: 1,
    duplicates: 0,
    forwarded: 1,
    eventIds: [expect.any(String)],
  });
  const info = test.info();
  info.annotations.push({
    type: 'posts',
    description: `${tally.posts} POST(s), ${tally.postsOk} answered 2xx`,
  });
  console.log(`[${info.title}] 1 lead, ${tally.posts} POST(s), ${tally.postsOk} answered 2xx`);
  return tally;
}

/**
 * The outbox items in a page's localStorage (none where storage throws: the outbox is in memory).
 *
 * @param page - The page or frame.
 * @returns The `pimms_ob_*` keys.
 * @example
 * expect(await outboxKeys(page)).toHaveLength(1);
 */
export function outboxKeys(page: Page | Frame): Promise<string[]> {
  return page.evaluate(() => {
    try {
      return Object.keys(localStorage).filter((key) => key.startsWith('pimms_ob_'));
    } catch {
      return [];
    }
  });
}
