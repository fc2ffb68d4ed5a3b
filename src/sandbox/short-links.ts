/**
 * Short links: `GET /go/:key` records a click and redirects with `?pimms_id=`, as a PIMMS short
 * link does; `POST /links` creates or replaces one.
 */
import { apiError } from './api-error.ts';
import { escapeHtml } from '../shared/escape-html.ts';
import { randomId } from './new-id.ts';
import { readJsonObject } from './read-json-object.ts';
import { htmlResponse, jsonResponse } from './responses.ts';
import type { ShortLink, SandboxDatabase } from './database.ts';

/** Longest accepted link key, as on the PIMMS API. */
const KEY_LIMIT = 190;
// Path-safe segments, so that a key never needs escaping in /go/<key>.
const KEY = /^[\w-]+(?:[./][\w-]+)*$/;

/**
 * Checks a short link as given to `POST /links` or to `createSandbox({links})`.
 *
 * @param input - An object with `key` (letters, digits, `_`, `-`, with `.` or `/` between them, at most
 *   190 characters) and `url` (an absolute http(s) URL). Both are trimmed.
 * @returns The link, its URL normalised, or a message naming the field at fault.
 * @example
 * parseShortLink({ key: 'demo', url: 'http://localhost:3000' }) // { key: 'demo', url: 'http://localhost:3000/' }
 * parseShortLink({ key: 'demo', url: 'javascript:alert(1)' }) // 'url must be an http(s) URL'
 */
export function parseShortLink(input: Record<string, unknown>): ShortLink | string {
  const key = typeof input.key == 'string' ? input.key.trim() : '';
  if (!key) return 'key is required';
  if (key.length > KEY_LIMIT) return `key is longer than ${KEY_LIMIT} characters`;
  if (!KEY.test(key))
    return 'key may hold only letters, digits, "_" and "-", with "." or "/" between them';
  const url = typeof input.url == 'string' ? parseUrl(input.url.trim()) : null;
  if (!url || (url.protocol != 'http:' && url.protocol != 'https:'))
    return 'url must be an http(s) URL';
  return { key, url: url.href };
}

// URL.parse would do, but it arrived in Node 22 and the project supports Node 20.
function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/**
 * Adds the click id to a destination as `pimms_id`, replacing any `pimms_id` already there and
 * keeping the rest of the query, byte for byte, and the hash.
 *
 * @param url - An absolute URL.
 * @param clickId - The click id; URL-encoded if it needs to be.
 * @example
 * withClickId('https://example.com/a?ref=x&pimms_id=old#top', 'cl_1') // 'https://example.com/a?ref=x&pimms_id=cl_1#top'
 */
export function withClickId(url: string, clickId: string): string {
  const target = new URL(url);
  // Edited as text: URLSearchParams would re-encode the other parameters (a%20b → a+b, flag → flag=).
  const kept = target.search
    .slice(1)
    .split('&')
    .filter((pair) => pair && paramName(pair) != 'pimms_id');
  kept.push('pimms_id=' + encodeURIComponent(clickId));
  target.search = kept.join('&');
  return target.href;
}

function paramName(pair: string): string {
  const name = pair.split('=', 1)[0]!.replaceAll('+', ' ');
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

/**
 * Follows a short link: records a click and answers 302 to the destination with `pimms_id`, or a
 * 404 page when no link has that key. Never cached, so every visit is a new click.
 *
 * @param store - Where links are read and clicks recorded.
 * @param key - The path after `/go/`, still URL-encoded.
 * @example
 * followShortLink(store, 'demo') // 302 Location: http://localhost:3000/?pimms_id=Zq3x0Vb-9kLw_T2a
 */
export function followShortLink(store: SandboxDatabase, key: string): Response {
  let decoded = key;
  try {
    decoded = decodeURIComponent(key);
  } catch {
    // A malformed escape cannot name a link; the lookup below finds nothing and answers 404.
  }
  const link = decoded ? store.getLink(decoded) : undefined;
  if (!link) {
    return htmlResponse(
      `<!doctype html><meta charset="utf-8"><title>Short link not found</title>` +
        `<p>No short link has the key <code>${escapeHtml(decoded)}</code> in this sandbox.` +
        ` <a href="/leads">See the sandbox's links, clicks and leads</a>.</p>`,
      404,
    );
  }
  const click = store.addClick(randomId(), link);
  return new Response(null, {
    status: 302,
    headers: { Location: withClickId(link.url, click.id), 'Cache-Control': 'no-store' },
  });
}

/**
 * Handles an authenticated `POST /links` `{key, url}`: creates the link or replaces its destination.
 *
 * @param request - The request; its key has been checked already.
 * @param store - Where the link is saved.
 * @returns 200 `{key, url, shortLink}`, 400 for a body that is not JSON, 422 naming the field at fault.
 * @example
 * await createShortLink(new Request('http://localhost:4000/links', { method: 'POST', body: '{"key":"demo","url":"http://localhost:3000"}' }), store)
 * // 200 {"key":"demo","url":"http://localhost:3000/","shortLink":"http://localhost:4000/go/demo"}
 */
export async function createShortLink(request: Request, store: SandboxDatabase): Promise<Response> {
  const input = await readJsonObject(request);
  if (input instanceof Response) return input;
  const link = parseShortLink(input);
  if (typeof link == 'string') return apiError(422, link);
  store.saveLink(link);
  return jsonResponse({ ...link, shortLink: new URL('/go/' + link.key, request.url).href });
}
