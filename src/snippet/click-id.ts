/**
 * The PIMMS click id in the page: the landing URL's `?pimms_id=`, and the first-party
 * `pimms_id` cookie that keeps it for later pages.
 *
 * Two `pimms_id` cookies can exist: PIMMS' own script writes one on `.<host without www.>`
 * (`.app.example.com`), the snippet (and the relay) on the root domain (`example.com`). Which one
 * counts: the newest, the one `document.cookie` lists last. Browsers list cookies of the same path
 * (every writer here uses `/`) by creation time, oldest first (RFC 6265 §5.4 step 2), and a cookie
 * rewritten keeps its creation time (§5.3 step 11.3), so {@link writeClickId} removes its own old
 * cookie before it writes a new id: the id written last is then the one read. A value that is no
 * plausible click id (PIMMS' placeholder `1`, a template leftover) is never read or written.
 */
import { isPlausibleClickId } from '../shared/click-id-rule.ts';
import type { Debug } from './log.ts';

/** The cookie and query parameter that carry the click id. */
export const CLICK_ID = 'pimms_id';

/**
 * The click id in the `pimms_id` cookie: the newest plausible one when there are several (see
 * above).
 *
 * @returns The id, or `undefined` when there is none (or the page may not read cookies).
 * @example
 * // document.cookie: 'pimms_id=aB3xQ9kLm2Zp7Wq1; theme=dark; pimms_id=1'
 * readClickId() // 'aB3xQ9kLm2Zp7Wq1' (1 is PIMMS' placeholder, not a click id)
 */
export function readClickId(): string | undefined {
  let id;
  try {
    for (const pair of document.cookie.split('; '))
      if (!pair.indexOf(CLICK_ID + '=') && isPlausibleClickId(pair.slice(9))) id = pair.slice(9);
  } catch {
    // document.cookie throws a SecurityError in a sandboxed iframe without allow-same-origin
    // (https://html.spec.whatwg.org/multipage/dom.html#dom-document-cookie): no cookie there.
  }
  return id;
}

/**
 * The click id in a URL's `?pimms_id=` parameter, trimmed, when it is a plausible one.
 *
 * @param search - A query string; defaults to the page's.
 * @returns The id, or `undefined` when absent, blank or implausible (`pimms_id=1`).
 * @example
 * clickIdFromUrl('?pimms_id=cl_7Hq2&utm_source=x') // 'cl_7Hq2'
 * clickIdFromUrl('?pimms_id=1') // undefined: PIMMS' placeholder
 */
export function clickIdFromUrl(search = location.search): string | undefined {
  const id = (new URLSearchParams(search).get(CLICK_ID) || '').trim();
  return isPlausibleClickId(id) ? id : undefined;
}

/**
 * Removes `pimms_id` from the address bar (`history.replaceState`: no navigation, no new history
 * entry), keeping every other parameter as written, the hash and the history state.
 *
 * @example
 * // on /signup?utm_source=x&pimms_id=cl_1#plans
 * removeClickIdFromUrl() // the address bar shows /signup?utm_source=x#plans
 */
export function removeClickIdFromUrl(): void {
  // Cut from the query as written: URLSearchParams would re-encode the other parameters.
  const search = location.search
    .slice(1)
    .split('&')
    .filter((pair) => pair.split('=')[0] != CLICK_ID)
    .join('&');
  try {
    history.replaceState(
      history.state,
      '',
      location.pathname + (search ? '?' + search : '') + location.hash,
    );
  } catch {
    // A sandboxed document may not change its URL: the id stays in it, nothing else changes.
  }
}

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
export function cookieDomains(hostname: string): string[] {
  const labels = hostname.split('.');
  const domains: string[] = [];
  if (!/^[\d.]+$|:/.test(hostname)) {
    for (let i = labels.length - 2; i >= (labels.length > 2 ? 1 : 0); i--)
      domains.push(labels.slice(i).join('.'));
  }
  return domains;
}

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
export function writeClickId(
  id: string,
  days: number,
  domain?: string,
  debug?: Debug,
): string | undefined {
  const candidates = domain ? [domain] : cookieDomains(location.hostname);
  try {
    const replace = document.cookie.indexOf(CLICK_ID + '=') >= 0;
    for (const candidate of candidates) {
      if (replace) setCookie('', -1, candidate);
      setCookie(id, days, candidate);
      if (readClickId() == id) return candidate;
    }
    if (__DEBUG__ && debug && candidates.length)
      debug(
        'the browser refused a cookie on ' +
          candidates.join(', ') +
          ' (a public suffix?): pimms_id is host-only',
      );
    // (Browsers keep a host-only cookie apart from a domain cookie of the same host, such as
    // PIMMS' script's `.app.example.com`: this removal leaves that one alone.)
    if (replace) setCookie('', -1);
    setCookie(id, days);
  } catch {
    // No cookies for this document (see readClickId): the click id of the URL is still sent from this page.
  }
}

/**
 * Writes the `pimms_id` cookie: path `/`, SameSite=Lax, Secure on https. The value is a plausible
 * click id (URL-safe characters only) or `''`, so it needs no encoding.
 *
 * @param value - The click id, or `''` with a negative `days` to remove the cookie.
 * @param days - Lifetime in days; negative: already expired (removes the cookie).
 * @param domain - The cookie's domain; host-only without one.
 */
function setCookie(value: string, days: number, domain?: string): void {
  document.cookie =
    CLICK_ID +
    '=' +
    value +
    '; path=/; expires=' +
    new Date(Date.now() + days * 864e5).toUTCString() +
    (domain ? '; domain=' + domain : '') +
    '; sameSite=Lax' +
    (location.protocol == 'https:' ? '; secure' : '');
}
