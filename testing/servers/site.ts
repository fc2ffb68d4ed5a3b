/**
 * The web site of a browser test: serves the built snippet (`/dist/...`), fixture pages from
 * e2e/fixtures/ with `%ENDPOINT%` and `%ORIGIN%` filled in, and pages a test adds, each with the
 * headers it asks for (a Content-Security-Policy, say). Any Host name is answered, so a test can
 * use names that Chromium maps to loopback (see playwright.config.ts).
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { join } from 'node:path';
import { toNodeHandler } from '../../src/relay/node-adapter.ts';

const ROOT = join(import.meta.dirname, '..', '..');

/** A page a test adds: its HTML (placeholders filled in) and extra response headers. */
export interface SitePage {
  html: string;
  headers?: Record<string, string>;
}

/** A request the site received (pages and scripts, not leads). */
export interface SiteRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A running site. */
export interface Site {
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  /** Its port, for host names mapped to loopback: `http://www.shop.test:<port>/`. */
  port: number;
  /** Every request received. */
  requests: SiteRequest[];
  /** Adds or replaces a page at a path (a path with a query matches that query only). */
  page(path: string, page: SitePage | string): void;
  /**
   * Serves a Web handler at a path (any query), on the site's own origin: the relay where a
   * first-party `Set-Cookie` matters, e.g. `site.mount('/api/pimms/lead', endpoint.handle)`.
   */
  mount(path: string, handler: (request: Request) => Promise<Response>): void;
  close(): Promise<void>;
}

/**
 * Starts a site on 127.0.0.1.
 *
 * @param endpoint - The lead endpoint's URL, for `%ENDPOINT%` in pages.
 * @returns The running site.
 * @example
 * const site = await startSite(endpoint.url);
 * site.page('/signup', '<script src="/dist/pimms.js" data-endpoint="%ENDPOINT%"></script>');
 */
export async function startSite(endpoint: string): Promise<Site> {
  const pages = new Map<string, SitePage>();
  const requests: SiteRequest[] = [];
  const mounts = new Map<string, ReturnType<typeof toNodeHandler>>();
  const fill = (html: string) =>
    html.replaceAll('%ENDPOINT%', endpoint).replaceAll('%ORIGIN%', site.origin);

  const server: Server = createServer(async (req, res) => {
    const mounted = mounts.get(new URL(req.url!, 'http://site').pathname);
    if (mounted) return mounted(req, res);
    const body = await readBody(req);
    requests.push({ method: req.method!, url: req.url!, headers: req.headers, body });
    const url = new URL(req.url!, 'http://site');
    const page = pages.get(url.pathname + url.search) || pages.get(url.pathname);
    if (page) {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        ...page.headers,
      });
      return res.end(fill(page.html));
    }
    const file = /^\/(dist\/[\w.-]+\.js|fixtures\/[\w.-]+\.(html|js))$/.exec(url.pathname);
    try {
      if (!file) throw new Error('not found');
      const text = readFileSync(
        join(ROOT, file[1].startsWith('dist') ? file[1] : join('e2e', file[1])),
        'utf8',
      );
      const html = file[1].endsWith('.html');
      res.writeHead(200, {
        'content-type': html ? 'text/html; charset=utf-8' : 'text/javascript; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end(html ? fill(text) : text);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found: ' + url.pathname);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const site: Site = {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    page: (path, page) => pages.set(path, typeof page == 'string' ? { html: page } : page),
    mount: (path, handler) => mounts.set(path, toNodeHandler(handler)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  // A page the snippet is not on: where a sign-up navigates to.
  site.page('/next', '<!doctype html><title>Next</title><p id="next">Next page</p>');
  return site;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => resolve(body));
  });
}
