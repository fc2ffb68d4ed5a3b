/**
 * The sandbox's entry point: opens the store and routes requests to the handlers.
 */
import { apiError } from './api-error.ts';
import { bearerAuth } from './bearer-auth.ts';
import { leadsPage } from './leads-page.ts';
import { jsonResponse } from './responses.ts';
import { createShortLink, followShortLink, parseShortLink } from './short-links.ts';
import { openDatabase, type SandboxClick, type SandboxLead, type ShortLink } from './database.ts';
import { trackLead } from './track-lead.ts';

/**
 * How to start a sandbox.
 *
 * @example
 * { file: '.data/sandbox.db', apiKeys: ['pimms_test_key'], links: [{ key: 'demo', url: 'http://localhost:3000/' }] }
 */
export interface SandboxOptions {
  /** SQLite file path; ':memory:' allowed. Created if missing; survives restarts. */
  file: string;
  /** The workspace key(s) that POST /track/lead accepts as `Authorization: Bearer <key>`. */
  apiKeys: string[];
  /** Short links created at start (kept if they exist): GET /go/:key redirects to url. */
  links?: { key: string; url: string }[];
}

/** A running sandbox, made by {@link createSandbox}. */
export interface Sandbox {
  /** Web-standard handler: every route below. Paths are matched on the URL pathname, so the sandbox can sit at the root of any origin. Unknown paths: 404 JSON error (not_found). */
  handler: (request: Request) => Promise<Response>;
  /** Rows as stored (for tests and the playground). */
  leads(): SandboxLead[];
  /** Rows as stored (for tests and the playground). */
  clicks(): SandboxClick[];
  /** Closes the database. */
  close(): void;
}

type Route = Partial<Record<'GET' | 'POST', (request: Request) => Response | Promise<Response>>>;

const ROUTES_HINT =
  'The sandbox serves GET /go/:key, POST /links, POST /track/lead, GET /leads, GET /api/leads and GET /api/clicks.';

/**
 * Starts a local stand-in of the PIMMS API.
 *
 * Routes: `GET /go/:key` (records a click, 302 with `pimms_id`), `POST /links` (Bearer; creates or
 * replaces a short link), `POST /track/lead` (Bearer; the API's validation, 404 for an unknown
 * click, 409 for a repeat), `GET /api/leads` and `GET /api/clicks` (JSON, newest first),
 * `GET /leads` (an HTML page of links, leads and clicks). A wrong method answers 405 with `Allow`.
 *
 * @param options - The database file, the accepted keys and the short links to create.
 * @returns The handler, row accessors and `close()`.
 * @throws TypeError when `apiKeys` is empty or a short link in `links` is invalid.
 * @example
 * const sandbox = createSandbox({ file: ':memory:', apiKeys: ['pimms_test_key'], links: [{ key: 'demo', url: 'http://localhost:3000/' }] });
 * const res = await sandbox.handler(new Request('http://localhost:4000/go/demo')); // 302 http://localhost:3000/?pimms_id=cl_…
 */
export function createSandbox(options: SandboxOptions): Sandbox {
  // Checked before the file is opened, so a bad option leaves no database behind.
  const auth = bearerAuth(options.apiKeys);
  const links: ShortLink[] = (options.links ?? []).map((input) => {
    const link = parseShortLink(input);
    if (typeof link == 'string')
      throw new TypeError(`[pimms] sandbox: links: ${link} (key ${JSON.stringify(input.key)})`);
    return link;
  });

  const store = openDatabase(options.file);
  for (const link of links) store.addLinkIfMissing(link);

  const routes: Record<string, Route> = {
    '/track/lead': { POST: (request) => auth(request) ?? trackLead(request, store) },
    '/links': { POST: (request) => auth(request) ?? createShortLink(request, store) },
    '/api/leads': { GET: () => jsonResponse(store.leads()) },
    '/api/clicks': { GET: () => jsonResponse(store.clicks()) },
    '/leads': { GET: () => leadsPage(store) },
  };

  async function handler(request: Request): Promise<Response> {
    try {
      const { pathname } = new URL(request.url);
      const route: Route | undefined = pathname.startsWith('/go/')
        ? { GET: () => followShortLink(store, pathname.slice('/go/'.length)) }
        : Object.hasOwn(routes, pathname)
          ? routes[pathname]
          : undefined;
      if (!route) return apiError(404, `Not found: ${pathname}. ${ROUTES_HINT}`);
      const handle = route[request.method as keyof Route];
      if (!handle) {
        const allow = Object.keys(route).join(', ');
        return apiError(405, `Method ${request.method} not allowed on ${pathname}; use ${allow}.`, {
          Allow: allow,
        });
      }
      return await handle(request);
    } catch (error) {
      // A bug or a closed database must still answer in the API's shape, so the SDK reports a 500.
      console.error('[pimms] sandbox:', error);
      return apiError(500, 'Internal server error');
    }
  }

  return {
    handler,
    leads: () => store.leads(),
    clicks: () => store.clicks(),
    close: () => store.close(),
  };
}
