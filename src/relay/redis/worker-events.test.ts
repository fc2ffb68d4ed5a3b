import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from '../../../testing/servers/redis-server.ts';
import {
  startUpstreamStub,
  trackedLead,
  type StubAnswer,
  type StubRequest,
} from '../../../testing/unit/upstream-stub.ts';
import { createLeadRelay } from '../create-lead-relay.ts';
import type { RelayEvent } from '../relay-event.ts';
import { connectRedis } from './connect-redis.ts';

// The queue's worker reports each of its tries through the relay's own onEvent: a relay with the
// queue on a real Redis, its in-process worker forwarding with the real forwarder (the `pimms`
// SDK) to a stub PIMMS API that answers what each test needs.
let server: RedisServer;
let open: { close(): Promise<void> | void }[] = [];
let queueNumber = 0;
const KEY = 'pimms_test_worker_events_key';
const EMAIL = 'ada@example.com';

beforeAll(async () => {
  server = await startRedisServer();
}, 30_000);
afterEach(async () => {
  for (const item of open.reverse()) await item.close();
  open = [];
});
afterAll(async () => {
  await server?.stop();
});

async function setUp(serverURL: string, maxAttempts = 5) {
  const events: RelayEvent[] = [];
  const redis = connectRedis({
    url: server.url,
    queue: { queueName: `worker-events-${++queueNumber}`, maxAttempts, perMinute: 6_000 },
  });
  open.push(redis);
  const relay = createLeadRelay({
    apiKey: KEY,
    serverURL,
    redis,
    onEvent: (event) => events.push(event),
    log: () => {},
  });
  const send = async (n: number) => {
    const answer = await relay(
      new Request('http://relay.test/lead', {
        method: 'POST',
        body: JSON.stringify({
          clickId: `click_${n}`,
          eventName: 'Sign up',
          externalId: `u${n}`,
          customerEmail: EMAIL,
          eventId: `ev-${n}`,
        }),
      }),
    );
    expect(answer.status).toBe(202);
  };
  const ofWorker = () => events.filter((event) => event.worker);
  return { events, send, ofWorker };
}

async function stub(answer: (request: StubRequest, index: number) => StubAnswer) {
  const started = await startUpstreamStub(answer);
  open.push(started);
  return started;
}

const ok = (request: StubRequest): StubAnswer => {
  const body = JSON.parse(request.body) as { clickId: string; externalId: string };
  return { status: 200, body: trackedLead(body.clickId, body.externalId) };
};

async function until(check: () => boolean, what: string, ms = 45_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// Every event of the worker: the lead's ids, no key, no customer e-mail anywhere.
function expectClean(events: RelayEvent[], n: number) {
  for (const event of events) {
    expect(event).toMatchObject({
      worker: true,
      eventId: `ev-${n}`,
      eventName: 'Sign up',
      clickId: `click_${n}`,
    });
    expect(Date.parse(event.at)).not.toBeNaN();
  }
  const text = JSON.stringify(events);
  expect(text).not.toContain(KEY);
  expect(text).not.toContain(EMAIL);
}

describe('the queue worker reports its tries through the relay’s onEvent', () => {
  it('a 2xx: one forwarded event with the upstream status and milliseconds', async () => {
    const upstream = await stub(ok);
    const { send, ofWorker, events } = await setUp(upstream.url);
    await send(1);
    await until(() => ofWorker().length == 1, 'the forwarded event');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const worker = ofWorker();
    expect(worker).toHaveLength(1);
    expect(worker[0]).toEqual({
      at: expect.any(String),
      worker: true,
      eventId: 'ev-1',
      eventName: 'Sign up',
      clickId: 'click_1',
      type: 'forwarded',
      status: 200,
      upstreamStatus: 200,
      ms: expect.any(Number),
      customer: {
        externalId: true,
        customerEmail: true,
        customerName: false,
        customerAvatar: false,
      },
    });
    expectClean(worker, 1);
    // The relay's own events of the request: received and queued, before the worker's.
    expect(events.map((event) => event.type)).toEqual(['received', 'queued', 'forwarded']);
    expect(events[1]!.worker).toBeUndefined();
    expect(upstream.requests).toHaveLength(1);
  }, 60_000);

  it('a 5xx then a 2xx: one retry (status, retryAfter, reason, upstream status) then one forwarded', async () => {
    const upstream = await stub((request, index) =>
      index == 0
        ? {
            status: 503,
            headers: { 'Retry-After': '1' },
            // An upstream message that quotes the customer must not carry the e-mail into events.
            body: { error: { code: 'internal_server_error', message: `down for ${EMAIL}` } },
          }
        : ok(request),
    );
    const { send, ofWorker } = await setUp(upstream.url);
    const sentAt = Date.now();
    await send(2);
    await until(() => ofWorker().some((event) => event.type == 'forwarded'), 'the forwarded event');
    const worker = ofWorker();
    expect(worker.map((event) => event.type)).toEqual(['retry', 'forwarded']);
    const [retry, forwarded] = worker as [
      Extract<RelayEvent, { type: 'retry' }>,
      Extract<RelayEvent, { type: 'forwarded' }>,
    ];
    expect(retry).toMatchObject({ status: 502, upstreamStatus: 503, ms: expect.any(Number) });
    expect(retry.reason).toEqual(expect.any(String));
    expect(retry.reason.length).toBeGreaterThan(0);
    // The wait the worker really took: at least the relay's 10 s floor after a 5xx.
    expect(Number.isInteger(retry.retryAfter)).toBe(true);
    expect(retry.retryAfter).toBeGreaterThanOrEqual(10);
    expect(Date.parse(forwarded.at) - Date.parse(retry.at)).toBeGreaterThanOrEqual(
      retry.retryAfter * 1000 - 1_000,
    );
    expect(forwarded).toMatchObject({ status: 200, upstreamStatus: 200 });
    expectClean(worker, 2);
    expect(upstream.requests).toHaveLength(2);
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(9_000);
  }, 90_000);

  it('a 429: a retry with the queue’s pause, then forwarded; one event per try', async () => {
    const upstream = await stub((request, index) =>
      index == 0
        ? {
            status: 429,
            headers: { 'Retry-After': '2' },
            body: { error: { code: 'rate_limit_exceeded', message: 'Too many requests.' } },
          }
        : ok(request),
    );
    const { send, ofWorker } = await setUp(upstream.url);
    await send(3);
    await until(() => ofWorker().some((event) => event.type == 'forwarded'), 'the forwarded event');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const worker = ofWorker();
    const types = worker.map((event) => event.type);
    // The first try met PIMMS' 429; a try during the relay's own pause (no call) is a retry too.
    expect(types[0]).toBe('retry');
    expect(types.at(-1)).toBe('forwarded');
    expect(types.filter((type) => type == 'forwarded')).toHaveLength(1);
    expect(types.slice(0, -1).every((type) => type == 'retry')).toBe(true);
    expect(worker[0]).toMatchObject({ type: 'retry', status: 429, upstreamStatus: 429 });
    const first = worker[0] as Extract<RelayEvent, { type: 'retry' }>;
    expect(first.retryAfter).toBeGreaterThanOrEqual(2);
    expect(first.retryAfter).toBeLessThanOrEqual(65);
    expect(first.reason).toMatch(/the queue pauses \d+ s/);
    // One event per upstream call that got an answer, each with that call's status.
    expect(worker.filter((event) => 'upstreamStatus' in event)).toHaveLength(
      upstream.requests.length,
    );
    expectClean(worker, 3);
  }, 90_000);

  it('a final 4xx: one refused event with the status, code and PIMMS’ reason, and no retry', async () => {
    const upstream = await stub(() => ({
      status: 404,
      body: { error: { code: 'not_found', message: 'Click event not found for clickId: click_4' } },
    }));
    const { send, ofWorker } = await setUp(upstream.url);
    await send(4);
    await until(() => ofWorker().length == 1, 'the refused event');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const worker = ofWorker();
    expect(worker).toEqual([
      {
        at: expect.any(String),
        worker: true,
        eventId: 'ev-4',
        eventName: 'Sign up',
        clickId: 'click_4',
        type: 'refused',
        status: 404,
        code: 'not_found',
        reason: expect.stringMatching(
          /^PIMMS refused it for good: .*Click event not found for clickId: click_4/,
        ),
      },
    ]);
    expectClean(worker, 4);
    expect(upstream.requests).toHaveLength(1);
  }, 60_000);

  it('a network error on every try: one retry per failed try, then one refused on the last', async () => {
    // A port nothing listens on: the stub is stopped before the lead is sent.
    const gone = await startUpstreamStub(ok);
    await gone.close();
    const { send, ofWorker } = await setUp(gone.url, 2);
    await send(5);
    await until(() => ofWorker().some((event) => event.type == 'refused'), 'the refused event');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const worker = ofWorker();
    expect(worker.map((event) => event.type)).toEqual(['retry', 'refused']);
    const [retry, refused] = worker as [
      Extract<RelayEvent, { type: 'retry' }>,
      Extract<RelayEvent, { type: 'refused' }>,
    ];
    // No answer came: no upstream status, but the call's time.
    expect(retry.upstreamStatus).toBeUndefined();
    expect(retry).toMatchObject({ status: 502, ms: expect.any(Number) });
    expect(retry.retryAfter).toBeGreaterThanOrEqual(1);
    expect(refused).toMatchObject({ status: 502 });
    expect(refused.code).toEqual(expect.any(String));
    expect(refused.reason).toMatch(/^gave up after 2 tries: /);
    expectClean(worker, 5);
  }, 90_000);
});
