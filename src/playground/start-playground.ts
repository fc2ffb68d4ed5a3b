/**
 * Starts the playground: the demo site, the relay and the sandbox behind one `node:http` server.
 */
import { randomBytes } from 'node:crypto';
import { createLeadRelay, DEFAULT_SERVER_URL, type OnRelayEvent } from '../relay/index.ts';
import { serve } from '../relay/node.ts';
import type { RelayRedis } from '../relay/redis/relay-redis.ts';
import { createSandbox, type Sandbox } from '../sandbox/index.ts';
import { enrichFromDemoSession } from './demo-session.ts';
import { createDeliveryLog, type DeliveryLog } from './delivery-log.ts';
import { createDeliveryTrace } from './delivery-trace.ts';
import { deliveryRoutes } from './delivery-view.ts';
import { DEMO_LINK_PATH, landingPage } from './landing-page.ts';
import { notFoundPage } from './not-found-page.ts';
import { createRouter, only, type Handler } from './router.ts';
import { SIGNUP_SCRIPT, SITE_CSS, WELCOME_SCRIPT } from './site-assets.ts';
import { RELAY_PATH, type SiteSettings } from './site-page.ts';
import { signupPage } from './signup-page.ts';
import { createSimulatedOutage, type SimulatedOutage } from './simulated-outage.ts';
import { distFile, textFile } from './static-files.ts';
import { welcomePage } from './welcome-page.ts';

/** Default of {@link PlaygroundOptions.port}. */
export const DEFAULT_PORT = 8787;
/** Default of {@link PlaygroundOptions.host}: loopback only. */
export const DEFAULT_HOST = '127.0.0.1';
/** Default of {@link PlaygroundOptions.file}, relative to the working directory (git-ignored). */
export const DEFAULT_FILE = '.data/playground.sqlite';

/** Settings of {@link startPlayground}; all optional. */
export interface PlaygroundOptions {
  /** The port to listen on; 0 picks a free one (tests). Default 8787. */
  port?: number;
  /** The interface to listen on. Default `127.0.0.1`; `0.0.0.0` opens it to the network. */
  host?: string;
  /** The sandbox's SQLite file (its folder is created); `:memory:` allowed. Default `.data/playground.sqlite`. */
  file?: string;
  /**
   * A PIMMS workspace API key. When given, the relay forwards leads to the real PIMMS API instead
   * of the sandbox (which still serves its short link and pages). Default: none (sandbox).
   */
  apiKey?: string;
  /** The PIMMS API base URL, used with `apiKey`. Default `https://api.pimms.io`. */
  apiUrl?: string;
  /** The key the sandbox accepts and the relay sends it. Default: a random one per start. */
  sandboxKey?: string;
  /** Redis for the relay (`connectRedis()`, from `REDIS_URL` in `npm start`). Default: none. */
  redis?: RelayRedis;
  /**
   * Also given each of the relay's events (the delivery view always gets them); `npm start`
   * writes them to stdout as JSON lines. Default: none.
   */
  onEvent?: OnRelayEvent;
}

/** A running playground, from {@link startPlayground}. */
export interface Playground {
  /** Its base URL, e.g. `http://127.0.0.1:8787` (loopback when it listens on every interface). */
  url: string;
  /** The sandbox behind it, to read clicks and leads in tests. */
  sandbox: Sandbox;
  /** Where the relay forwards leads: the PIMMS API URL, or `url` itself for the sandbox. */
  forwardsTo: string;
  /** What the delivery view shows: the relay's events, the sandbox's answers, the pages' reports. */
  deliveryLog: DeliveryLog;
  /** The sandbox's simulated outage (`outage.on = true`: `POST /track/lead` answers 503). */
  outage: SimulatedOutage;
  /** Stops the server (open connections included), then closes the sandbox's database. */
  close(): Promise<void>;
}

/**
 * Starts the playground on one port:
 *
 * - the demo site: `/` (landing), `/signup` (two sign-up forms), `/welcome`, `/site.css`,
 *   `/signup.js`, and the builds `/pimms.js`, `/pimms.debug.js`, `/stub.js` read from dist/;
 * - the relay at `POST /api/pimms/lead`, forwarding through the `pimms` SDK to this same origin
 *   (the sandbox) over loopback, or to the real PIMMS API when `apiKey` is given;
 * - the sandbox at its own paths: `/go/:key`, `/track/lead`, `/links`, `/leads`, `/api/leads`,
 *   `/api/clicks`, with the short link `/go/demo` pointing at the landing page (`/leads` gains a
 *   link to the delivery view);
 * - the delivery view at `/delivery`: each recent lead's path (the page's result, the relay's
 *   events, the sandbox's answer), live, with a switch that simulates a PIMMS outage.
 *
 * @param options - See {@link PlaygroundOptions}; every field has a default.
 * @returns The URL, the sandbox and `close()`.
 * @throws When the port is taken or the database cannot be opened.
 * @example
 * const playground = await startPlayground({ port: 0, file: ':memory:' });
 * await fetch(`${playground.url}/go/demo`, { redirect: 'manual' }); // 302 to /?pimms_id=cl_…
 * await playground.close();
 */
export async function startPlayground(options: PlaygroundOptions = {}): Promise<Playground> {
  // Fresh per start unless given: it only has to match between the relay and the sandbox, both
  // in this process, and it never appears in a page.
  const sandboxKey = options.sandboxKey || 'pimms_sandbox_' + randomBytes(24).toString('base64url');
  const apiKey = options.apiKey?.trim() || undefined;
  const sandbox = createSandbox({ file: options.file ?? DEFAULT_FILE, apiKeys: [sandboxKey] });
  const settings: SiteSettings = apiKey ? { pimmsApi: options.apiUrl || DEFAULT_SERVER_URL } : {};

  // The relay needs the server's own URL, known only once it listens (port 0); until then, which
  // is before any browser can have loaded a page, it answers 503.
  let relay: Handler = async () =>
    new Response('starting', { status: 503, headers: { 'Retry-After': '1' } });
  const deliveryLog = createDeliveryLog();
  const outage = createSimulatedOutage();
  const trace = createDeliveryTrace(deliveryLog, {
    // Only the sandbox can tell a recorded lead from a repeat it answered 200 and ignored.
    leads: apiKey ? undefined : () => sandbox.leads(),
  });
  const router = createRouter(
    [
      { path: '/', handler: only(['GET'], landingPage(settings)) },
      { path: '/signup', handler: only(['GET'], signupPage(settings)) },
      { path: '/welcome', handler: only(['GET', 'POST'], welcomePage(settings)) },
      { path: '/site.css', handler: only(['GET'], textFile('site.css', SITE_CSS)) },
      { path: '/signup.js', handler: only(['GET'], textFile('signup.js', SIGNUP_SCRIPT)) },
      { path: '/welcome.js', handler: only(['GET'], textFile('welcome.js', WELCOME_SCRIPT)) },
      ...deliveryRoutes({ log: deliveryLog, outage: apiKey ? undefined : outage }),
      // No icon, but no 404 either: with ?debug the console should hold the snippet's lines only.
      {
        path: '/favicon.ico',
        handler: only(['GET'], async () => new Response(null, { status: 204 })),
      },
      { path: '/pimms.js', handler: only(['GET'], distFile('pimms.js')) },
      { path: '/pimms.debug.js', handler: only(['GET'], distFile('pimms.debug.js')) },
      { path: '/stub.js', handler: only(['GET'], distFile('stub.js')) },
      // The relay checks the method itself (POST, and OPTIONS for CORS preflights).
      { path: RELAY_PATH, handler: (request) => relay(request) },
      { path: '/track/lead', handler: outage.wrap(sandbox.handler) },
      { path: '/leads', handler: withDeliveryLink(sandbox.handler) },
      ...['/go/*', '/links', '/api/leads', '/api/clicks'].map((path) => ({
        path,
        handler: sandbox.handler,
      })),
    ],
    notFoundPage,
  );

  let server: Awaited<ReturnType<typeof serve>>;
  try {
    server = await serve(router, {
      port: options.port ?? DEFAULT_PORT,
      host: options.host ?? DEFAULT_HOST,
    });
  } catch (error) {
    sandbox.close();
    throw error;
  }
  const url = reachableURL(server.url);
  const close = async () => {
    try {
      await server.close();
    } finally {
      sandbox.close();
    }
  };

  try {
    await pointDemoLink(sandbox, sandboxKey, url);
  } catch (error) {
    await close();
    throw error;
  }
  const forwardsTo = settings.pimmsApi ?? url;
  const onEvent = options.onEvent;
  relay = trace.wrapRelay(
    createLeadRelay({
      // Both given explicitly, so PIMMS_API_KEY and PIMMS_API_URL in the environment change
      // nothing here: main.ts decides what the playground talks to.
      apiKey: apiKey ?? sandboxKey,
      serverURL: forwardsTo,
      enrich: enrichFromDemoSession,
      onEvent: onEvent
        ? (event) => {
            trace.onEvent(event);
            onEvent(event);
          }
        : trace.onEvent,
      // The relay's calls to PIMMS, watched for the delivery view.
      fetch: trace.fetch,
      redis: options.redis,
    }),
  );
  return { url, sandbox, forwardsTo, deliveryLog, outage, close };
}

// The sandbox's /leads page, with a line pointing to the delivery view after its <body>: the
// sandbox knows nothing of the playground, so the playground adds its own link.
function withDeliveryLink(sandbox: Handler): Handler {
  return async (request) => {
    const response = await sandbox(request);
    if (!response.headers.get('content-type')?.startsWith('text/html')) return response;
    const html = await response.text();
    const headers = new Headers(response.headers);
    headers.delete('content-length');
    return new Response(
      html.replace(
        /<body[^>]*>/,
        (body) =>
          `${body}\n<p><a href="/delivery">What happened to each lead</a>: the playground’s delivery view (sent, relay’s decision, sandbox’s answer).</p>`,
      ),
      { status: response.status, headers },
    );
  };
}

// A server on every interface (0.0.0.0, ::) is reached on loopback from this machine.
function reachableURL(served: string): string {
  const url = new URL(served);
  if (url.hostname == '0.0.0.0') url.hostname = '127.0.0.1';
  if (url.hostname == '[::]') url.hostname = '[::1]';
  return url.origin;
}

// Through the sandbox's own POST /links, which replaces a destination: the link kept in the
// SQLite file from an earlier run may point at another port.
async function pointDemoLink(sandbox: Sandbox, key: string, url: string): Promise<void> {
  const response = await sandbox.handler(
    new Request(`${url}/links`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ key: DEMO_LINK_PATH.slice('/go/'.length), url: `${url}/` }),
    }),
  );
  if (!response.ok)
    throw new Error(
      `[pimms] playground: could not create ${DEMO_LINK_PATH}: ${await response.text()}`,
    );
}
