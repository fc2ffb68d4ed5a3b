import { randomId } from './random-id.ts';
import { memory, store, storeItem } from './storage.ts';

const VISITOR_KEY = 'pimms_vid';

/**
 * A stable anonymous id for this browser, used as `externalId` when the site gives none, so that
 * the PIMMS API accepts the lead ("externalId is required") and de-duplicates repeats of the same
 * event by the same visitor. Kept in localStorage (in memory where storage is refused).
 *
 * @returns e.g. `'anon_1kq8z0x3m2r4v9a7s5p6w1c0d'`
 * @example
 * body.externalId = body.externalId || visitorId()
 */
export function visitorId(): string {
  // In memory when storage is full: still one id for the page.
  let id = store()[VISITOR_KEY] || memory[VISITOR_KEY];
  // Written once: a localStorage write waits on the browser process.
  if (!id) storeItem(VISITOR_KEY, (id = 'anon_' + randomId()));
  return id;
}
