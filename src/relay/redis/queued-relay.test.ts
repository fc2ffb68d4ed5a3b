import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from '../../../testing/servers/redis-server.ts';
import { API_KEY, startSandbox, type TestSandbox } from '../../../testing/unit/sandbox-fixture.ts';
import { DUPLICATE_HEADER } from '../answers.ts';
import { createLeadRelay } from '../create-lead-relay.ts';
import type { RelayEvent } from '../relay-event.ts';
import { serve, type ServedHandler } from '../serve.ts';
import { connectRedis } from './connect-redis.ts';

// The relay with the queue and its in-process worker on a real Redis, forwarding to the real
// sandbox over loopback: what a page gets, what onEvent reports, what the sandbox records.
let redisServer: RedisServer;
let sandbox: TestSandbox;
let upstream: ServedHandler;

beforeAll(async () => {
  redisServer = await startRedisServer();
  sandbox = startSandbox();
  upstream = await serve(sandbox.handler, { events: false });
}, 30_000);
afterAll(async () => {
  await upstream?.close();
  sandbox?.close();
  await redisServer?.stop();
});

describe('createLeadRelay({ redis }) with the queue', () => {
  it('answers 202 queued, reports a queued event, and the worker records the lead once', async () => {
    const redis = connectRedis({ url: redisServer.url, queue: { queueName: 'relay-test' } });
    const events: RelayEvent[] = [];
    const relay = createLeadRelay({
      apiKey: API_KEY,
      serverURL: upstream.url,
      redis,
      onEvent: (event) => events.push(event),
      log: () => {},
    });
    const clickId = await sandbox.click();
    const lead = {
      clickId,
      eventName: 'Sign up',
      externalId: 'queued-1',
      customerEmail: 'ada@example.com',
      eventId: 'queued-ev-1',
    };
    const send = () =>
      relay(
        new Request('http://relay.test/lead', {
          method: 'POST',
          headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
          body: JSON.stringify(lead),
        }),
      );
    try {
      const first = await send();
      expect(first.status).toBe(202);
      expect(await first.json()).toEqual({ ok: true, queued: true, eventId: 'queued-ev-1' });
      const again = await send();
      expect(again.status).toBe(202);
      expect(again.headers.get(DUPLICATE_HEADER)).toBe('1');

      const decisions = events.filter((event) => event.type != 'received');
      expect(decisions.map((event) => [event.type, 'status' in event && event.status])).toEqual([
        ['queued', 202],
        ['duplicate', 202],
      ]);
      expect(decisions[0]).toMatchObject({
        eventId: 'queued-ev-1',
        clickId,
        customer: { externalId: true, customerEmail: true, customerName: false },
      });
      expect(JSON.stringify(events)).not.toContain('ada@example.com');
      expect(JSON.stringify(events)).not.toContain(API_KEY);

      const end = Date.now() + 30_000;
      while (!sandbox.leads().some((row) => row.clickId == clickId) && Date.now() < end)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(sandbox.leads().filter((row) => row.clickId == clickId)).toHaveLength(1);
    } finally {
      await redis.close();
    }
  }, 60_000);
});
