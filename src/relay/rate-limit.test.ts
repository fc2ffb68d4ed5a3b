/**
 * Issue 9: after PIMMS answers 429, the relay spends no call on the key until PIMMS' reset, and
 * answers 429 itself with the time left plus jitter.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RelayErrorBody } from './answers.ts';
import { createLeadRelay } from './create-lead-relay.ts';
import type { RelayEvent } from './relay-event.ts';
import {
  startUpstreamStub,
  trackedLead,
  type StubAnswer,
  type StubRequest,
  type UpstreamStub,
} from '../../testing/unit/upstream-stub.ts';

const KEY = 'pimms_sk_rate_8Hq2Lw5Rz8Tn4Vb7';
let stubs: UpstreamStub[] = [];
afterEach(async () => {
  await Promise.all(stubs.map((stub) => stub.close()));
  stubs = [];
});

const lead = (n: number) =>
  new Request('https://shop.example/api/pimms', {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: JSON.stringify({
      eventId: `ev_${n}`,
      clickId: 'cl_1',
      eventName: 'Sign up',
      externalId: `u${n}`,
    }),
  });

/** An upstream that rate-limits the first `limited` calls as PIMMS does: Retry-After in Unix ms. */
async function limitedUpstream(limited: number, resetInMs: number, perMinute?: number) {
  let reset = 0;
  const limit: Record<string, string> = perMinute ? { 'X-RateLimit-Limit': String(perMinute) } : {};
  const stub = await startUpstreamStub((request: StubRequest, index): StubAnswer => {
    if (index < limited) {
      reset ||= Date.now() + resetInMs;
      return {
        status: 429,
        headers: { 'Retry-After': String(reset), 'X-RateLimit-Remaining': '0', ...limit },
        body: { error: { code: 'rate_limit_exceeded', message: 'Too many requests.' } },
      };
    }
    const sent = JSON.parse(request.body);
    return {
      status: 200,
      headers: { 'Retry-After': String(Date.now() + 60_000) },
      body: trackedLead(sent.clickId, sent.externalId),
    };
  });
  stubs.push(stub);
  return stub;
}

describe('the pause after a 429', () => {
  it('makes no upstream call until PIMMS resets, answering 429 with the time left', async () => {
    const stub = await limitedUpstream(1, 2500);
    const events: RelayEvent[] = [];
    const relay = createLeadRelay({
      apiKey: KEY,
      serverURL: stub.url,
      log: () => {},
      onEvent: (event) => events.push(event),
    });
    const first = await relay(lead(1));
    expect(first.status).toBe(429);
    // PIMMS' Unix-ms reset read as ~3 s from now (not a day): 3 s rounded up, plus jitter.
    expect(Number(first.headers.get('retry-after'))).toBeGreaterThanOrEqual(2);
    expect(Number(first.headers.get('retry-after'))).toBeLessThanOrEqual(4);
    expect(stub.requests).toHaveLength(1);

    // Other leads of the same key during the window: answered by the relay, none upstream.
    const paused = await Promise.all([2, 3, 4, 5, 6].map((n) => relay(lead(n))));
    expect(paused.map((r) => r.status)).toEqual([429, 429, 429, 429, 429]);
    for (const response of paused) {
      const { error } = (await response.json()) as RelayErrorBody;
      expect(error).toMatchObject({ code: 'rate_limit_exceeded', retryable: true });
      expect(error.retryAfter).toBeGreaterThanOrEqual(1);
      expect(error.retryAfter).toBeLessThanOrEqual(4);
      expect(response.headers.get('retry-after')).toBe(String(error.retryAfter));
    }
    expect(stub.requests).toHaveLength(1);
    const retries = events.filter((event) => event.type == 'retry');
    expect(retries).toHaveLength(6);
    // The paused ones made no call: no upstream status, no time spent upstream.
    expect(retries.slice(1).every((event) => !('upstreamStatus' in event))).toBe(true);

    // After the reset (read in whole seconds, rounded up): forwarded again.
    await new Promise((resolve) => setTimeout(resolve, 3300));
    const after = await relay(lead(7));
    expect(after.status).toBe(200);
    expect(stub.requests).toHaveLength(2);
    // A 200 carries PIMMS' Retry-After too (every answer does): it starts no pause.
    expect((await relay(lead(8))).status).toBe(200);
    expect(stub.requests).toHaveLength(3);
  }, 20_000);

  it("paces the held leads at PIMMS' X-RateLimit-Limit: one slot each, kept by eventId", async () => {
    const stub = await limitedUpstream(1, 2000, 30); // a slot every 2 s from the reset
    const relay = createLeadRelay({ apiKey: KEY, serverURL: stub.url, log: () => {} });
    const waits: number[] = [];
    for (const n of [1, 2, 3, 4]) {
      const response = await relay(lead(n));
      expect(response.status).toBe(429);
      waits.push(Number(response.headers.get('retry-after')));
    }
    // ~2 s to the reset, then 2 s apart (whole seconds, rounded up; no jitter on top of a slot).
    expect(waits[0]).toBeGreaterThanOrEqual(2);
    expect(waits[0]).toBeLessThanOrEqual(3);
    expect(waits.slice(1).map((wait, i) => wait - waits[i]!)).toEqual([2, 2, 2]);
    expect(stub.requests).toHaveLength(1);

    await new Promise((resolve) => setTimeout(resolve, waits[0]! * 1000));
    // The first slot's lead goes; the second comes back early and is told the time to its own.
    expect((await relay(lead(1))).status).toBe(200);
    const early = await relay(lead(2));
    expect(early.status).toBe(429);
    expect(Number(early.headers.get('retry-after'))).toBeLessThanOrEqual(2);
    expect(stub.requests).toHaveLength(2);
  }, 20_000);

  it('pauses per key: a relay with another key still calls PIMMS', async () => {
    const stub = await limitedUpstream(1, 5000);
    let key = KEY;
    const relay = createLeadRelay({ apiKey: undefined, serverURL: stub.url, log: () => {} });
    process.env.PIMMS_API_KEY = key;
    try {
      expect((await relay(lead(1))).status).toBe(429);
      expect((await relay(lead(2))).status).toBe(429);
      expect(stub.requests).toHaveLength(1);
      key = process.env.PIMMS_API_KEY = 'pimms_sk_other_key_2';
      expect((await relay(lead(3))).status).toBe(200);
      expect(stub.requests).toHaveLength(2);
    } finally {
      delete process.env.PIMMS_API_KEY;
    }
  });
});
