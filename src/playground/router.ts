/**
 * The playground's router: one Web-standard handler that sends each path to the demo site, the
 * relay or the sandbox, all served by a single `node:http` server.
 */

/** A Web-standard request handler, like the relay's and the sandbox's. */
export type Handler = (request: Request) => Promise<Response>;

/**
 * One entry of the routing table.
 *
 * @example
 * { path: '/api/pimms/lead', handler: relay }   // exactly that path
 * { path: '/go/*', handler: sandbox.handler }    // that prefix and anything under it
 */
export interface Route {
  /** An exact pathname, or a prefix ending in `/*`. */
  path: string;
  /** Who answers. It sees the request unchanged, so the sandbox still matches on its own paths. */
  handler: Handler;
}

/**
 * Makes a handler that picks the first route whose path matches the request's pathname.
 *
 * @param routes - The table, tried in order.
 * @param fallback - Answers paths no route matches (a 404 page).
 * @returns The combined handler.
 * @example
 * const handler = createRouter([{ path: '/', handler: landing }, { path: '/go/*', handler: sandbox.handler }], notFound);
 */
export function createRouter(routes: Route[], fallback: Handler): Handler {
  return (request) => {
    const { pathname } = new URL(request.url);
    const route = routes.find(({ path }) =>
      path.endsWith('/*') ? pathname.startsWith(path.slice(0, -1)) : pathname == path,
    );
    return (route ? route.handler : fallback)(request);
  };
}

/**
 * Restricts a handler to some methods; others get 405 with `Allow`. `HEAD` is answered wherever
 * `GET` is (Node's server drops the body), so `curl -I` works on every page.
 *
 * @param methods - E.g. `['GET']` or `['GET', 'POST']`.
 * @param handler - The handler for those methods.
 * @example
 * { path: '/signup', handler: only(['GET'], signupPage) }
 */
export function only(methods: string[], handler: Handler): Handler {
  const allowed = methods.includes('GET') ? [...methods, 'HEAD'] : methods;
  return async (request) =>
    allowed.includes(request.method)
      ? handler(request)
      : new Response(`Method ${request.method} not allowed; use ${allowed.join(', ')}.\n`, {
          status: 405,
          headers: {
            Allow: allowed.join(', '),
            'Content-Type': 'text/plain; charset=utf-8',
            'Cache-Control': 'no-store',
          },
        });
}
