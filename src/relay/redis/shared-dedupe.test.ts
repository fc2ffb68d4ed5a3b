import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from '../../../testing/servers/redis-server.ts';
import { API_KEY, startSandbox, type TestSandbox } from '../../../testing/unit/sandbox-fixture.ts';
import { DUPLICATE_HEADER } from '../answers.ts';
import { createLeadRelay, type LeadRelay } from '../create-lead-relay.ts';
import { serve, type ServedHandler } from '../serve.ts';
import { connectRedis } from './connect-redis.ts';
import type { RelayRedis } from './relay-redis.ts';

// Two relay instances (each its own handler, in-flight map and Redis connections) on one real
// Redis, forwarding through the `pimms` SDK to the real sandbox over loopback. The sandbox is
// slowed down so that the two copies of a lead really overlap, and every call it gets is counted:
// the sandbox's own de-dup (externalId + event name) would hide a second forward in its rows.
let redisServer: RedisServer;
let sandbox: TestSandbox;
let upstream: ServedHandler;
const calls: string[] = [];
let failNext = new Set<string>();
const connections: RelayRedis[] = [];

beforeAll(async () => {
  redisServer = await startRedisServer();
  sandbox = startSandbox();
  upstream = await serve(
    async (request) => {
      if (new URL(request.url).pathname == '/track/lead') {
        const body = (await request.clone().json()) as { clickId: string };
        calls.push(body.clickId);
        await new Promise((resolve) => setTimeout(resolve, 150));
        if (failNext.delete(body.clickId))
          return Response.json(
            { error: { code: 'internal_server_error', message: 'down' } },
            { status: 503 },
          );
      }
      return sandbox.handler(request);
    },
    { events: false },
  );
}, 30_000);
afterAll(async () => {
  for (const redis of connections) await redis.close();
  await upstream?.close();
  sandbox?.close();
  await redisServer?.stop();
});

function instance(url = redisServer.url, log: (line: string) => void = () => {}): LeadRelay {
  const redis = connectRedis({ url });
  connections.push(redis);
  return createLeadRelay({
    apiKey: API_KEY,
    serverURL: upstream.url,
    redis,
    log,
    onEvent: () => {},
  });
}

const post = (relay: LeadRelay, body: object) =>
  relay(
    new Request('http://relay.test/api/pimms/lead', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify(body),
    }),
  );

describe('two relay instances on one Redis', () => {
  it('forward concurrent repeats of an eventId once, and both answer the same', async () => {
    const [a, b] = [instance(), instance()];
    const leads = [];
    for (let n = 0; n < 20; n++) {
      const clickId = await sandbox.click();
      leads.push({ clickId, eventName: 'Sign up', externalId: `two-${n}`, eventId: `two-ev-${n}` });
    }
    const before = calls.length;
    const pairs = await Promise.all(
      leads.map(async (lead) => {
        const [x, y] = await Promise.all([post(a, lead), post(b, lead)]);
        return { lead, x, y, xBody: await x.json(), yBody: await y.json() };
      }),
    );
    for (const { lead, x, y, xBody, yBody } of pairs) {
      expect([x.status, y.status]).toEqual([200, 200]);
      expect(xBody).toEqual(yBody);
      expect(xBody).toMatchObject({ ok: true, eventId: lead.eventId, click: { id: lead.clickId } });
      // One of the two made the call; the other waited for it and says so.
      expect([x.headers.get(DUPLICATE_HEADER), y.headers.get(DUPLICATE_HEADER)].sort()).toEqual([
        '1',
        null,
      ]);
    }
    const made = calls.slice(before);
    expect(made.sort()).toEqual(leads.map((lead) => lead.clickId).sort());
    // A later resend to either instance is answered from Redis, with no call.
    const again = await post(b, leads[0]);
    expect(again.headers.get(DUPLICATE_HEADER)).toBe('1');
    expect(calls.length).toBe(before + 20);
  }, 60_000);

  it('release the claim after a failed forward, so that a retry goes upstream', async () => {
    const [a, b] = [instance(), instance()];
    const clickId = await sandbox.click();
    const lead = { clickId, eventName: 'Sign up', externalId: 'retry-1', eventId: 'retry-ev-1' };
    failNext = new Set([clickId]);
    const first = await post(a, lead);
    expect(first.status).toBe(502);
    expect(first.headers.get('X-Pimms-Retryable')).toBe('1');
    const retried = await post(b, lead);
    expect(retried.status).toBe(200);
    expect(retried.headers.get(DUPLICATE_HEADER)).toBeNull();
    expect(calls.filter((id) => id == clickId)).toHaveLength(2);
    expect(sandbox.leads().filter((row) => row.clickId == clickId)).toHaveLength(1);
  }, 60_000);

  it('still forward a lead while Redis is down (logged), rather than lose it', async () => {
    const spare = await startRedisServer();
    const lines: string[] = [];
    const relay = instance(spare.url, (line) => lines.push(line));
    await spare.stop();
    const clickId = await sandbox.click();
    const lead = { clickId, eventName: 'Sign up', externalId: 'down-1', eventId: 'down-ev-1' };
    const answer = await post(relay, lead);
    expect(answer.status).toBe(200);
    expect(calls.filter((id) => id == clickId)).toHaveLength(1);
    expect(lines.join('\n')).toMatch(/de-dup cache claim failed, forwarding anyway/);
  }, 60_000);
});
