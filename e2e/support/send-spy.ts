/**
 * A record, kept in the page, of every request the snippet starts (`fetch` and
 * `navigator.sendBeacon`), written at the moment of the call. It is what lets a test say "nothing
 * was sent" without waiting: the snippet starts its requests synchronously inside the event or call
 * that makes a lead, so once that has returned, an empty record is final. The record lives in
 * sessionStorage, so that it outlives the navigation of a sign-up to another page of the same
 * origin (the unload of the old page is where a `form.submit()` lead goes).
 */
import type { Page } from '@playwright/test';

/** One request the page started. */
export interface Send {
  via: 'fetch' | 'beacon';
  url: string;
  /** The body when it is a string (the snippet's always are). */
  body: string | null;
}

const KEY = 'pimms_e2e_sends';

/**
 * Wraps `fetch` and `sendBeacon` in every document of the page before any of its scripts runs
 * (an init script: Content-Security-Policy does not apply to it, so it works on strict pages too).
 *
 * @param page - The page, before its first `goto`.
 * @example
 * await spyOnSends(page);
 * await page.goto(url);
 * expect(await sends(page)).toEqual([]);
 */
export async function spyOnSends(page: Page): Promise<void> {
  await page.addInitScript((key) => {
    const record = (via: string, url: unknown, body: unknown) => {
      try {
        const list = JSON.parse(sessionStorage.getItem(key) || '[]');
        list.push({
          via,
          url: url instanceof Request ? url.url : String(url),
          body: typeof body == 'string' ? body : null,
        });
        sessionStorage.setItem(key, JSON.stringify(list));
      } catch {}
    };
    const fetch = window.fetch;
    window.fetch = function (this: unknown, ...args: Parameters<typeof fetch>) {
      record('fetch', args[0], args[1] && args[1].body);
      return fetch.apply(this, args);
    };
    const beacon = navigator.sendBeacon;
    navigator.sendBeacon = function (this: Navigator, ...args: Parameters<typeof beacon>) {
      record('beacon', args[0], args[1]);
      return beacon.apply(this, args);
    };
  }, KEY);
}

/**
 * The requests the page (and earlier pages of its origin in this tab) started, in order.
 *
 * @param page - A page set up with {@link spyOnSends}.
 * @returns The requests, with their bodies parsed where they are JSON.
 * @example
 * expect((await sends(page)).map((s) => s.json?.eventName)).toEqual(['Sign up']);
 */
export async function sends(page: Page): Promise<(Send & { json?: Record<string, unknown> })[]> {
  const list: Send[] = await page.evaluate(
    (key) => JSON.parse(sessionStorage.getItem(key) || '[]'),
    KEY,
  );
  // The landing request (`?pimms_id=`, empty body: issue 13) is not a lead send.
  return list
    .filter((send) => send.body !== '')
    .map((send) => {
      try {
        return { ...send, json: JSON.parse(send.body!) };
      } catch {
        return send;
      }
    });
}
