/**
 * The frame every page of the demo site shares: the paste-in stub and the snippet in the head,
 * a header with the site's links, and a Content-Security-Policy that allows no inline script.
 */
import { escapeHtml } from '../shared/escape-html.ts';

/** The relay's path on the demo site: the snippet's `data-endpoint`. */
export const RELAY_PATH = '/api/pimms/lead';

/**
 * The playground pages' Content-Security-Policy. Only same-origin scripts, styles and requests, no inline script or style and no event-handler
 * attributes: the snippet and the stub must work on a strict page, so the playground runs one.
 */
const SITE_CSP =
  "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** What a page needs to know about the running playground. */
export interface SiteSettings {
  /** The PIMMS API the relay forwards to, or `undefined` when it is the local sandbox. */
  pimmsApi?: string;
}

/** A page of the demo site. */
export interface SitePage {
  /** The `<title>` and the page's heading. */
  title: string;
  /** The page's HTML after its heading; every value from the request must be escaped. */
  body: string;
  /** Loads dist/pimms.debug.js with `data-debug` instead of dist/pimms.js. */
  debug?: boolean;
  /** Extra scripts of this page, same origin, run after the snippet (deferred, in order). */
  scripts?: string[];
  /** Extra response headers, e.g. `Set-Cookie`. */
  headers?: Record<string, string>;
}

/**
 * Renders a page of the demo site.
 *
 * The stub (dist/stub.js) comes first and runs at once, so `window.pimms.lead()` exists before the
 * deferred snippet loads; calls made meanwhile are queued and replayed by the snippet. A real site
 * pastes the stub inline; served as /stub.js it keeps the page's CSP free of `unsafe-inline`.
 *
 * @param page - Title, body, build and scripts.
 * @returns A 200 `text/html` response, never cached.
 * @example
 * sitePage({ title: 'Welcome', body: '<p>Thanks for signing up.</p>' })
 */
export function sitePage(page: SitePage): Response {
  const snippet = page.debug
    ? `<script src="/pimms.debug.js" data-endpoint="${RELAY_PATH}" data-debug defer></script>`
    : `<script src="/pimms.js" data-endpoint="${RELAY_PATH}" defer></script>`;
  const scripts = (page.scripts ?? [])
    .map((src) => `\n<script src="${escapeHtml(src)}" defer></script>`)
    .join('');
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(page.title)} · Acme Notes</title>
<link rel="stylesheet" href="/site.css">
<script src="/stub.js"></script>
${snippet}${scripts}
</head>
<body>
<header><a class="brand" href="/">Acme Notes</a><nav><a href="/signup">Sign up</a><a href="/leads">Leads</a><a href="/delivery">Delivery</a></nav></header>
<main>
<h1>${escapeHtml(page.title)}</h1>
${page.body}
</main>
<footer>A demo product site of the pimms-lead playground: it loads <code>/pimms.js</code>, which sends
leads to the relay at <code>${RELAY_PATH}</code> on this server.${page.debug ? ' Debug build: see the <code>[pimms]</code> lines in the console.' : ' Add <code>?debug</code> to a page address to load the debug build.'}</footer>
</body>
</html>
`;
  return playgroundHtml(html, page.headers);
}

/**
 * A playground page's response: HTML under {@link SITE_CSP}, never cached (it shows live state).
 *
 * @param html - The whole document.
 * @param headers - More headers, which win.
 * @returns The response.
 * @example
 * playgroundHtml('<!doctype html><title>Leads</title>')
 */
export function playgroundHtml(html: string, headers?: Record<string, string>): Response {
  return new Response(html, {
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Security-Policy': SITE_CSP,
      'Cache-Control': 'no-store',
      ...headers,
    },
  });
}

/**
 * Whether a request asks for the debug build: `?debug` on the page's address.
 *
 * @param request - The page request.
 * @example
 * wantsDebug(new Request('http://127.0.0.1:8787/signup?debug')) // true
 */
export function wantsDebug(request: Request): boolean {
  return new URL(request.url).searchParams.has('debug');
}

/**
 * A sentence on where leads can be seen, for the page footer of each flow.
 *
 * @param settings - The playground's settings.
 * @example
 * whereLeadsGo({}) // 'The sandbox lists every click and lead at <a href="/leads">/leads</a>.'
 */
export function whereLeadsGo(settings: SiteSettings): string {
  return settings.pimmsApi
    ? `Leads go to the PIMMS API at <code>${escapeHtml(settings.pimmsApi)}</code>: see them in your PIMMS workspace.`
    : 'Leads go to the local sandbox of the PIMMS API, which lists every click and lead at <a href="/leads">/leads</a>.';
}
