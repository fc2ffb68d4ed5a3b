/**
 * `createLeadRelay({ onEvent })`: one event per decision, with the documented fields, and never
 * the key or a customer's e-mail, on every path through the relay.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { failure } from './answers.ts';
import { createLeadRelay, type LeadRelayOptions } from './create-lead-relay.ts';
import { createMemoryEventIdCache } from './event-id-cache.ts';
import type { RelayEvent } from './relay-event.ts';
import { serve } from './serve.ts';
import {
  startUpstreamStub,
  trackedLead,
  type StubAnswer,
  type StubRequest,
  type UpstreamStub,
} from '../../testing/unit/upstream-stub.ts';

const KEY = 'pimms_sk_events_9Jq2Lw5Rz8Tn4Vb7';
const EMAIL = 'ada.lovelace@example.com';
const RELAY_URL = 'https://shop.example/api/pimms';
const LEAD = {
  eventId: 'ev_1',
  clickId: 'cl_abc',
  eventName: 'Sign up',
  externalId: 'user_1',
  customerEmail: EMAIL,
};

let stubs: UpstreamStub[] = [];
afterEach(async () => {
  await Promise.all(stubs.map((stub) => stub.close()));
  stubs = [];
  vi.restoreAllMocks();
});

const ok = (request: StubRequest): StubAnswer => {
  const sent = JSON.parse(request.body);
  return { status: 200, body: trackedLead(sent.clickId, sent.externalId) };
};
// A hostile upstream that quotes the whole request (key included) in its error messages.
const quoting =
  (status: number, headers: Record<string, string> = {}) =>
  (request: StubRequest): StubAnswer => ({
    status,
    headers,
    body: {
      error: {
        code: 'x',
        message: `${request.headers.get('authorization')} ${request.body}`,
      },
    },
  });

async function setup(
  answer: (request: StubRequest, index: number) => StubAnswer | Promise<StubAnswer> = ok,
  options: LeadRelayOptions = {},
) {
  const stub = await startUpstreamStub(answer);
  stubs.push(stub);
  const events: RelayEvent[] = [];
  const relay = createLeadRelay({
    apiKey: KEY,
    serverURL: stub.url,
    log: () => {},
    onEvent: (event) => events.push(event),
    ...options,
  });
  return { relay, stub, events };
}

function post(body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(RELAY_URL, {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8', ...headers },
    body: typeof body == 'string' ? body : JSON.stringify(body),
  });
}

const AT = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
const IDS = { eventId: 'ev_1', eventName: 'Sign up', clickId: 'cl_abc' };
const CUSTOMER = {
  externalId: true,
  customerEmail: true,
  customerName: false,
  customerAvatar: false,
};

interface Case {
  name: string;
  answer?: (request: StubRequest, index: number) => StubAnswer | Promise<StubAnswer>;
  options?: LeadRelayOptions;
  /** Requests sent before the one whose events are checked. */
  before?: () => Request[];
  request: () => Request;
  status: number;
  /** The events of the checked request, in order. */
  events: Record<string, unknown>[];
}

const received = (extra: Record<string, unknown> = {}) => ({
  at: AT,
  type: 'received',
  via: 'unknown',
  ...extra,
});

// Every path through the relay, and the events each must report.
const CASES: Case[] = [
  {
    name: 'a POST from a foreign origin',
    request: () => post(LEAD, { origin: 'https://evil.example', 'sec-fetch-mode': 'cors' }),
    status: 403,
    events: [
      received({ via: 'fetch', origin: 'https://evil.example' }),
      {
        at: AT,
        type: 'refused',
        status: 403,
        code: 'forbidden_origin',
        reason: expect.any(String),
      },
    ],
  },
  {
    name: 'a preflight from a foreign origin',
    request: () =>
      new Request(RELAY_URL, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } }),
    status: 403,
    events: [
      {
        at: AT,
        type: 'refused',
        status: 403,
        code: 'forbidden_origin',
        reason: expect.any(String),
      },
    ],
  },
  {
    name: 'an allowed preflight (no lead decision)',
    request: () =>
      new Request(RELAY_URL, { method: 'OPTIONS', headers: { origin: 'https://shop.example' } }),
    status: 204,
    events: [],
  },
  {
    name: 'a GET',
    request: () => new Request(RELAY_URL),
    status: 405,
    events: [
      received(),
      { at: AT, type: 'refused', status: 405, code: 'method_not_allowed', reason: 'use POST' },
    ],
  },
  {
    name: 'a body of another type',
    request: () =>
      new Request(RELAY_URL, {
        method: 'POST',
        headers: { 'content-type': 'text/html' },
        body: '{}',
      }),
    status: 415,
    events: [
      received(),
      {
        at: AT,
        type: 'refused',
        status: 415,
        code: 'unsupported_media_type',
        reason: expect.any(String),
      },
    ],
  },
  {
    name: 'a body over the bound',
    options: { maxBodyBytes: 64 },
    request: () => post({ ...LEAD, metadata: { pad: 'x'.repeat(100) } }),
    status: 413,
    events: [
      received(),
      {
        at: AT,
        type: 'refused',
        status: 413,
        code: 'payload_too_large',
        reason: expect.any(String),
      },
    ],
  },
  {
    name: 'a body that is not JSON',
    request: () => post('{"eventName":'),
    status: 400,
    events: [
      received(),
      { at: AT, type: 'refused', status: 400, code: 'bad_request', reason: expect.any(String) },
    ],
  },
  {
    name: 'a field that breaks a rule (the e-mail itself never in the event)',
    request: () => post({ ...LEAD, customerEmail: `not an e-mail ${EMAIL}` }),
    status: 400,
    events: [
      received(IDS),
      {
        at: AT,
        ...IDS,
        type: 'refused',
        status: 400,
        code: 'bad_request',
        reason: 'customerEmail is not a valid e-mail address',
      },
    ],
  },
  {
    name: 'a missing event name',
    request: () => post({ ...LEAD, eventName: undefined }),
    status: 400,
    events: [
      received({ eventId: 'ev_1', clickId: 'cl_abc' }),
      {
        at: AT,
        eventId: 'ev_1',
        clickId: 'cl_abc',
        type: 'refused',
        status: 400,
        code: 'bad_request',
        reason: 'eventName is required',
      },
    ],
  },
  {
    name: 'no API key',
    options: { apiKey: '' },
    request: () => post(LEAD),
    status: 500,
    events: [
      received(IDS),
      { at: AT, ...IDS, type: 'retry', status: 500, retryAfter: 60, reason: expect.any(String) },
    ],
  },
  {
    name: 'enrich throwing',
    options: {
      enrich: () => {
        throw new Error(`session of ${EMAIL} lost with ${KEY}`);
      },
    },
    request: () => post(LEAD),
    status: 500,
    events: [
      received(IDS),
      { at: AT, ...IDS, type: 'retry', status: 500, retryAfter: 10, reason: expect.any(String) },
    ],
  },
  {
    name: 'enrich adding a bad field',
    options: { enrich: (_, body) => ({ ...body, externalId: 'x'.repeat(101) }) },
    request: () => post(LEAD),
    status: 400,
    events: [
      received(IDS),
      {
        at: AT,
        ...IDS,
        type: 'refused',
        status: 400,
        code: 'bad_request',
        reason: 'externalId is longer than 100 characters',
      },
    ],
  },
  {
    name: 'a lead PIMMS records',
    request: () => post(LEAD, { 'sec-fetch-mode': 'no-cors' }),
    status: 200,
    events: [
      received({ ...IDS, via: 'beacon' }),
      {
        at: AT,
        ...IDS,
        type: 'forwarded',
        status: 200,
        upstreamStatus: 200,
        ms: expect.any(Number),
        customer: CUSTOMER,
      },
    ],
  },
  {
    name: 'a lead enrich completes (customer fields of the forwarded body)',
    options: {
      enrich: (_, body) => ({ ...body, customerName: 'Ada', customerEmail: 'other@example.com' }),
    },
    request: () => post({ ...LEAD, customerEmail: undefined }),
    status: 200,
    events: [
      received(IDS),
      {
        at: AT,
        ...IDS,
        type: 'forwarded',
        status: 200,
        upstreamStatus: 200,
        ms: expect.any(Number),
        customer: { ...CUSTOMER, customerName: true },
      },
    ],
  },
  {
    name: 'a lead PIMMS refuses for good (404 click not found)',
    answer: quoting(404),
    request: () => post(LEAD),
    status: 404,
    events: [
      received(IDS),
      {
        at: AT,
        ...IDS,
        type: 'forwarded',
        status: 404,
        upstreamStatus: 404,
        ms: expect.any(Number),
        customer: CUSTOMER,
      },
    ],
  },
  {
    name: 'PIMMS down (503)',
    answer: quoting(503),
    request: () => post(LEAD),
    status: 502,
    events: [
      received(IDS),
      {
        at: AT,
        ...IDS,
        type: 'retry',
        status: 502,
        retryAfter: 10,
        reason: expect.any(String),
        upstreamStatus: 503,
        ms: expect.any(Number),
      },
    ],
  },
  {
    name: 'PIMMS rate limiting (429)',
    answer: quoting(429, { 'Retry-After': '7' }),
    request: () => post(LEAD),
    status: 429,
    events: [
      received(IDS),
      {
        at: AT,
        ...IDS,
        type: 'retry',
        status: 429,
        retryAfter: expect.any(Number),
        reason: expect.any(String),
        upstreamStatus: 429,
        ms: expect.any(Number),
      },
    ],
  },
  {
    name: 'PIMMS refusing the key (401)',
    answer: quoting(401),
    request: () => post(LEAD),
    status: 502,
    events: [
      received(IDS),
      {
        at: AT,
        ...IDS,
        type: 'retry',
        status: 502,
        retryAfter: 60,
        reason: expect.any(String),
        upstreamStatus: 401,
        ms: expect.any(Number),
      },
    ],
  },
  {
    name: 'PIMMS not answering in time',
    answer: () => 'hang',
    options: { timeoutMs: 150 },
    request: () => post(LEAD),
    status: 504,
    events: [
      received(IDS),
      {
        at: AT,
        ...IDS,
        type: 'retry',
        status: 504,
        retryAfter: 10,
        reason: expect.any(String),
        ms: expect.any(Number),
      },
    ],
  },
  {
    name: 'PIMMS unreachable',
    options: { serverURL: 'http://127.0.0.1:9' },
    request: () => post(LEAD),
    status: 502,
    events: [
      received(IDS),
      {
        at: AT,
        ...IDS,
        type: 'retry',
        status: 502,
        retryAfter: 10,
        reason: expect.any(String),
        ms: expect.any(Number),
      },
    ],
  },
  {
    name: 'a repeat of a recorded eventId',
    before: () => [post(LEAD)],
    request: () => post(LEAD),
    status: 200,
    events: [received(IDS), { at: AT, ...IDS, type: 'duplicate', status: 200 }],
  },
  {
    name: 'a repeat while another instance forwards the eventId (busy)',
    options: {
      timeoutMs: 1,
      dedupe: {
        claim: async () => ({ state: 'busy' }),
      },
    },
    request: () => post(LEAD),
    status: 503,
    events: [
      received(IDS),
      { at: AT, ...IDS, type: 'retry', status: 503, retryAfter: 2, reason: expect.any(String) },
    ],
  },
  {
    name: 'a lead a queue accepts',
    options: {
      forwarder: () => async () => ({
        outcome: failure(202, 'queued', 'kept for the worker', undefined, false),
        remember: false,
        queued: true,
      }),
    },
    request: () => post(LEAD),
    status: 202,
    events: [received(IDS), { at: AT, ...IDS, type: 'queued', status: 202, customer: CUSTOMER }],
  },
  {
    name: 'a bug (the origin predicate throws)',
    options: {
      allowedOrigins: () => {
        throw new Error('bug');
      },
    },
    request: () => post(LEAD, { origin: 'https://landing.example' }),
    status: 500,
    events: [
      received({ origin: 'https://landing.example' }),
      { at: AT, type: 'retry', status: 500, retryAfter: 10, reason: expect.any(String) },
    ],
  },
];

describe('relay events', () => {
  it.each(CASES.map((c) => [c.name, c] as const))(
    'reports %s with exactly one decision event',
    async (_, c) => {
      const { relay, events } = await setup(c.answer, c.options);
      for (const request of c.before?.() ?? []) await relay(request);
      events.length = 0;
      const response = await relay(c.request());
      expect(response.status).toBe(c.status);
      expect(events).toEqual(c.events);
      expect(events.filter((event) => event.type != 'received').length).toBe(
        c.events.length ? 1 : 0,
      );
      const text = JSON.stringify(events);
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(EMAIL);
      expect(text).not.toContain('other@example.com');
    },
  );

  it('reports concurrent repeats as duplicates, one forwarded', async () => {
    const { relay, events } = await setup(async (request) => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      return ok(request);
    });
    await Promise.all([relay(post(LEAD)), relay(post(LEAD)), relay(post(LEAD))]);
    const decisions = events.filter((event) => event.type != 'received').map((e) => e.type);
    expect(decisions.sort()).toEqual(['duplicate', 'duplicate', 'forwarded']);
  });

  it('reports a repeat on a second relay sharing the cache as a duplicate', async () => {
    const cache = createMemoryEventIdCache();
    const { relay, stub, events } = await setup(ok, { dedupe: cache });
    const other: RelayEvent[] = [];
    const two = createLeadRelay({
      apiKey: KEY,
      serverURL: stub.url,
      dedupe: cache,
      log: () => {},
      onEvent: (event) => other.push(event),
    });
    await relay(post(LEAD));
    await two(post(LEAD));
    expect(events.map((e) => e.type)).toEqual(['received', 'forwarded']);
    expect(other.map((e) => e.type)).toEqual(['received', 'duplicate']);
  });

  it('answers the same when the listener throws', async () => {
    const { relay, stub } = await setup(ok, {
      onEvent: () => {
        throw new Error('listener bug');
      },
    });
    const response = await relay(post(LEAD));
    expect(response.status).toBe(200);
    expect(stub.requests).toHaveLength(1);
  });

  it('never carries the key or a customer e-mail, for arbitrary leads and upstream answers', async () => {
    const stub = await startUpstreamStub((request, index) => {
      const answers = [200, 400, 404, 422, 429, 500, 503, 401];
      const status = answers[index % answers.length]!;
      return status == 200 ? ok(request) : quoting(status, { 'Retry-After': '3' })(request);
    });
    stubs.push(stub);
    const local = fc.stringMatching(/^[a-z][a-z0-9._+-]{0,20}[a-z0-9]$/);
    const domain = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}\.[a-z]{2,6}$/);
    const email = fc
      .tuple(local, domain)
      .map(([l, d]) => `${l}@${d}`)
      .filter((e) => !e.includes('..'));
    const runs = 150;
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(
        email,
        fc.record(
          {
            eventId: fc.stringMatching(/^[\w-]{1,20}$/),
            clickId: fc.string({ minLength: 1, maxLength: 30 }),
            eventName: fc.string({ minLength: 1, maxLength: 40 }),
            externalId: fc.string({ maxLength: 20 }),
            customerName: fc.option(fc.string({ maxLength: 20 })),
            metadata: fc.option(
              fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 })),
            ),
          },
          { requiredKeys: [] },
        ),
        fc.boolean(),
        async (customerEmail, fields, quoteInEnrich) => {
          const events: RelayEvent[] = [];
          const relay = createLeadRelay({
            apiKey: KEY,
            serverURL: stub.url,
            log: () => {},
            onEvent: (event) => events.push(event),
            enrich: quoteInEnrich
              ? (_, body) => ({ ...body, externalId: body.externalId || 'u', customerEmail })
              : undefined,
          });
          // The e-mail also where a site might misplace it: in the event name or the click id.
          const body = { ...fields, customerEmail: quoteInEnrich ? undefined : customerEmail };
          await relay(post(body));
          await relay(post({ ...body, eventName: `${customerEmail}` }));
          const text = JSON.stringify(events);
          expect(text).not.toContain(KEY);
          expect(text).not.toContain(customerEmail);
          expect(events.filter((e) => e.type != 'received')).toHaveLength(2);
          checked++;
        },
      ),
      { numRuns: runs },
    );
    expect(checked).toBeGreaterThanOrEqual(runs);
    // Both paths were taken: forwarded to the upstream and refused by the relay.
    expect(stub.requests.length).toBeGreaterThan(0);
  }, 60_000);
});

describe('serve() and events', () => {
  it('writes the events of a relay without onEvent to stdout as JSON lines', async () => {
    const stub = await startUpstreamStub(ok);
    stubs.push(stub);
    const lines: string[] = [];
    const write = vi
      .spyOn(process.stdout, 'write')
      .mockImplementation((chunk: string | Uint8Array) => (lines.push(String(chunk)), true));
    const served = await serve(
      createLeadRelay({ apiKey: KEY, serverURL: stub.url, log: () => {} }),
    );
    try {
      const response = await fetch(served.url, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify(LEAD),
      });
      expect(response.status).toBe(200);
    } finally {
      write.mockRestore();
      await served.close();
    }
    const events = lines.filter((line) => line.startsWith('{"at"'));
    expect(events.every((line) => line.endsWith('}\n'))).toBe(true);
    expect(events.map((line) => JSON.parse(line).type)).toEqual(['received', 'forwarded']);
    expect(events.join('')).not.toContain(EMAIL);
  });

  it('writes nothing with events: false, and to the given listener otherwise', async () => {
    const stub = await startUpstreamStub(ok);
    stubs.push(stub);
    const write = vi.spyOn(process.stdout, 'write');
    const got: RelayEvent[] = [];
    const quiet = await serve(
      createLeadRelay({ apiKey: KEY, serverURL: stub.url, log: () => {} }),
      {
        events: false,
      },
    );
    const listened = await serve(
      createLeadRelay({ apiKey: KEY, serverURL: stub.url, log: () => {} }),
      { events: (event) => got.push(event) },
    );
    try {
      for (const url of [quiet.url, listened.url]) {
        await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: JSON.stringify({ ...LEAD, eventId: url.slice(-5) }),
        });
      }
    } finally {
      await Promise.all([quiet.close(), listened.close()]);
    }
    expect(write.mock.calls.filter(([chunk]) => String(chunk).startsWith('{"at"'))).toEqual([]);
    expect(got.map((event) => event.type)).toEqual(['received', 'forwarded']);
  });
});
