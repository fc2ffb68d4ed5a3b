/**
 * The playground's 404 page, for paths neither the site, the relay nor the sandbox serves.
 */
import { escapeHtml } from '../shared/escape-html.ts';
import type { Handler } from './router.ts';

/**
 * Answers 404 with a short page listing where to go instead. Loads nothing, runs no script.
 *
 * @example
 * createRouter(routes, notFoundPage)
 */
export const notFoundPage: Handler = async (request) => {
  const { pathname } = new URL(request.url);
  return new Response(
    `<!doctype html><meta charset="utf-8"><title>Not found</title>
<p>Nothing at <code>${escapeHtml(pathname)}</code>. Try the <a href="/go/demo">demo short link</a>,
the <a href="/signup">sign-up page</a> or the <a href="/leads">leads</a>.</p>
`,
    {
      status: 404,
      headers: {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': "default-src 'none'",
        'Cache-Control': 'no-store',
      },
    },
  );
};
