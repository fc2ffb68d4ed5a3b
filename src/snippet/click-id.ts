/**
 * The PIMMS click id: captured from `?pimms_id=` on the landing URL into the first-party
 * `pimms_id` cookie, and read back from it when a lead is sent.
 */
import Cookies from 'js-cookie';
import { debug } from './log.ts';

/** The cookie and query parameter that carry the click id. */
export const CLICK_ID = 'pimms_id';

/**
 * The click id in the `pimms_id` cookie.
 *
 * @returns The id, or `undefined` when there is no cookie (or the page may not read cookies).
 * @example
 * readClickId() // 'cl_7Hq2...'
 */
export function readClickId(): string | undefined {
  try {
    return Cookies.get(CLICK_ID);
  } catch {
    // document.cookie throws a SecurityError in a sandboxed iframe without allow-same-origin
    // (https://html.spec.whatwg.org/multipage/dom.html#dom-document-cookie): no cookie there.
  }
}

/**
 * The click id in a URL's `?pimms_id=` parameter, trimmed.
 *
 * @param search - A query string; defaults to the page's.
 * @returns The id, or `undefined` when absent or blank.
 * @example
 * clickIdFromUrl('?pimms_id=cl_7Hq2&utm_source=x') // 'cl_7Hq2'
 */
export function clickIdFromUrl(search = location.search): string | undefined {
  return (new URLSearchParams(search).get(CLICK_ID) || '').trim() || undefined;
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
export function writeClickId(id: string, days: number, domain?: string): string | undefined {
  const attributes: Cookies.CookieAttributes = {
    expires: days,
    sameSite: 'Lax',
    secure: location.protocol == 'https:',
  };
  const candidates = domain ? [domain] : cookieDomains(location.hostname);
  try {
    // A host-only copy would shadow the domain cookie on reads: keep a single cookie.
    Cookies.remove(CLICK_ID);
    for (const candidate of candidates) {
      Cookies.set(CLICK_ID, id, Object.assign({ domain: candidate }, attributes));
      if (Cookies.get(CLICK_ID) == id) return candidate;
    }
    if (__DEBUG__ && candidates.length)
      debug(
        'the browser refused a cookie on ' +
          candidates.join(', ') +
          ' (a public suffix?): pimms_id is host-only',
      );
    Cookies.set(CLICK_ID, id, attributes);
  } catch {
    // No cookies for this document (see readClickId): the click id of the URL is still sent from this page.
  }
}
