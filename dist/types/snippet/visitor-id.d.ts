import type { PageStorage } from './storage.ts';
/**
 * A stable anonymous id for this browser, used as `externalId` when the site gives none, so that
 * the PIMMS API accepts the lead ("externalId is required") and de-duplicates repeats of the same
 * event by the same visitor. Kept in localStorage (in memory where storage is refused).
 *
 * @param storage - The page's storage.
 * @returns e.g. `'anon_1kq8z0x3m2r4v9a7s5p6w1c0d'`
 * @example
 * body.externalId = body.externalId || visitorId(storage)
 */
export declare function visitorId(storage: PageStorage): string;
