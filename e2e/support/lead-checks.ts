/**
 * Checks the browser tests share: leads counted by eventId at the endpoint and in the page's send
 * record, and what the snippet keeps in the page (cookie, localStorage).
 */
import type { Page } from '@playwright/test';
import { expect } from './fixtures.ts';
import type { Endpoint } from '../../testing/servers/endpoint.ts';
import { sends } from './send-spy.ts';

/**
 * One body per lead. A lead handed to sendBeacon stays in the outbox (its answer cannot be read),
 * and the same unload sends it again with the same eventId, which the relay recognises and does
 * not forward twice; so leads are counted by eventId, and a second lead is a second eventId.
 *
 * @param bodies - Lead bodies, in the order they were sent.
 * @returns The first body of each eventId.
 * @example
 * byEventId(endpoint.posts())
 */
export function byEventId(bodies: Record<string, unknown>[]): Record<string, unknown>[] {
  const seen = new Set<unknown>();
  return bodies.filter((body) => !seen.has(body.eventId) && seen.add(body.eventId));
}

/**
 * The leads the page started to send, once each, from the spy's record (see send-spy.ts).
 *
 * @param page - A page set up with `spyOnSends`.
 * @returns `{via, url, ...body}` per lead.
 * @example
 * expect(await leadsSent(page)).toEqual([{ via: 'fetch', url: endpoint.url, ...lead }]);
 */
export async function leadsSent(page: Page): Promise<Record<string, unknown>[]> {
  return byEventId(
    (await sends(page)).map((send): Record<string, unknown> => ({
      via: send.via,
      url: send.url,
      ...send.json,
    })),
  );
}

/**
 * Waits until the endpoint holds `count` leads and the sandbox recorded as many.
 *
 * @param endpoint - The test's endpoint.
 * @param count - How many leads must arrive.
 * @returns Their bodies, as received, in order.
 * @example
 * expect(await leadsArrived(endpoint, 1)).toEqual([lead]);
 */
export async function leadsArrived(
  endpoint: Endpoint,
  count: number,
): Promise<Record<string, unknown>[]> {
  await expect
    .poll(() => byEventId(endpoint.posts()).length, { message: 'leads at the endpoint' })
    .toBe(count);
  await expect
    .poll(() => endpoint.sandbox.leads().length, { message: 'leads in the sandbox' })
    .toBe(count);
  return byEventId(endpoint.posts());
}

/**
 * What the snippet keeps in the page: the `pimms_id` cookies of the browser context, and the
 * page's localStorage items whose name starts with `pimms_` (outbox entries, visitor id).
 *
 * @param page - The page.
 * @returns `{cookies, storage}`; `storage` maps item names to parsed JSON (or the raw string).
 * @example
 * expect(await kept(page)).toEqual({ cookies: [], storage: {} });
 */
export async function kept(page: Page): Promise<{
  cookies: { domain: string; value: string }[];
  documentCookie: string;
  storage: Record<string, unknown>;
}> {
  const cookies = (await page.context().cookies())
    .filter((c) => c.name == 'pimms_id')
    .map(({ domain, value }) => ({ domain, value }));
  const { documentCookie, items } = await page.evaluate(() => ({
    documentCookie: document.cookie,
    items: { ...localStorage },
  }));
  const storage: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(items)) {
    if (!key.startsWith('pimms_')) continue;
    try {
      storage[key] = JSON.parse(value);
    } catch {
      storage[key] = value;
    }
  }
  return { cookies, documentCookie, storage };
}
