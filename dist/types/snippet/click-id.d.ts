/** The cookie and query parameter that carry the click id. */
export declare const CLICK_ID = "pimms_id";
/**
 * The click id in the `pimms_id` cookie.
 *
 * @returns The id, or `undefined` when there is no cookie (or the page may not read cookies).
 * @example
 * readClickId() // 'cl_7Hq2...'
 */
export declare function readClickId(): string | undefined;
/**
 * The click id in a URL's `?pimms_id=` parameter, trimmed.
 *
 * @param search - A query string; defaults to the page's.
 * @returns The id, or `undefined` when absent or blank.
 * @example
 * clickIdFromUrl('?pimms_id=cl_7Hq2&utm_source=x') // 'cl_7Hq2'
 */
export declare function clickIdFromUrl(search?: string): string | undefined;
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
 * tried, and the last resort is a host-only cookie.
 *
 * @param id - The click id.
 * @param days - Lifetime in days.
 * @param domain - A domain to use instead of the root domain.
 * @returns The domain the cookie was set on, or `undefined` for a host-only cookie (or none, where
 *   the page may not write cookies: a sandboxed iframe).
 * @example
 * writeClickId('cl_7Hq2', 90) // 'example.com' on www.example.com
 */
export declare function writeClickId(id: string, days: number, domain?: string): string | undefined;
