/**
 * The click id the server keeps: the `pimms_id` cookie set with `Set-Cookie` (which Safari's ITP
 * leaves at its full lifetime, unlike a cookie written by script), the relay's answer to the
 * snippet's landing request, and the click id a lead without one takes from that cookie.
 */
import { isPlausibleClickId } from '../shared/click-id-rule.ts';
import { failure, toResponse } from './answers.ts';

/** The cookie and query parameter that carry the click id (the snippet's and PIMMS' own). */
export const CLICK_ID_COOKIE = 'pimms_id';

/** Default of {@link ClickIdCookieOptions.cookieDays}: as the snippet's and PIMMS' own script's. */
export const DEFAULT_COOKIE_DAYS = 90;

/** How the server sets the `pimms_id` cookie; the same options as the snippet's cookie. */
export interface ClickIdCookieOptions {
  /** Lifetime of the cookie in days (`Max-Age`). Default 90. */
  cookieDays?: number;
  /**
   * The cookie's `Domain`, e.g. `example.com`. Default: the root domain of the request's host
   * (see {@link cookieDomainFor}); set it for a host under a public suffix that guess does not
   * know (`my-shop.example-hosting.net`), else that browser refuses the cookie.
   */
  cookieDomain?: string;
  /**
   * `first-click` keeps a `pimms_id` cookie the request already carries; `last-click` (the
   * default) replaces it with the newer click.
   */
  attributionModel?: 'first-click' | 'last-click';
}

// Two-label public suffixes whose sites are one label deeper: the common ccTLD second levels
// (`co.uk`, `com.au`: any two-letter TLD) and hosting platforms where each site is a subdomain.
// A browser refuses a cookie on a public suffix and the server cannot probe as the snippet does;
// a host this list misses needs `cookieDomain`.
const SECOND_LEVELS = /^(?:co|com|net|org|gov|edu|ac|or|ne|go|gob|mil|ltd|plc|sch|nic)\.[a-z]{2}$/;
const PLATFORMS = new Set(
  (
    'vercel.app netlify.app pages.dev workers.dev github.io gitlab.io herokuapp.com onrender.com ' +
    'fly.dev web.app firebaseapp.com azurewebsites.net cloudfront.net amplifyapp.com appspot.com ' +
    'blogspot.com glitch.me replit.app railway.app deno.dev surge.sh ngrok.io ngrok-free.app ' +
    'webflow.io wixsite.com myshopify.com'
  ).split(' '),
);

/**
 * The `Domain` the server gives the cookie for a host, as the snippet's cookie gets it in a
 * browser: the root domain (`example.com` for `www.example.com` and `app.example.com`,
 * `example.co.uk` for `shop.example.co.uk`, the host itself for a two-label host). Host-only
 * (`undefined`) where no shared domain exists or the host cannot tell: an IP address, a single
 * label (`localhost`), a site directly under a public suffix (`my-app.vercel.app`), a malformed
 * Host.
 *
 * @param host - A `Host` header value, port allowed.
 * @returns The domain, or `undefined` for a host-only cookie.
 * @example
 * cookieDomainFor('www.shop.example:8080') // 'shop.example'
 * cookieDomainFor('my-app.vercel.app') // undefined
 */
export function cookieDomainFor(host: string): string | undefined {
  const name = host.trim().toLowerCase().replace(/:\d*$/, '').replace(/\.$/, '');
  if (!/^[a-z\d-]+(\.[a-z\d-]+)+$/.test(name) || /^[\d.]+$/.test(name)) return;
  const labels = name.split('.');
  const suffix = labels.slice(-2).join('.');
  const depth = SECOND_LEVELS.test(suffix) || PLATFORMS.has(suffix) ? 3 : 2;
  if (labels.length == 2 && depth == 2) return name;
  if (labels.length <= depth) return;
  return labels.slice(-depth).join('.');
}

/**
 * The `Set-Cookie` value that keeps the click id of a request's `?pimms_id=`, for a site's own
 * middleware on the landing page (the relay uses it for the snippet's landing request):
 * `pimms_id=<id>; Domain=<root domain>; Path=/; Max-Age=7776000; SameSite=Lax`, plus `Secure` on
 * https (the request URL's, or `X-Forwarded-Proto` behind a proxy). Not HttpOnly: the snippet
 * reads it.
 *
 * @param request - The request of the landing page (or the landing request).
 * @param options - See {@link ClickIdCookieOptions}; all optional.
 * @returns The header value, or `null` when there is nothing to keep: no `pimms_id` in the URL,
 *   one that is not a plausible click id (PIMMS' placeholder `1`), or, with `first-click`, a
 *   request that already carries a plausible `pimms_id` cookie.
 * @throws TypeError when `cookieDays` is not a positive number or `cookieDomain` is not a domain.
 * @example
 * const cookie = clickIdCookie(request, { cookieDomain: 'example.com' });
 * if (cookie) response.headers.append('set-cookie', cookie);
 */
export function clickIdCookie(request: Request, options: ClickIdCookieOptions = {}): string | null {
  checkOptions(options);
  const { cookieDays = DEFAULT_COOKIE_DAYS, cookieDomain, attributionModel } = options;
  const url = new URL(request.url);
  const id = url.searchParams.get(CLICK_ID_COOKIE)?.trim();
  if (!isPlausibleClickId(id)) return null;
  if (attributionModel == 'first-click' && clickIdFromCookie(request)) return null;

  const host =
    request.headers.get('x-forwarded-host')?.split(',')[0] ||
    request.headers.get('host') ||
    url.host;
  const domain = cookieDomain ? cookieDomain.replace(/^\./, '') : cookieDomainFor(host);
  const proto = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim();
  const secure = proto ? proto == 'https' : url.protocol == 'https:';
  return (
    `${CLICK_ID_COOKIE}=${id}` +
    (domain ? `; Domain=${domain}` : '') +
    `; Path=/; Max-Age=${Math.round(cookieDays * 86_400)}; SameSite=Lax` +
    (secure ? '; Secure' : '')
  );
}

/**
 * The click id in a request's `pimms_id` cookie. When there are two (ours on the root domain and
 * one PIMMS' own script wrote on `.<host without www.>`), the newest: Chromium and Firefox send
 * cookies of the same path oldest first (RFC 6265 5.4), so the last plausible one, as the snippet
 * reads `document.cookie`. (WebKitGTK orders by domain, the most specific first, so there the last
 * is the root domain's.)
 *
 * @param request - Any request.
 * @returns The click id, or `undefined` when no `pimms_id` cookie holds a plausible one.
 * @example
 * clickIdFromCookie(new Request(url, { headers: { cookie: 'pimms_id=aB3xQ9kLm2Zp7Wq1' } })) // 'aB3xQ9kLm2Zp7Wq1'
 */
export function clickIdFromCookie(request: Request): string | undefined {
  let found: string | undefined;
  for (const pair of (request.headers.get('cookie') || '').split(';')) {
    const at = pair.indexOf('=');
    if (at < 0 || pair.slice(0, at).trim() != CLICK_ID_COOKIE) continue;
    let value = pair.slice(at + 1).trim();
    try {
      value = decodeURIComponent(value);
    } catch {
      continue;
    }
    if (isPlausibleClickId(value)) found = value;
  }
  return found;
}

/**
 * Whether a request is the snippet's landing request rather than a lead: a POST whose URL has
 * `pimms_id` (the relay's events report leads, not this).
 *
 * @param request - A request to the relay.
 * @returns True for `POST <endpoint>?pimms_id=...`.
 * @example
 * isLandingRequest(new Request('https://shop.example/api/pimms/lead?pimms_id=aB3x', { method: 'POST' })) // true
 */
export function isLandingRequest(request: Request): boolean {
  return request.method == 'POST' && new URL(request.url).searchParams.has(CLICK_ID_COOKIE);
}

/**
 * Makes the relay's answer to the snippet's landing request (`POST <endpoint>?pimms_id=<id>`,
 * empty body): 204 with the cookie of {@link clickIdCookie} (none with `first-click` and an
 * existing cookie), or 400 `bad_request` for an implausible id. An allowed cross-origin request
 * also gets `Access-Control-Allow-Credentials: true`, which a `fetch` with
 * `credentials: 'include'` needs to succeed.
 *
 * @param options - The relay's cookie options, checked here, at start-up.
 * @returns `(request, headers) => Response | undefined`: `undefined` when the request is not a
 *   landing request (a lead); `headers` are the answer's CORS headers, for a request the origin
 *   check allowed.
 * @throws TypeError for the options {@link clickIdCookie} refuses.
 * @example
 * const landing = createLandingAnswer({ cookieDays: 30 });
 * const answer = landing(request, corsHeaders(origin));
 * if (answer) return answer;
 */
export function createLandingAnswer(
  options: ClickIdCookieOptions = {},
): (request: Request, headers: Record<string, string>) => Response | undefined {
  checkOptions(options);
  return (request, headers) => {
    if (!isLandingRequest(request)) return;
    const params = new URL(request.url).searchParams;
    const out = new Headers(headers);
    if (out.has('access-control-allow-origin')) out.set('Access-Control-Allow-Credentials', 'true');
    if (!isPlausibleClickId(params.get(CLICK_ID_COOKIE)?.trim())) {
      const message = 'pimms_id is not a plausible click id (2 to 64 of A-Z a-z 0-9 _ -)';
      return toResponse(failure(400, 'bad_request', message), out);
    }
    const cookie = clickIdCookie(request, options);
    out.set('Cache-Control', 'no-store');
    if (cookie) out.append('Set-Cookie', cookie);
    return new Response(null, { status: 204, headers: out });
  };
}

function checkOptions({ cookieDays, cookieDomain }: ClickIdCookieOptions): void {
  if (
    cookieDays !== undefined &&
    (typeof cookieDays != 'number' || !(cookieDays > 0) || !Number.isFinite(cookieDays))
  )
    throw new TypeError(`cookieDays must be a positive number of days, not ${String(cookieDays)}`);
  if (cookieDomain !== undefined && !/^\.?[a-z\d-]+(\.[a-z\d-]+)*$/i.test(cookieDomain))
    throw new TypeError(`cookieDomain must be a domain such as example.com, not ${cookieDomain}`);
}

/**
 * A lead body with its missing `clickId` filled from the request's `pimms_id` cookie, so that a
 * lead still attributes where the page's script can neither read nor write the cookie.
 *
 * @param request - The lead's request.
 * @param body - The parsed body, before the field rules.
 * @returns The body itself when it has a `clickId` (or the request no plausible cookie), else a
 *   copy with the cookie's.
 * @example
 * withClickIdFromCookie(request, { eventName: 'Sign up' }) // { eventName: 'Sign up', clickId: 'aB3x...' }
 */
export function withClickIdFromCookie(
  request: Request,
  body: Record<string, unknown>,
): Record<string, unknown> {
  const missing =
    body.clickId === undefined ||
    body.clickId === null ||
    (typeof body.clickId == 'string' && !body.clickId.trim());
  const fromCookie = missing ? clickIdFromCookie(request) : undefined;
  return fromCookie ? { ...body, clickId: fromCookie } : body;
}
