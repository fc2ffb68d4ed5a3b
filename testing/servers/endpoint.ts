/**
 * The lead endpoint of a browser test: the real relay in front of the real sandbox (through the
 * real `pimms` SDK), served on its own loopback address so that it is another origin than the
 * page, with a recorder and the faults the delivery tests need (an outage, a rate limit, a refused
 * connection, slow answers, slow preflights).
 */
import { createLeadRelay } from '../../src/relay/index.ts';
import { serve, type ServedHandler } from '../../src/relay/node.ts';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.ts';

/** The sandbox workspace key the relay holds. It must never reach a page. */
export const SANDBOX_KEY = 'pimms_e2e_relay_key_never_in_a_page';

/** One request the endpoint received, as it arrived (before any fault or the relay). */
export interface Received {
  /** ms since the endpoint started. */
  at: number;
  method: string;
  /** The request URL (path and query: the landing request's `?pimms_id=`). */
  url?: string;
  /** Request headers, lower-cased names. */
  headers: Record<string, string>;
  /** The raw body text. */
  text: string;
  /** The body parsed as JSON, when it is JSON. */
  json?: Record<string, unknown>;
  /** The status the endpoint answered. */
  status?: number;
  /** The `Retry-After` it answered with, when it did (the relay's: whole seconds). */
  retryAfter?: string;
}

/** One lead the relay forwarded to the sandbox (the PIMMS API), and what the sandbox answered. */
export interface Forwarded {
  /** ms since the endpoint started. */
  at: number;
  /** The body the relay sent upstream (no `eventId`: PIMMS does not take one). */
  json: Record<string, unknown>;
  /** The sandbox's status: 200 recorded, 409 a repeat of (externalId, event name) it refused. */
  status: number;
}

/** A fault the endpoint applies to lead POSTs before the relay sees them. */
export type Fault = { status: number; retryAfter?: number } | undefined;

/** A running endpoint. */
export interface Endpoint {
  /** Where the snippet sends leads, e.g. `http://127.0.0.2:41234/lead`. */
  url: string;
  /** Its origin. */
  origin: string;
  /** Every request received, preflights included, but the landing requests. */
  received: Received[];
  /** The landing requests (`POST ?pimms_id=<id>`, empty body: issue 13), apart from the leads. */
  landings: Received[];
  /** The lead POSTs received, parsed. */
  posts(): Record<string, unknown>[];
  /** The sandbox behind the relay: its `leads()` are what PIMMS recorded. */
  sandbox: Sandbox;
  /** Every lead the relay forwarded to the sandbox: more than one for a click means the relay let a repeat through. */
  forwarded: Forwarded[];
  /** Answer lead POSTs with this status (and Retry-After) instead of forwarding them; `undefined` to recover. */
  fault: Fault;
  /** Wait this long before answering a CORS preflight. */
  preflightDelayMs: number;
  /** Wait this long before answering a lead POST. */
  answerDelayMs: number;
  /** A click of the sandbox's test link, as a PIMMS short link would record it: its id. */
  newClick(): Promise<string>;
  /**
   * The endpoint's handler (recorder, faults, relay), to serve it on the site's own origin too:
   * `site.mount('/api/pimms/lead', endpoint.handle)`.
   */
  handle(request: Request): Promise<Response>;
  /** Stops listening: connections are refused until {@link Endpoint.start}. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  /** Stops and closes the sandbox. */
  close(): Promise<void>;
}

/** Settings of {@link startEndpoint}; all optional. */
export interface EndpointOptions {
  /** Where it listens. Default `127.0.0.2`: another origin than pages on 127.0.0.1. */
  host?: string;
  /** The sandbox's rate limit: requests per window for the relay's key. Default: PIMMS' 600. */
  rateLimit?: number;
  /** The sandbox's rate limit window in ms. Default: PIMMS' minute. */
  rateLimitWindowMs?: number;
}

/**
 * Starts an endpoint on a loopback address.
 *
 * @param options - See {@link EndpointOptions}.
 * @returns The running endpoint.
 * @example
 * const endpoint = await startEndpoint();
 * endpoint.fault = { status: 503 };
 */
export async function startEndpoint(options: EndpointOptions = {}): Promise<Endpoint> {
  const host = options.host || '127.0.0.2';
  const sandbox = createSandbox({
    file: ':memory:',
    rateLimit: options.rateLimit ?? 600,
    ...(options.rateLimitWindowMs ? { rateLimitWindowMs: options.rateLimitWindowMs } : {}),
    apiKeys: [SANDBOX_KEY],
    links: [{ key: 'e2e', url: 'http://127.0.0.1/' }],
  });
  const relay = createLeadRelay({
    apiKey: SANDBOX_KEY,
    serverURL: 'http://sandbox.invalid',
    // The real SDK, its requests answered by the sandbox in process: no third server to run.
    fetch: async (input, init) => {
      const request = new Request(input, init);
      const text = await request.clone().text();
      const response = await sandbox.handler(request);
      if (new URL(request.url).pathname == '/track/lead') {
        let json: Record<string, unknown> = {};
        try {
          json = JSON.parse(text);
        } catch {}
        endpoint.forwarded.push({ at: Date.now() - started, json, status: response.status });
      }
      return response;
    },
    allowedOrigins: () => true,
    log: () => {},
  });
  const started = Date.now();
  const endpoint: Endpoint = {
    url: '',
    origin: '',
    received: [],
    landings: [],
    posts: () => endpoint.received.filter((r) => r.method == 'POST' && r.json).map((r) => r.json!),
    sandbox,
    forwarded: [],
    fault: undefined,
    preflightDelayMs: 0,
    answerDelayMs: 0,
    async newClick() {
      const answer = await sandbox.handler(new Request('http://sandbox.invalid/go/e2e'));
      return new URL(answer.headers.get('location')!).searchParams.get('pimms_id')!;
    },
    handle: (request) => handle(request),
    stop: async () => {
      await served?.close();
      served = undefined;
    },
    start: async () => {
      served = await serve(handle, { host, port });
    },
    close: async () => {
      await endpoint.stop();
      sandbox.close();
    },
  };

  async function handle(request: Request): Promise<Response> {
    const text = await request.clone().text();
    const received: Received = {
      at: Date.now() - started,
      method: request.method,
      url: new URL(request.url).pathname + new URL(request.url).search,
      headers: Object.fromEntries(request.headers),
      text,
    };
    try {
      received.json = JSON.parse(text);
    } catch {}
    const landing =
      request.method == 'POST' && !text && new URL(request.url).searchParams.has('pimms_id');
    (landing ? endpoint.landings : endpoint.received).push(received);
    const origin = request.headers.get('origin') || '*';
    const fault = endpoint.fault;
    let response: Response;
    if (request.method == 'OPTIONS' && endpoint.preflightDelayMs)
      await sleep(endpoint.preflightDelayMs);
    if (request.method == 'POST' && endpoint.answerDelayMs) await sleep(endpoint.answerDelayMs);
    if (request.method == 'POST' && fault) {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'access-control-allow-origin': origin,
        'access-control-expose-headers': 'Retry-After',
      };
      if (fault.retryAfter) headers['retry-after'] = '' + fault.retryAfter;
      response = new Response(
        JSON.stringify({ error: { code: 'test_fault', message: 'fault injected by the test' } }),
        { status: fault.status, headers },
      );
    } else response = await relay(request);
    received.status = response.status;
    const retryAfter = response.headers.get('retry-after');
    if (retryAfter !== null) received.retryAfter = retryAfter;
    return response;
  }

  let served: ServedHandler | undefined = await serve(handle, { host, port: 0 });
  const port = +new URL(served.url).port;
  endpoint.origin = served.url;
  endpoint.url = served.url + '/lead';
  return endpoint;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
