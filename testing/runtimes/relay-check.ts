/**
 * What every runtime test checks, the same way for each runtime: the sandbox PIMMS API served on
 * loopback, and the three requests a site's relay must answer (a lead that reaches the sandbox,
 * a foreign origin refused with 403, an oversize body refused with 413), asserted on what the
 * sandbox recorded.
 */
import { expect } from 'vitest';
import type { RelayAnswer, RelayErrorBody } from '../../src/relay/index.ts';
import { serve } from '../../src/relay/node.ts';
import { createSandbox, type Sandbox } from '../../src/sandbox/index.ts';

/** The key the recipes' relays are given (environment or Worker secret) and the sandbox accepts. */
export const API_KEY = 'pimms_test_key_runtimes_7c3f10';
/** The site the recipes allow (`allowedOrigins`). */
export const SITE = 'https://www.example.com';
/** An origin the recipes do not allow. */
export const FOREIGN = 'https://evil.example';
/** Where the recipes mount the relay. */
export const PATH = '/api/pimms/lead';

/** The sandbox PIMMS API on a free loopback port, started by {@link startSandboxApi}. */
export interface SandboxApi {
  /** Its base URL, the relay's `serverURL` / `PIMMS_API_URL`, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** The leads it recorded, as stored. */
  leads: Sandbox['leads'];
  /** Follows the short link `/go/demo` as a visitor would; returns the click id it lands with. */
  click(): Promise<string>;
  /** Stops the server and closes the database. */
  close(): Promise<void>;
}

/**
 * Starts the sandbox (in-memory SQLite, the key {@link API_KEY}, the link `demo`) on 127.0.0.1.
 *
 * @returns The running sandbox.
 * @example
 * const api = await startSandboxApi();
 * const clickId = await api.click();
 * await api.close();
 */
export async function startSandboxApi(): Promise<SandboxApi> {
  const sandbox = createSandbox({
    file: ':memory:',
    apiKeys: [API_KEY],
    links: [{ key: 'demo', url: `${SITE}/signup` }],
  });
  const served = await serve(sandbox.handler);
  return {
    url: served.url,
    leads: () => sandbox.leads(),
    async click() {
      const response = await fetch(`${served.url}/go/demo`, { redirect: 'manual' });
      const id = new URL(response.headers.get('location') ?? 'about:blank').searchParams.get(
        'pimms_id',
      );
      if (response.status != 302 || !id) throw new Error(`no click: ${response.status}`);
      return id;
    },
    async close() {
      await served.close();
      sandbox.close();
    },
  };
}

/**
 * Sends a lead, a preflight, a foreign-origin lead and an oversize lead through a relay running
 * in some runtime, and asserts the answers and what the sandbox recorded.
 *
 * @param send - Delivers a request to the runtime (over HTTP, or to the exported handler) and
 *   returns its answer. The request's URL is `http://relay.test/api/pimms/lead`; `send` may
 *   rewrite the origin.
 * @param api - The sandbox the relay forwards to.
 * @param runtime - A name for the lead's `externalId` and the messages, e.g. `workerd`.
 * @example
 * await expectRelayWorks((request) => fetch(new URL(PATH, url), request), api, 'hono');
 */
export async function expectRelayWorks(
  send: (request: Request) => Promise<Response>,
  api: SandboxApi,
  runtime: string,
): Promise<void> {
  const clickId = await api.click();
  const lead = {
    eventId: `ev_${runtime}_1`,
    clickId,
    eventName: 'Sign up',
    externalId: `user_${runtime}`,
    customerEmail: 'ada@example.com',
    customerName: 'Ada Lovelace',
    metadata: { path: '/signup', runtime },
  };
  const post = (origin: string, body: string) =>
    new Request(`http://relay.test${PATH}`, {
      method: 'POST',
      headers: { origin, 'content-type': 'text/plain;charset=UTF-8' },
      body,
    });

  const preflight = await send(
    new Request(`http://relay.test${PATH}`, {
      method: 'OPTIONS',
      headers: {
        origin: SITE,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    }),
  );
  expect(preflight.status, `${runtime}: preflight`).toBe(204);
  expect(preflight.headers.get('access-control-allow-origin')).toBe(SITE);

  const sent = await send(post(SITE, JSON.stringify(lead)));
  const answer = (await sent.json()) as RelayAnswer;
  expect(sent.status, `${runtime}: lead answered ${JSON.stringify(answer)}`).toBe(200);
  expect(sent.headers.get('access-control-allow-origin')).toBe(SITE);
  expect(answer).toMatchObject({
    ok: true,
    eventId: lead.eventId,
    click: { id: clickId },
    customer: { externalId: lead.externalId, email: lead.customerEmail },
  });
  const recorded = api.leads();
  expect(recorded, `${runtime}: what the sandbox recorded`).toHaveLength(1);
  expect(recorded[0]).toMatchObject({
    clickId,
    linkKey: 'demo',
    eventName: 'Sign up',
    externalId: lead.externalId,
    customerEmail: lead.customerEmail,
    customerName: lead.customerName,
    metadata: lead.metadata,
  });

  const foreign = await send(post(FOREIGN, JSON.stringify({ ...lead, eventId: 'ev_foreign' })));
  expect(foreign.status, `${runtime}: foreign origin`).toBe(403);
  expect(((await foreign.json()) as RelayErrorBody).error.code).toBe('forbidden_origin');

  const oversize = JSON.stringify({
    ...lead,
    eventId: 'ev_oversize',
    externalId: `user_${runtime}_big`,
    metadata: { note: 'x'.repeat(20_000) },
  });
  const tooBig = await send(post(SITE, oversize));
  expect(tooBig.status, `${runtime}: oversize body`).toBe(413);
  expect(((await tooBig.json()) as RelayErrorBody).error.code).toBe('payload_too_large');

  // Neither refused lead reached PIMMS.
  expect(api.leads().map((row) => row.externalId)).toEqual([lead.externalId]);
}

/**
 * A `send` for {@link expectRelayWorks} that posts over HTTP to a relay at `base`.
 *
 * @param base - The server's URL, e.g. `http://127.0.0.1:40123`.
 * @returns The sender: same method, headers and body, at `base` + the request's path.
 * @example
 * await expectRelayWorks(overHttp(server.url), api, 'express');
 */
export function overHttp(base: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    return fetch(new URL(url.pathname + url.search, base), {
      method: request.method,
      headers: request.headers,
      body: request.method == 'POST' ? await request.text() : undefined,
    });
  };
}
