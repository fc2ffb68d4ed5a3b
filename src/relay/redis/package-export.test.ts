// The Redis entry as a site imports it: `pimms-lead/relay/redis`, the built dist/relay-redis.mjs
// (Node only, ioredis and bullmq left to the site), used with the runtime-neutral
// `pimms-lead/relay`, which names no Redis client. Needs `node build.mjs` first.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLeadRelay } from 'pimms-lead/relay';
import { connectRedis, limiterFor, QUEUED_STATUS } from 'pimms-lead/relay/redis';
import { startRedisServer, type RedisServer } from '../../../testing/servers/redis-server.ts';

let server: RedisServer;

beforeAll(async () => {
  server = await startRedisServer();
}, 30_000);
afterAll(async () => {
  await server?.stop();
});

describe('pimms-lead/relay/redis', () => {
  it('gives connectRedis by name, whose queue the built relay answers 202 with', async () => {
    expect(limiterFor(600)).toEqual({ max: 10, duration: 1017 });
    // No worker: nothing is forwarded, the lead stays in Redis.
    const redis = connectRedis({
      url: server.url,
      queue: { queueName: 'package-export', worker: false },
    });
    try {
      const relay = createLeadRelay({
        apiKey: 'pimms_test_key_for_the_redis_export_check',
        serverURL: 'http://127.0.0.1:9',
        redis,
        onEvent: () => {},
        log: () => {},
      });
      const answer = await relay(
        new Request('https://shop.example/api/pimms/lead', {
          method: 'POST',
          body: JSON.stringify({
            clickId: 'click_export',
            eventName: 'Sign up',
            externalId: 'u-export',
            eventId: 'ev-export',
          }),
        }),
      );
      expect(answer.status).toBe(QUEUED_STATUS);
      expect(await answer.json()).toEqual({ ok: true, queued: true, eventId: 'ev-export' });
    } finally {
      await redis.close();
    }
  }, 60_000);

  it('is its own entry: the runtime-neutral relay bundles no Redis client', () => {
    const neutral = readFileSync(new URL('../../../dist/relay.mjs', import.meta.url), 'utf8');
    expect(neutral).not.toMatch(/from\s*["'](ioredis|bullmq)["']/);
    const entry = readFileSync(new URL('../../../dist/relay-redis.mjs', import.meta.url), 'utf8');
    expect(entry).toMatch(/from\s*["']ioredis["']/);
    expect(entry).toMatch(/from\s*["']bullmq["']/);
  });
});
