import type { Debug } from './log.ts';
/** The cookie and query parameter that carry the click id. */
export declare const CLICK_ID = "pimms_id";
/**
 * The click id in the `pimms_id` cookie: the newest plausible one when there are several (see
 * above).
 *
 * @returns The id, or `undefined` when there is none (or the page may not read cookies).
 * @example
 * // document.cookie: 'pimms_id=aB3xQ9kLm2Zp7Wq1; theme=dark; pimms_id=1'
 * readClickId() // 'aB3xQ9kLm2Zp7Wq1' (1 is PIMMS' placeholder, not a click id)
 */
export declare function readClickId(): string | undefined;
/**
 * The click id in a URL's `?pimms_id=` parameter, trimmed, when it is a plausible one.
 *
 * @param search - A query string; defaults to the page's.
 * @returns The id, or `undefined` when absent, blank or implausible (`pimms_id=1`).
 * @example
 * clickIdFromUrl('?pimms_id=cl_7Hq2&utm_source=x') // 'cl_7Hq2'
 * clickIdFromUrl('?pimms_id=1') // undefined: PIMMS' placeholder
 */
export declare function clickIdFromUrl(search?: string): string | undefined;
/**
 * Removes `pimms_id` from the address bar (`history.replaceState`: no navigation, no new history
 * entry), keeping every other parameter as written, the hash and the history state.
 *
 * @example
 * // on /signup?utm_source=x&pimms_id=cl_1#plans
 * removeClickIdFromUrl() // the address bar shows /signup?utm_source=x#plans
 */
export declare function removeClickIdFromUrl(): void;
/**
 * Domains to try for the cookie, broadest first: `example.com` for `a.b.example.com`. The host
 * itself is a candidate only when it has two labels (`example.com`); an IP address or a single
 * label (`localhost`) has none, and gets a host-only cookie.
 *
 * @param hostname - The page's host name.
 * @returns The candidate domains, broadest first.
 * @example
 * cookieDomains('shop.example.co.uk') // ['co.uk', 'example.co.uk']
 */
export declare function cookieDomains(hostname: string): string[];
/**
 * Stores a click id in the `pimms_id` cookie: first-party, SameSite=Lax, Secure on https, on the
 * broadest domain the browser accepts (the root domain, so that every subdomain sees it). A
 * browser refuses a cookie on a public suffix (`vercel.app`, `co.uk`): the next candidate is
 * tried, and the last resort is a host-only cookie. Where a `pimms_id` cookie exists already, the
 * snippet's own is removed before each write, so that the new one is the newest (see above); on a
 * visitor's first landing there is none, and no removal is spent.
 *
 * @param id - The click id.
 * @param days - Lifetime in days.
 * @param domain - A domain to use instead of the root domain.
 * @param debug - Where debug mode says when only a host-only cookie was possible.
 * @returns The domain the cookie was set on, or `undefined` for a host-only cookie (or none, where
 *   the page may not write cookies: a sandboxed iframe).
 * @example
 * writeClickId('cl_7Hq2', 90) // 'example.com' on www.example.com
 */
export declare function writeClickId(id: string, days: number, domain?: string, debug?: Debug): string | undefined;
