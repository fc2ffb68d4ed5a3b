/**
 * `GET /api/leads` and `GET /api/clicks`: the stored rows as JSON, a page at a time.
 */
import { apiError } from './api-error.ts';
import type { ListedLead, RowPage, SandboxDatabase } from './database.ts';
import { jsonResponse } from './responses.ts';

/** Rows per page when the request names no `limit`. */
export const DEFAULT_LIST_LIMIT = 100;
/** The largest `limit` accepted; more answers 400. */
export const MAX_LIST_LIMIT = 1000;

/** The page a request asks for, or the 400 that refuses its parameters. */
function readPage(url: URL): { limit: number; before?: number } | Response {
  const limitText = url.searchParams.get('limit');
  const cursorText = url.searchParams.get('cursor');
  const limit = limitText === null ? DEFAULT_LIST_LIMIT : Number(limitText);
  if (!/^\d+$/.test(limitText ?? '1') || limit < 1 || limit > MAX_LIST_LIMIT)
    return apiError(400, `limit must be a whole number from 1 to ${MAX_LIST_LIMIT}`);
  if (cursorText === null) return { limit };
  // The cursor is the row number of the last row of the previous page: opaque to clients.
  if (!/^[1-9]\d{0,15}$/.test(cursorText))
    return apiError(400, 'cursor must be the X-Next-Cursor of a previous page');
  return { limit, before: Number(cursorText) };
}

// The next page's address, as a header, so that the body stays the plain array it always was.
function pageHeaders(url: URL, page: RowPage<unknown>, limit: number): Record<string, string> {
  if (page.next === undefined) return {};
  const next = new URL(url.pathname, url);
  next.searchParams.set('limit', String(limit));
  next.searchParams.set('cursor', String(page.next));
  return {
    'X-Next-Cursor': String(page.next),
    Link: `<${next.pathname}${next.search}>; rel="next"`,
  };
}

/**
 * Answers `GET /api/clicks`: a JSON array of clicks, newest first, at most `?limit=` of them
 * (default 100, at most 1000), older than `?cursor=`. When more rows follow, the answer carries
 * `X-Next-Cursor: <cursor>` and `Link: </api/clicks?limit=…&cursor=…>; rel="next"`.
 *
 * @param request - The GET request.
 * @param store - Where clicks are read.
 * @example
 * await listClicks(new Request('http://127.0.0.1:8787/api/clicks?limit=2'), store)
 * // 200 [{id, linkKey, url, createdAt}, …] with X-Next-Cursor: 41
 */
export function listClicks(request: Request, store: SandboxDatabase): Response {
  const url = new URL(request.url);
  const wanted = readPage(url);
  if (wanted instanceof Response) return wanted;
  const page = store.listClicks(wanted.limit, wanted.before);
  return jsonResponse(page.rows, 200, pageHeaders(url, page, wanted.limit));
}

/**
 * Answers `GET /api/leads`: a JSON array of leads (see `SandboxLead`), paginated as
 * {@link listClicks}. Each lead's metadata is written out as stored, never parsed and serialised
 * again, so that deep or large metadata costs its size and nothing more.
 *
 * @param request - The GET request.
 * @param store - Where leads are read.
 * @example
 * await listLeads(new Request('http://127.0.0.1:8787/api/leads?limit=50&cursor=120'), store)
 * // 200 [{id, clickId, linkKey, eventName, externalId, customerName, …, metadata, createdAt}, …]
 */
export function listLeads(request: Request, store: SandboxDatabase): Response {
  const url = new URL(request.url);
  const wanted = readPage(url);
  if (wanted instanceof Response) return wanted;
  const page = store.listLeads(wanted.limit, wanted.before);
  const json = '[' + page.rows.map(leadJson).join(',') + ']';
  return new Response(json, {
    headers: {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-store',
      ...pageHeaders(url, page, wanted.limit),
    },
  });
}

// The stored metadata text is JSON written by JSON.stringify, so it can be spliced in as is.
function leadJson({ metadataText, metadataLength: _, createdAt, ...lead }: ListedLead): string {
  return (
    JSON.stringify(lead).slice(0, -1) +
    `,"metadata":${metadataText ?? 'null'},"createdAt":${JSON.stringify(createdAt)}}`
  );
}
