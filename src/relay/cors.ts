/**
 * Which pages may call the relay, and the CORS headers that let them read its answers.
 */
import { DUPLICATE_HEADER, RETRYABLE_HEADER } from './answers.ts';

/** Exact origins such as `https://shop.example.com`, or a function that decides per origin. */
export type AllowedOrigins = string[] | ((origin: string) => boolean);

/** How long a browser may cache a preflight answer, in seconds (Chromium caps it at 7200). */
export const PREFLIGHT_MAX_AGE = 7200;

/**
 * Makes the origin check of a relay.
 *
 * The relay's own site is always allowed: an Origin whose host equals the host of the request
 * URL, of the `Host` header or of `X-Forwarded-Host` (so it still matches behind a proxy that
 * terminates TLS or rewrites the URL). A page on another site cannot forge those headers, and a
 * non-browser client can send any Origin anyway, so the check is about browsers only. Other
 * origins need `allowed`. `Origin: null` (sandboxed frames, `file:`) only passes a function.
 *
 * @param allowed - Exact origins (normalised with `new URL(origin).origin`; an invalid one
 *   throws here, at start-up) or a predicate. Default: none besides the relay's own site.
 * @returns `(request, origin) => boolean`.
 * @example
 * const check = createOriginCheck(['https://shop.example.com']);
 * check(request, 'https://shop.example.com') // true
 */
export function createOriginCheck(
  allowed: AllowedOrigins = [],
): (request: Request, origin: string) => boolean {
  const list =
    typeof allowed == 'function'
      ? undefined
      : new Set(allowed.map((origin) => new URL(origin).origin));
  return (request, origin) =>
    isOwnSite(request, origin) ||
    (list ? list.has(origin) : (allowed as (origin: string) => boolean)(origin));
}

function isOwnSite(request: Request, origin: string): boolean {
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  const forwarded = request.headers.get('x-forwarded-host')?.split(',')[0]?.trim().toLowerCase();
  return (
    host == new URL(request.url).host ||
    host == request.headers.get('host')?.toLowerCase() ||
    host == forwarded
  );
}

/**
 * The headers that let a page on `origin` read an answer: the origin itself (never `*`),
 * `Vary: Origin` for caches, and the non-safelisted headers the snippet reads (`Retry-After` is
 * not readable cross-origin unless exposed).
 *
 * @param origin - The request's Origin, or `null` when it had none (then only `Vary` is set).
 * @returns Headers to merge into the answer.
 * @example
 * corsHeaders('https://shop.example.com')['Access-Control-Allow-Origin'] // 'https://shop.example.com'
 */
export function corsHeaders(origin: string | null): Record<string, string> {
  if (origin === null) return { Vary: 'Origin' };
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Expose-Headers': ['Retry-After', RETRYABLE_HEADER, DUPLICATE_HEADER].join(', '),
    Vary: 'Origin',
  };
}

/**
 * The answer to an allowed CORS preflight (`OPTIONS`): 204 allowing POST with a Content-Type
 * header, cached by the browser for {@link PREFLIGHT_MAX_AGE} seconds. The snippet's text/plain
 * POST needs no preflight; this is for callers that send `application/json`.
 *
 * @param origin - The request's Origin, or `null`.
 * @returns The 204 response.
 * @example
 * if (request.method == 'OPTIONS') return preflight(request.headers.get('origin'));
 */
export function preflight(origin: string | null): Response {
  return new Response(null, {
    status: 204,
    headers: {
      ...corsHeaders(origin),
      Allow: 'POST, OPTIONS',
      'Access-Control-Allow-Methods': 'POST',
      'Access-Control-Allow-Headers': 'content-type',
      'Access-Control-Max-Age': String(PREFLIGHT_MAX_AGE),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
