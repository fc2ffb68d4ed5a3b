import { resetEnv } from 'pimms/lib/env.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkLead } from '../shared/field-rules.ts';
import type { RelayAnswer, RelayErrorBody } from './answers.ts';
import { createLeadRelay, type LeadRelayOptions } from './create-lead-relay.ts';
import { createMemoryEventIdCache, type EventIdCache } from './event-id-cache.ts';
import {
  startUpstreamStub,
  trackedLead,
  type StubAnswer,
  type StubRequest,
  type UpstreamStub,
} from '../../testing/unit/upstream-stub.ts';

const KEY = 'pimms_sk_test_5Xq9Lw2Rz8Tn4Vb7';
const RELAY_URL = 'https://shop.example/api/pimms';
const SHOP = 'https://shop.example';
const LEAD = { eventId: 'ev_1', clickId: 'cl_abc', eventName: 'Sign up', externalId: 'user_1' };

let stubs: UpstreamStub[] = [];
afterEach(async () => {
  await Promise.all(stubs.map((stub) => stub.close()));
  stubs = [];
  vi.unstubAllEnvs();
});

const ok = (request: StubRequest): StubAnswer => {
  const sent = JSON.parse(request.body);
  return { status: 200, body: trackedLead(sent.clickId, sent.externalId) };
};

/** A relay in front of a stub upstream, with its log lines captured. */
async function setup(
  answer: (request: StubRequest, index: number) => StubAnswer | Promise<StubAnswer> = ok,
  options: LeadRelayOptions = {},
) {
  const stub = await startUpstreamStub(answer);
  stubs.push(stub);
  const lines: string[] = [];
  const relay = createLeadRelay({
    apiKey: KEY,
    serverURL: stub.url,
    log: (line) => lines.push(line),
    ...options,
  });
  return { relay, stub, lines };
}

function post(
  body: unknown,
  {
    origin,
    type = 'text/plain;charset=UTF-8',
    headers = {},
  }: { origin?: string; type?: string; headers?: Record<string, string> } = {},
): Request {
  return new Request(RELAY_URL, {
    method: 'POST',
    headers: {
      ...(type ? { 'content-type': type } : {}),
      ...(origin ? { origin } : {}),
      ...headers,
    },
    body: typeof body == 'string' ? body : JSON.stringify(body),
  });
}

async function errorOf(response: Response): Promise<RelayErrorBody['error']> {
  return ((await response.json()) as RelayErrorBody).error;
}

describe('CORS and origins', () => {
  it('answers a preflight from its own site 204 with the CORS headers', async () => {
    const { relay } = await setup();
    const response = await relay(
      new Request(RELAY_URL, {
        method: 'OPTIONS',
        headers: { origin: SHOP, 'access-control-request-method': 'POST' },
      }),
    );
    expect(response.status).toBe(204);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'access-control-allow-origin': SHOP,
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'content-type',
      'access-control-max-age': '7200',
      vary: 'Origin',
    });
  });

  it('allows listed origins, the relay’s own site, and requests without an Origin', async () => {
    const { relay } = await setup(ok, { allowedOrigins: ['https://landing.example/'] });
    const preflight = await relay(
      new Request(RELAY_URL, { method: 'OPTIONS', headers: { origin: 'https://landing.example' } }),
    );
    expect(preflight.status).toBe(204);
    expect(Object.fromEntries(preflight.headers)).toMatchObject({
      'access-control-allow-origin': 'https://landing.example',
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'content-type',
      'access-control-max-age': '7200',
      vary: 'Origin',
    });

    const listed = await relay(
      post({ ...LEAD, eventId: 'ev_l' }, { origin: 'https://landing.example' }),
    );
    expect(listed.status).toBe(200);
    expect(listed.headers.get('access-control-allow-origin')).toBe('https://landing.example');
    expect(listed.headers.get('vary')).toBe('Origin');
    expect(listed.headers.get('access-control-expose-headers')).toBe(
      'Retry-After, X-Pimms-Retryable, X-Pimms-Duplicate',
    );

    const own = await relay(post({ ...LEAD, eventId: 'ev_o' }, { origin: SHOP }));
    expect(own.status).toBe(200);
    expect(own.headers.get('access-control-allow-origin')).toBe(SHOP);

    const server = await relay(post({ ...LEAD, eventId: 'ev_s' }));
    expect(server.status).toBe(200);
    expect(server.headers.get('access-control-allow-origin')).toBeNull();
    expect(server.headers.get('vary')).toBe('Origin');
  });

  it('recognises its own site behind a proxy from Host and X-Forwarded-Host', async () => {
    const { relay } = await setup();
    const internal = (headers: Record<string, string>, eventId: string) =>
      new Request('http://127.0.0.1:3000/api/pimms', {
        method: 'POST',
        headers: { 'content-type': 'text/plain', origin: SHOP, ...headers },
        body: JSON.stringify({ ...LEAD, eventId }),
      });
    expect((await relay(internal({ host: 'shop.example' }, 'ev_h'))).status).toBe(200);
    expect((await relay(internal({ 'x-forwarded-host': 'shop.example' }, 'ev_x'))).status).toBe(
      200,
    );
    expect((await relay(internal({}, 'ev_n'))).status).toBe(403);
  });

  it('refuses other origins with 403 forbidden_origin, preflight included, without calling upstream', async () => {
    const { relay, stub } = await setup(ok, {
      allowedOrigins: (origin) => origin.endsWith('.shop.example'),
    });
    const preflight = await relay(
      new Request(RELAY_URL, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } }),
    );
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect((await errorOf(preflight)).code).toBe('forbidden_origin');

    const response = await relay(post(LEAD, { origin: 'https://evil.example' }));
    expect(response.status).toBe(403);
    expect(response.headers.get('x-pimms-retryable')).toBe('0');
    // Readable by the refused page, so its snippet gives up instead of retrying a network error.
    expect(response.headers.get('access-control-allow-origin')).toBe('https://evil.example');
    expect(await errorOf(response)).toMatchObject({ code: 'forbidden_origin', retryable: false });

    expect((await relay(post(LEAD, { origin: 'null' }))).status).toBe(403);
    expect((await relay(post(LEAD, { origin: 'https://eu.shop.example' }))).status).toBe(200);
    expect(stub.requests).toHaveLength(1);
  });
});

describe('requests the relay refuses', () => {
  it('answers 405 with Allow to other methods', async () => {
    const { relay } = await setup();
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const response = await relay(new Request(RELAY_URL, { method }));
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST, OPTIONS');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect((await errorOf(response)).code).toBe('method_not_allowed');
    }
  });

  it.each([
    ['application/x-www-form-urlencoded'],
    ['multipart/form-data; boundary=x'],
    ['text/html'],
    [null],
  ])('answers 415 to Content-Type %j', async (type) => {
    const { relay } = await setup();
    const response = await relay(
      new Request(RELAY_URL, {
        method: 'POST',
        headers: type ? { 'content-type': type } : {},
        body: new TextEncoder().encode(JSON.stringify(LEAD)),
      }),
    );
    expect(response.status).toBe(415);
    expect(await errorOf(response)).toMatchObject({
      code: 'unsupported_media_type',
      retryable: false,
    });
  });

  it.each([
    ['text/plain'],
    ['text/plain;charset=UTF-8'],
    ['application/json'],
    ['Application/JSON; charset=utf-8'],
  ])('accepts Content-Type %j', async (type) => {
    const { relay } = await setup();
    expect((await relay(post(LEAD, { type }))).status).toBe(200);
  });

  it('answers 413 from Content-Length before reading', async () => {
    const { relay, stub } = await setup(ok, { maxBodyBytes: 100 });
    const response = await relay(post({ ...LEAD, metadata: { pad: 'x'.repeat(200) } }));
    expect(response.status).toBe(413);
    expect(await errorOf(response)).toMatchObject({ code: 'payload_too_large', retryable: false });
    expect(stub.requests).toHaveLength(0);
  });

  it('answers 413 while reading a stream without Content-Length, and stops reading it', async () => {
    const { relay } = await setup();
    let produced = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        produced += 1024;
        controller.enqueue(new TextEncoder().encode('x'.repeat(1024)));
      },
    });
    const request = new Request(RELAY_URL, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: endless,
      duplex: 'half',
    } as RequestInit);
    expect(request.headers.get('content-length')).toBeNull();
    const response = await relay(request);
    expect(response.status).toBe(413);
    expect(produced).toBeLessThan(16_384 + 8 * 1024);
  });

  it('answers 413 when Content-Length lies', async () => {
    const { relay } = await setup();
    const response = await relay(
      post(
        { ...LEAD, metadata: { pad: 'x'.repeat(20_000) } },
        { headers: { 'content-length': '10' } },
      ),
    );
    expect(response.status).toBe(413);
  });

  it.each([
    ['not JSON', '{clickId: cl_1', 'the body is not valid UTF-8 JSON'],
    ['empty', '', 'the body is not valid UTF-8 JSON'],
    ['an array', '[1,2]', 'the body must be a JSON object'],
    ['null', 'null', 'the body must be a JSON object'],
    ['a string', '"lead"', 'the body must be a JSON object'],
  ])('answers 400 to a body that is %s', async (_, body, message) => {
    const { relay } = await setup();
    const response = await relay(post(body));
    expect(response.status).toBe(400);
    expect(response.headers.get('x-pimms-retryable')).toBe('0');
    expect(await errorOf(response)).toEqual({ code: 'bad_request', message, retryable: false });
  });

  it.each([
    [{ customerEmail: 'not-an-address' }],
    [{ customerAvatar: 42 }],
    [{ customerName: 'n'.repeat(101) }],
    [{ eventName: 'e'.repeat(256) }],
    [{ externalId: 'x'.repeat(101) }],
    [{ metadata: [1] }],
    [{ clickId: { id: 1 } }],
    [{ eventId: 'has spaces' }],
    [{ eventId: 'e'.repeat(65) }],
    [{ mode: 'now' }],
  ])('answers 400 with the shared rules’ problem for %j', async (change) => {
    const { relay, stub } = await setup();
    const response = await relay(post({ ...LEAD, ...change }));
    expect(response.status).toBe(400);
    const { message } = await errorOf(response);
    const field = Object.keys(change)[0]!;
    expect(message.startsWith(field + ' ')).toBe(true);
    expect(message).toBe(checkLead(change).problems[0]);
    expect(stub.requests).toHaveLength(0);
  });

  it.each([
    [{ clickId: '  ' }, 'clickId is required'],
    [{ clickId: undefined }, 'clickId is required'],
    [{ eventName: undefined }, 'eventName is required'],
    [{ externalId: '' }, 'externalId is required'],
    [{ externalId: null }, 'externalId is required'],
  ])('answers 400 for a missing required field: %j', async (change, message) => {
    const { relay, stub } = await setup();
    const response = await relay(post({ ...LEAD, ...change }));
    expect(response.status).toBe(400);
    expect((await errorOf(response)).message).toBe(message);
    expect(stub.requests).toHaveLength(0);
  });

  it('lists every problem of a body', async () => {
    const { relay } = await setup();
    const response = await relay(post({ ...LEAD, customerEmail: 'x', metadata: 'y' }));
    expect((await errorOf(response)).message).toBe(
      checkLead({ customerEmail: 'x', metadata: 'y' }).problems.join('; '),
    );
  });
});

describe('forwarding', () => {
  it('forwards a valid lead with the key and answers 200 with a RelayAnswer', async () => {
    const { relay, stub } = await setup();
    const lead = {
      ...LEAD,
      eventName: '  Sign up  ',
      customerName: 'Ada',
      customerEmail: 'ada@example.com',
      customerAvatar: 'https://example.com/ada.png',
      metadata: { plan: 'pro', utm_source: 'x' },
    };
    const response = await relay(post(lead, { origin: SHOP }));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('x-pimms-retryable')).toBeNull();
    expect(response.headers.get('x-pimms-duplicate')).toBeNull();
    const answer: RelayAnswer = await response.json();
    expect(answer).toEqual({
      ok: true,
      eventId: 'ev_1',
      click: { id: 'cl_abc' },
      customer: { name: null, email: null, avatar: null, externalId: 'user_1' },
    });

    expect(stub.requests).toHaveLength(1);
    const [sent] = stub.requests;
    expect(sent!.method).toBe('POST');
    expect(sent!.path).toBe('/track/lead');
    expect(sent!.headers.get('authorization')).toBe(`Bearer ${KEY}`);
    expect(sent!.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(sent!.body)).toEqual({
      clickId: 'cl_abc',
      eventName: 'Sign up',
      externalId: 'user_1',
      customerName: 'Ada',
      customerEmail: 'ada@example.com',
      customerAvatar: 'https://example.com/ada.png',
      metadata: { plan: 'pro', utm_source: 'x' },
    });
  });

  it('answers 200 even when the upstream body does not match the SDK’s schema', async () => {
    const { relay } = await setup(() => ({ status: 200, body: { tracked: true } }));
    const response = await relay(post({ ...LEAD, customerEmail: 'ada@example.com' }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      ok: true,
      eventId: 'ev_1',
      click: { id: 'cl_abc' },
      customer: { name: null, email: 'ada@example.com', avatar: null, externalId: 'user_1' },
    });
  });

  it('takes the key from PIMMS_API_KEY by default and answers 500 relay_not_configured without one', async () => {
    const stub = await startUpstreamStub(ok);
    stubs.push(stub);
    const lines: string[] = [];
    const relay = createLeadRelay({ serverURL: stub.url, log: (line) => lines.push(line) });

    vi.stubEnv('PIMMS_API_KEY', '');
    const missing = await relay(post(LEAD, { origin: SHOP }));
    expect(missing.status).toBe(500);
    expect(missing.headers.get('x-pimms-retryable')).toBe('1');
    expect(missing.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(await errorOf(missing)).toMatchObject({ code: 'relay_not_configured', retryable: true });
    expect(stub.requests).toHaveLength(0);
    expect(lines.join('\n')).toContain('PIMMS_API_KEY is not set');

    // Not remembered: the same eventId goes through once the key is there.
    vi.stubEnv('PIMMS_API_KEY', KEY);
    const fixed = await relay(post(LEAD));
    expect(fixed.status).toBe(200);
    expect(stub.requests[0]!.headers.get('authorization')).toBe(`Bearer ${KEY}`);
  });

  it('never takes the key from the request', async () => {
    vi.stubEnv('PIMMS_API_KEY', '');
    const { relay, stub } = await setup(ok, { apiKey: undefined });
    const response = await relay(
      post({ ...LEAD, apiKey: KEY }, { headers: { authorization: `Bearer ${KEY}` } }),
    );
    expect(response.status).toBe(400);
    const again = await relay(
      post(LEAD, { headers: { authorization: `Bearer ${KEY}`, 'x-pimms-api-key': KEY } }),
    );
    expect(again.status).toBe(500);
    expect(stub.requests).toHaveLength(0);
  });
});

describe('de-duplication by eventId', () => {
  it('answers a repeat with the same status and body without a second upstream call', async () => {
    const { relay, stub } = await setup();
    const first = await relay(post(LEAD));
    const second = await relay(post(LEAD, { origin: SHOP }));
    expect(second.status).toBe(first.status);
    expect(await second.json()).toEqual(await first.json());
    expect(second.headers.get('x-pimms-duplicate')).toBe('1');
    expect(second.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(first.headers.get('x-pimms-duplicate')).toBeNull();
    expect(stub.requests).toHaveLength(1);
  });

  it('remembers a final 4xx too', async () => {
    const { relay, stub } = await setup(() => ({
      status: 404,
      body: { error: { code: 'not_found', message: 'Click not found' } },
    }));
    const first = await relay(post(LEAD));
    const second = await relay(post(LEAD));
    expect([first.status, second.status]).toEqual([404, 404]);
    expect(await errorOf(second)).toEqual({
      code: 'not_found',
      message: 'Click not found',
      retryable: false,
    });
    expect(second.headers.get('x-pimms-retryable')).toBe('0');
    expect(stub.requests).toHaveLength(1);
  });

  it('makes one upstream call for concurrent identical requests', async () => {
    const { relay, stub } = await setup(async (request) => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      return ok(request);
    });
    const responses = await Promise.all([relay(post(LEAD)), relay(post(LEAD)), relay(post(LEAD))]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(responses.map((r) => r.headers.get('x-pimms-duplicate'))).toEqual([null, '1', '1']);
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(bodies[1]).toEqual(bodies[0]);
    expect(stub.requests).toHaveLength(1);
  });

  it('does not remember a retryable outcome', async () => {
    const { relay, stub } = await setup((request, index) =>
      index == 0
        ? { status: 503, body: { error: { code: 'internal_server_error', message: 'down' } } }
        : ok(request),
    );
    expect((await relay(post(LEAD))).status).toBe(502);
    const retried = await relay(post(LEAD));
    expect(retried.status).toBe(200);
    expect(retried.headers.get('x-pimms-duplicate')).toBeNull();
    expect(stub.requests).toHaveLength(2);
  });

  it('does not de-duplicate requests without an eventId', async () => {
    const { relay, stub } = await setup();
    const { eventId: _, ...lead } = LEAD;
    const response = await relay(post(lead));
    expect(await response.json()).not.toHaveProperty('eventId');
    await relay(post(lead));
    expect(stub.requests).toHaveLength(2);
  });

  it('uses a custom cache, and forwards anyway when the cache fails', async () => {
    const saved = new Map<string, unknown>();
    const settle = vi.fn(async (id: string, outcome: unknown) => {
      saved.set(id, JSON.parse(JSON.stringify(outcome)));
    });
    const cache: EventIdCache = {
      claim: async (id) =>
        saved.has(id)
          ? { state: 'answered', outcome: saved.get(id) as never }
          : { state: 'claimed', settle: (outcome) => settle(id, outcome), release: async () => {} },
    };
    const { relay, stub } = await setup(ok, { dedupe: cache });
    await relay(post(LEAD));
    const again = await relay(post(LEAD));
    expect(again.headers.get('x-pimms-duplicate')).toBe('1');
    expect(settle).toHaveBeenCalledTimes(1);
    expect(stub.requests).toHaveLength(1);

    const broken: EventIdCache = { claim: () => Promise.reject(new Error('redis down')) };
    const other = await setup(ok, { dedupe: broken });
    expect((await other.relay(post(LEAD))).status).toBe(200);
    expect(other.stub.requests).toHaveLength(1);
    expect(other.lines.join('\n')).toMatch(/cache claim failed.*redis down/);
  });

  it('forwards a lead once across two relays sharing a cache, the repeat waiting for the first', async () => {
    const cache = createMemoryEventIdCache();
    const { relay: one, stub } = await setup(
      async (request) => {
        await new Promise((resolve) => setTimeout(resolve, 100));
        return ok(request);
      },
      { dedupe: cache },
    );
    const two = createLeadRelay({ apiKey: KEY, serverURL: stub.url, dedupe: cache, log: () => {} });
    const [first, second] = await Promise.all([one(post(LEAD)), two(post(LEAD))]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.headers.get('x-pimms-duplicate')).toBe('1');
    expect(await second.json()).toEqual(await first.json());
    expect(stub.requests).toHaveLength(1);
  });

  it('keeps answers in memory within the TTL only', async () => {
    let now = 0;
    const { relay, stub } = await setup(ok, { dedupe: { ttlMs: 1000, now: () => now } });
    await relay(post(LEAD));
    now = 999;
    await relay(post(LEAD));
    expect(stub.requests).toHaveLength(1);
    now = 1000;
    await relay(post(LEAD));
    expect(stub.requests).toHaveLength(2);
  });
});

describe('enrich', () => {
  const fromCookie = (request: Request) =>
    /(?:^|;\s*)uid=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1];

  it('fills externalId from a session cookie before forwarding', async () => {
    const { relay, stub } = await setup(ok, {
      enrich: (request, body) => ({ ...body, externalId: fromCookie(request) ?? body.externalId }),
    });
    const { externalId: _, ...lead } = LEAD;
    const response = await relay(post(lead, { headers: { cookie: 'theme=dark; uid=user_42' } }));
    expect(response.status).toBe(200);
    expect(JSON.parse(stub.requests[0]!.body).externalId).toBe('user_42');
    expect(((await response.json()) as RelayAnswer).customer.externalId).toBe('user_42');
  });

  it('checks the enriched body again', async () => {
    const { relay, stub } = await setup(ok, {
      enrich: async (request, body) =>
        request.headers.get('x-case') == 'email'
          ? { ...body, customerEmail: 'nope' }
          : { ...body, externalId: fromCookie(request) },
    });
    const { externalId: _, ...lead } = LEAD;
    const noUser = await relay(post(lead));
    expect(noUser.status).toBe(400);
    expect(await errorOf(noUser)).toMatchObject({
      message: 'externalId is required',
      retryable: false,
    });
    const badEmail = await relay(post(LEAD, { headers: { 'x-case': 'email' } }));
    expect(badEmail.status).toBe(400);
    expect((await errorOf(badEmail)).message).toBe(
      checkLead({ customerEmail: 'nope' }).problems[0],
    );
    expect(stub.requests).toHaveLength(0);
  });

  it('answers 500 enrich_failed, retryable and not remembered, when enrich throws', async () => {
    let fail = true;
    const { relay, stub, lines } = await setup(ok, {
      enrich: (_, body) => {
        if (fail) throw new Error('session store offline');
        return body;
      },
    });
    const response = await relay(post(LEAD));
    expect(response.status).toBe(500);
    expect(response.headers.get('x-pimms-retryable')).toBe('1');
    expect(await errorOf(response)).toMatchObject({ code: 'enrich_failed', retryable: true });
    expect(lines.join('\n')).toContain('session store offline');
    fail = false;
    expect((await relay(post(LEAD))).status).toBe(200);
    expect(stub.requests).toHaveLength(1);
  });
});

describe('upstream answers', () => {
  const apiError = (
    status: number,
    code: string,
    message: string,
    headers?: Record<string, string>,
  ): StubAnswer => ({
    status,
    headers,
    body: { error: { code, message } },
  });

  it.each([
    [400, 'bad_request', 'externalId is required'],
    [404, 'not_found', 'Click not found'],
    [409, 'conflict', 'A lead for this customer and event already exists'],
    [410, 'invite_expired', 'Gone'],
    [422, 'unprocessable_entity', 'Unprocessable'],
    [400, 'invalid_click', 'A code outside the SDK’s enum'],
  ])('passes %i %s through as final', async (status, code, message) => {
    const { relay } = await setup(() => apiError(status, code, message));
    const response = await relay(post(LEAD, { origin: SHOP }));
    expect(response.status).toBe(status);
    expect(response.headers.get('x-pimms-retryable')).toBe('0');
    expect(response.headers.get('retry-after')).toBeNull();
    expect(response.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(await errorOf(response)).toEqual({ code, message, retryable: false });
  });

  it.each([
    [{ 'Retry-After': '7' }, 7],
    [{}, 30],
  ])('answers upstream 429 with 429, retryable, Retry-After %j', async (headers, seconds) => {
    const { relay } = await setup(() =>
      apiError(429, 'rate_limit_exceeded', 'Too many requests', headers),
    );
    const response = await relay(post(LEAD));
    expect(response.status).toBe(429);
    // The wait, plus a jitter of up to a tenth (at least 1 s) so that clients do not return in step.
    const header = Number(response.headers.get('retry-after'));
    expect(header).toBeGreaterThanOrEqual(seconds);
    expect(header).toBeLessThanOrEqual(seconds + Math.max(1, Math.ceil(seconds / 10)));
    expect(response.headers.get('x-pimms-retryable')).toBe('1');
    expect(await errorOf(response)).toEqual({
      code: 'rate_limit_exceeded',
      message: 'Too many requests',
      retryable: true,
      retryAfter: header,
    });
  });

  it.each([
    [500, { 'Retry-After': '120' }, 120],
    [503, {}, 10],
    [502, {}, 10],
  ])(
    'answers upstream %i with 502 upstream_unavailable, retryable',
    async (status, headers, seconds) => {
      const { relay, stub, lines } = await setup(() =>
        apiError(status, 'internal_server_error', 'boom', headers),
      );
      const response = await relay(post(LEAD));
      expect(response.status).toBe(502);
      expect(response.headers.get('retry-after')).toBe(String(seconds));
      expect(await errorOf(response)).toMatchObject({
        code: 'upstream_unavailable',
        retryable: true,
      });
      // The SDK's own retries are off: the snippet's outbox retries.
      expect(stub.requests).toHaveLength(1);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        new RegExp(
          `^\\[pimms-relay\\] PIMMS answered ${status} internal_server_error \\(eventId ev_1\\): boom$`,
        ),
      );
    },
  );

  it.each([[401], [403]])(
    'answers upstream %i with 502 upstream_auth, retryable',
    async (status) => {
      const { relay, lines } = await setup(() =>
        apiError(status, status == 401 ? 'unauthorized' : 'forbidden', 'Invalid API key'),
      );
      const response = await relay(post(LEAD));
      expect(response.status).toBe(502);
      expect(response.headers.get('x-pimms-retryable')).toBe('1');
      const error = await errorOf(response);
      expect(error).toMatchObject({ code: 'upstream_auth', retryable: true, retryAfter: 60 });
      expect(error.message).toContain("PIMMS refused the relay's PIMMS_API_KEY");
      expect(lines[0]).toContain(`PIMMS answered ${status}`);
    },
  );

  it('answers 502 upstream_unreachable, retryable, when the connection is refused', async () => {
    const stub = await startUpstreamStub(ok);
    await stub.close();
    const lines: string[] = [];
    const relay = createLeadRelay({
      apiKey: KEY,
      serverURL: stub.url,
      log: (line) => lines.push(line),
    });
    const response = await relay(post(LEAD));
    expect(response.status).toBe(502);
    expect(response.headers.get('retry-after')).toBe('10');
    expect(await errorOf(response)).toMatchObject({
      code: 'upstream_unreachable',
      retryable: true,
    });
    expect(lines[0]).toContain('ECONNREFUSED');
    // Not remembered either.
    expect((await relay(post(LEAD))).status).toBe(502);
  });

  it('answers 504 upstream_timeout, retryable, when upstream does not answer in time', async () => {
    const { relay } = await setup(() => 'hang', { timeoutMs: 200 });
    const response = await relay(post(LEAD));
    expect(response.status).toBe(504);
    expect(await errorOf(response)).toMatchObject({ code: 'upstream_timeout', retryable: true });
  });

  it('answers 502 upstream_error to an unexpected status', async () => {
    const { relay } = await setup(() => ({ status: 302, body: '' }));
    const response = await relay(post(LEAD));
    expect(response.status).toBe(502);
    expect(await errorOf(response)).toMatchObject({ code: 'upstream_error', retryable: true });
  });

  it('uses the injected fetch', async () => {
    const fetcher = vi.fn(async (input: RequestInfo | URL) => {
      expect(new Request(input).url).toBe('http://pimms.invalid/track/lead');
      return Response.json(trackedLead('cl_abc'));
    });
    const relay = createLeadRelay({
      apiKey: KEY,
      serverURL: 'http://pimms.invalid',
      fetch: fetcher as typeof fetch,
      log: () => {},
    });
    expect((await relay(post(LEAD))).status).toBe(200);
    expect(fetcher).toHaveBeenCalledTimes(1);
  });
});

describe('the API key stays secret', () => {
  async function everything(response: Response): Promise<string> {
    return (
      [...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n') +
      '\n' +
      (await response.text())
    );
  }

  it.each([
    [400, 'bad_request'],
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [422, 'unprocessable_entity'],
    [429, 'rate_limit_exceeded'],
    [500, 'internal_server_error'],
  ])('is in no answer or log line when upstream %i quotes it', async (status, code) => {
    const { relay, stub, lines } = await setup(() => ({
      status,
      headers: { 'X-Echo': KEY },
      body: { error: { code, message: `key ${KEY} (Bearer ${KEY}) was used` } },
    }));
    const text = await everything(await relay(post(LEAD, { origin: SHOP })));
    expect(stub.requests[0]!.headers.get('authorization')).toBe(`Bearer ${KEY}`);
    expect(text).not.toContain(KEY);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).not.toContain(KEY);
  });

  it('is in no answer or log line when the transport error quotes it', async () => {
    const lines: string[] = [];
    const relay = createLeadRelay({
      apiKey: KEY,
      serverURL: 'http://127.0.0.1:9',
      fetch: async (input) => {
        throw new TypeError('fetch failed', {
          cause: new Error(`refused ${new Request(input).headers.get('authorization')}`),
        });
      },
      log: (line) => lines.push(line),
    });
    const response = await relay(post(LEAD));
    expect(response.status).toBe(502);
    expect(await everything(response)).not.toContain(KEY);
    expect(lines.join('\n')).toContain('refused Bearer [redacted]');
    expect(lines.join('\n')).not.toContain(KEY);
  });

  it('is not printed by the SDK’s debug logging (PIMMS_DEBUG)', async () => {
    vi.stubEnv('PIMMS_DEBUG', '1');
    resetEnv();
    const spies = (['log', 'group', 'info', 'warn', 'error', 'debug'] as const).map((name) =>
      vi.spyOn(console, name).mockImplementation(() => {}),
    );
    try {
      const { relay } = await setup();
      expect((await relay(post(LEAD))).status).toBe(200);
      for (const spy of spies) expect(JSON.stringify(spy.mock.calls)).not.toContain(KEY);
    } finally {
      resetEnv();
    }
  });
});

describe('robustness', () => {
  it('answers 500 internal_error when the origin predicate throws', async () => {
    const { relay, lines } = await setup(ok, {
      allowedOrigins: () => {
        throw new Error('bad predicate');
      },
    });
    const response = await relay(post(LEAD, { origin: 'https://other.example' }));
    expect(response.status).toBe(500);
    expect(await errorOf(response)).toMatchObject({ code: 'internal_error', retryable: true });
    expect(lines[0]).toContain('bad predicate');
  });

  it('logs to console.warn with the prefix by default', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const stub = await startUpstreamStub(() => ({
      status: 500,
      body: { error: { code: 'internal_server_error', message: 'x' } },
    }));
    stubs.push(stub);
    await createLeadRelay({ apiKey: KEY, serverURL: stub.url })(post(LEAD));
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^\[pimms-relay\] PIMMS answered 500/));
  });

  it('answers 500 relay_not_configured for an unusable serverURL', async () => {
    const relay = createLeadRelay({ apiKey: KEY, serverURL: 'not a url', log: () => {} });
    const response = await relay(post(LEAD));
    expect(response.status).toBe(500);
    expect(await errorOf(response)).toMatchObject({
      code: 'relay_not_configured',
      retryable: true,
    });
  });
});
