/** The cookie and query parameter that carry the click id (the snippet's and PIMMS' own). */
export declare const CLICK_ID_COOKIE = "pimms_id";
/** Default of {@link ClickIdCookieOptions.cookieDays}: as the snippet's and PIMMS' own script's. */
export declare const DEFAULT_COOKIE_DAYS = 90;
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
export declare function cookieDomainFor(host: string): string | undefined;
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
export declare function clickIdCookie(request: Request, options?: ClickIdCookieOptions): string | null;
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
export declare function clickIdFromCookie(request: Request): string | undefined;
/**
 * Whether a request is the snippet's landing request rather than a lead: a POST whose URL has
 * `pimms_id` (the relay's events report leads, not this).
 *
 * @param request - A request to the relay.
 * @returns True for `POST <endpoint>?pimms_id=...`.
 * @example
 * isLandingRequest(new Request('https://shop.example/api/pimms/lead?pimms_id=aB3x', { method: 'POST' })) // true
 */
export declare function isLandingRequest(request: Request): boolean;
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
export declare function createLandingAnswer(options?: ClickIdCookieOptions): (request: Request, headers: Record<string, string>) => Response | undefined;
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
export declare function withClickIdFromCookie(request: Request, body: Record<string, unknown>): Record<string, unknown>;
