/**
 * Response builders shared by the sandbox's routes.
 */

// Everything the sandbox serves changes with every click and lead, so nothing may be cached.
const NO_STORE = { 'Cache-Control': 'no-store' };

/**
 * A JSON response, as the PIMMS API sends it (`application/json`, which the `pimms` SDK
 * requires before it parses a body).
 *
 * @param body - Any JSON-serialisable value.
 * @param status - The HTTP status; defaults to 200.
 * @param headers - Extra headers, e.g. `Allow`.
 * @example
 * jsonResponse({ key: 'demo', url: 'https://example.com/' })
 */
export function jsonResponse(
  body: unknown,
  status = 200,
  headers?: Record<string, string>,
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...NO_STORE, ...headers },
  });
}

/**
 * An HTML page that loads nothing from elsewhere: its Content-Security-Policy allows no script and
 * no external resource, a second guard behind the escaping of every value.
 *
 * @param html - The whole document.
 * @param status - The HTTP status; defaults to 200.
 * @example
 * htmlResponse('<!doctype html><title>Not found</title>', 404)
 */
export function htmlResponse(html: string, status = 200): Response {
  return new Response(html, {
    status,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
      ...NO_STORE,
    },
  });
}
