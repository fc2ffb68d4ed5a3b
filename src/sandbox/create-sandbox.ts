/**
 * The sandbox's entry point: opens the store and routes requests to the handlers.
 */
import { apiError } from './api-error.ts';
import { bearerAuth } from './bearer-auth.ts';
import { leadsPage } from './leads-page.ts';
import { listClicks, listLeads } from './list-rows.ts';
import { createRateLimiter, DEFAULT_RATE_LIMIT } from './rate-limit.ts';
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
  /**
   * Requests a minute each key may make to `POST /track/lead` (a sliding window, as PIMMS'); more
   * answer 429 `rate_limit_exceeded`. `Infinity` never refuses (throughput benchmarks). Default:
   * `PIMMS_SANDBOX_RATE_LIMIT` from the environment, else 600 (PIMMS' own limit).
   */
  rateLimit?: number;
  /**
   * The rate limit's window in ms, PIMMS' minute (60,000) by default: `rateLimit` requests per
   * window. Only tests shorten it, so that a lead held until the reset waits seconds.
   */
  rateLimitWindowMs?: number;
  /** Keys that are accepted but lack the lead-write permission: `POST /track/lead` answers 403. Default none. */
  readOnlyKeys?: string[];
  /** Where the sandbox reports what it cannot answer (a failed write after an async 200). Default `console.error`. */
  log?: (line: string) => void;
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

/**
 * The rate limit `createSandbox` uses when given none: `PIMMS_SANDBOX_RATE_LIMIT`, else 600.
 *
 * @param value - The variable's value; default `process.env.PIMMS_SANDBOX_RATE_LIMIT`.
 * @throws TypeError naming the variable when it is set but not a positive whole number.
 * @example
 * rateLimitFromEnv('60') // 60
 */
export function rateLimitFromEnv(value = process.env.PIMMS_SANDBOX_RATE_LIMIT): number {
  if (value === undefined || !value.trim()) return DEFAULT_RATE_LIMIT;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1)
    throw new TypeError(
      `[pimms] sandbox: PIMMS_SANDBOX_RATE_LIMIT must be a positive whole number of requests a minute, not ${JSON.stringify(value)}`,
    );
  return limit;
}

const ROUTES_HINT =
  'The sandbox serves GET /go/:key, POST /links, POST /track/lead, GET /leads, GET /api/leads and GET /api/clicks.';

/**
 * Starts a local stand-in of the PIMMS API.
 *
 * Routes: `GET /go/:key` (records a click, 302 with `pimms_id`), `POST /links` (Bearer; creates or
 * replaces a short link), `POST /track/lead` (Bearer; PIMMS' checks in PIMMS' order, its rate
 * limit, its messages and success body, a silent 200 for a repeat), `GET /api/leads` and
 * `GET /api/clicks` (JSON arrays, newest first, `?limit=` and `?cursor=`, see list-rows.ts),
 * `GET /leads` (an HTML page of links, leads and clicks, big metadata cut). A wrong method
 * answers 405 with `Allow`.
 *
 * @param options - The database file, the accepted keys and the short links to create.
 * @returns The handler, row accessors and `close()`.
 * @throws TypeError when `apiKeys` is empty, a short link in `links` is invalid, or the rate limit
 *   is not a positive whole number.
 * @example
 * const sandbox = createSandbox({ file: ':memory:', apiKeys: ['pimms_test_key'], links: [{ key: 'demo', url: 'http://localhost:3000/' }] });
 * const res = await sandbox.handler(new Request('http://localhost:4000/go/demo')); // 302 http://localhost:3000/?pimms_id=Zq3x0Vb-9kLw_T2a
 */
export function createSandbox(options: SandboxOptions): Sandbox {
  // Checked before the file is opened, so a bad option leaves no database behind.
  const auth = bearerAuth(options.apiKeys, options.readOnlyKeys);
  const rateLimit = createRateLimiter(
    options.rateLimit ?? rateLimitFromEnv(),
    options.rateLimitWindowMs,
  );
  const log = options.log ?? ((line: string) => console.error(line));
  const links: ShortLink[] = (options.links ?? []).map((input) => {
    const link = parseShortLink(input);
    if (typeof link == 'string')
      throw new TypeError(`[pimms] sandbox: links: ${link} (key ${JSON.stringify(input.key)})`);
    return link;
  });

  const store = openDatabase(options.file);
  for (const link of links) store.addLinkIfMissing(link);

  const routes: Record<string, Route> = {
    '/track/lead': { POST: (request) => trackLead(request, { auth, rateLimit, store, log }) },
    '/links': {
      POST: (request) => {
        const found = auth(request);
        return found instanceof Response ? found : createShortLink(request, store);
      },
    },
    '/api/leads': { GET: (request) => listLeads(request, store) },
    '/api/clicks': { GET: (request) => listClicks(request, store) },
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
