import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type RedisServer } from '../../../testing/servers/redis-server.ts';
import { failure, type RelayOutcome } from '../answers.ts';
import { createRedisEventIdCache } from './redis-event-id-cache.ts';

// Two caches on two connections to one real Redis: two relay instances, as far as de-dup goes.
let server: RedisServer;
const clients: Redis[] = [];
const connect = () => {
  const client = new Redis(server.url, { maxRetriesPerRequest: 1 });
  clients.push(client);
  return createRedisEventIdCache(client, { prefix: 'tx:' });
};
const bounds = { leaseMs: 5_000, waitMs: 3_000 };
const recorded: RelayOutcome = {
  status: 200,
  body: {
    ok: true,
    eventId: 'ev',
    click: { id: 'c' },
    customer: { name: 'n', email: null, avatar: null, externalId: 'u' },
  },
};

beforeAll(async () => {
  server = await startRedisServer();
}, 30_000);
afterAll(async () => {
  for (const client of clients) client.disconnect();
  await server?.stop();
});

describe('createRedisEventIdCache', () => {
  it('gives the claim to one instance; the other waits and gets its final answer', async () => {
    const [a, b] = [connect(), connect()];
    const first = await a.claim('ev-settle', bounds);
    expect(first.state).toBe('claimed');
    const started = Date.now();
    const second = b.claim('ev-settle', bounds);
    await new Promise((resolve) => setTimeout(resolve, 200));
    if (first.state == 'claimed') await first.settle(recorded);
    expect(await second).toEqual({ state: 'answered', outcome: recorded });
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    // And later repeats, on either instance, get it at once.
    expect(await a.claim('ev-settle', bounds)).toEqual({ state: 'answered', outcome: recorded });
  });

  it('lets a repeat claim and forward once the first released after a retryable outcome', async () => {
    const [a, b] = [connect(), connect()];
    const first = await a.claim('ev-release', bounds);
    const second = b.claim('ev-release', bounds);
    await new Promise((resolve) => setTimeout(resolve, 100));
    if (first.state == 'claimed') await first.release();
    const got = await second;
    expect(got.state).toBe('claimed');
    if (got.state == 'claimed') await got.settle(failure(404, 'not_found', 'Click not found'));
    const third = await a.claim('ev-release', bounds);
    expect(third.state == 'answered' && third.outcome.status).toBe(404);
  });

  it('answers busy when the holder keeps the claim past the wait, and frees it when the lease lapses', async () => {
    const [a, b] = [connect(), connect()];
    expect((await a.claim('ev-busy', { leaseMs: 1_500, waitMs: 100 })).state).toBe('claimed');
    expect(await b.claim('ev-busy', { leaseMs: 1_500, waitMs: 200 })).toEqual({ state: 'busy' });
    // A holder that died: after its lease, the eventId can be claimed again.
    expect((await b.claim('ev-busy', { leaseMs: 1_500, waitMs: 5_000 })).state).toBe('claimed');
  });

  it('keeps answers for 24 h and a released claim deletes only its own key', async () => {
    const [a] = [connect()];
    const claim = await a.claim('ev-ttl', bounds);
    if (claim.state == 'claimed') await claim.settle(recorded);
    const client = clients.at(-1)!;
    const ttl = await client.pttl('tx:answer:ev-ttl');
    expect(ttl).toBeGreaterThan(86_400_000 - 60_000);
    expect(ttl).toBeLessThanOrEqual(86_400_000);
    expect(await client.exists('tx:claim:ev-ttl')).toBe(0);
  });
});
