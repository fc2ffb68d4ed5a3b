/**
 * The relay's `eventId` de-dup in Redis, shared by every instance on it: the first instance to
 * claim an eventId forwards it; a repeat on another instance waits for that answer; a retryable
 * outcome releases the claim so that the next try can go.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RelayOutcome } from '../answers.ts';
import { DEFAULT_DEDUPE_TTL_MS, type EventIdCache } from '../event-id-cache.ts';

/** Settings of {@link createRedisEventIdCache}. */
export interface RedisEventIdCacheOptions {
  /** Prefix of every key. Default `pimms-lead:`. Instances share de-dup state when they share it. */
  prefix?: string;
  /** How long a final answer is kept, in ms. Default 24 h (as the in-memory cache). */
  ttlMs?: number;
  /** How often a waiting repeat looks again, in ms. Default 25. */
  pollMs?: number;
}

/** Default of {@link RedisEventIdCacheOptions.prefix}. */
export const DEFAULT_REDIS_PREFIX = 'pimms-lead:';

// One round trip per look: the answer if there is one, else the claim if it is free, else busy.
// KEYS: answer, claim. ARGV: token, lease ms. Returns {1, answer} | {2} | {3}.
const CLAIM = `
local answer = redis.call('GET', KEYS[1])
if answer then return {1, answer} end
if redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2], 'NX') then return {2} end
return {3}`;
// KEYS: answer, claim. ARGV: token, answer JSON (or '' to release), ttl ms.
// The answer is written even if the lease lapsed (it is final either way); the claim is only
// deleted while it is still ours, so a lapsed claim never deletes a newer instance's.
const END = `
if ARGV[2] ~= '' then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
return 1`;

type Scripted = Redis & {
  pimmsLeadClaim(answer: string, claim: string, token: string, leaseMs: number): Promise<unknown[]>;
  pimmsLeadEnd(
    answer: string,
    claim: string,
    token: string,
    outcome: string,
    ttlMs: number,
  ): Promise<number>;
};

/**
 * An {@link EventIdCache} in Redis.
 *
 * Keys: `<prefix>answer:<eventId>` (the final answer as JSON, expiring after `ttlMs`) and
 * `<prefix>claim:<eventId>` (a random token per claim, expiring after the relay's lease, so an
 * instance that died mid-forward blocks nobody for longer). A repeat looks again every `pollMs`
 * until the answer appears, the claim is released (it then claims and forwards itself) or its
 * wait runs out (`busy`). Polling rather than pub/sub: concurrent repeats across instances are
 * rare (two tabs, a retry racing a slow answer), and it needs no connection of its own.
 *
 * @param redis - An ioredis client (commands should fail fast: the relay treats a failure as a
 *   miss and forwards).
 * @param options - Key prefix, answer TTL, poll interval.
 * @returns The cache, for `createLeadRelay({ dedupe })` (`connectRedis` wires it for you).
 * @example
 * const cache = createRedisEventIdCache(new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 1 }));
 * createLeadRelay({ dedupe: cache });
 */
export function createRedisEventIdCache(
  redis: Redis,
  options: RedisEventIdCacheOptions = {},
): EventIdCache {
  const { prefix = DEFAULT_REDIS_PREFIX, ttlMs = DEFAULT_DEDUPE_TTL_MS, pollMs = 25 } = options;
  const client = redis as Scripted;
  if (typeof client.pimmsLeadClaim != 'function') {
    redis.defineCommand('pimmsLeadClaim', { numberOfKeys: 2, lua: CLAIM });
    redis.defineCommand('pimmsLeadEnd', { numberOfKeys: 2, lua: END });
  }

  return {
    async claim(eventId, { leaseMs, waitMs }) {
      const answerKey = `${prefix}answer:${eventId}`;
      const claimKey = `${prefix}claim:${eventId}`;
      const token = randomUUID();
      const deadline = Date.now() + waitMs;
      for (;;) {
        const [state, answer] = await client.pimmsLeadClaim(
          answerKey,
          claimKey,
          token,
          Math.max(1, Math.ceil(leaseMs)),
        );
        if (state == 1)
          return { state: 'answered', outcome: JSON.parse(String(answer)) as RelayOutcome };
        if (state == 2) break;
        const left = deadline - Date.now();
        if (left <= 0) return { state: 'busy' };
        await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, left)));
      }
      let ended = false;
      const end = async (outcome?: RelayOutcome) => {
        if (ended) return;
        ended = true;
        await client.pimmsLeadEnd(
          answerKey,
          claimKey,
          token,
          outcome ? JSON.stringify(outcome) : '',
          ttlMs,
        );
      };
      return { state: 'claimed', settle: (outcome) => end(outcome), release: () => end() };
    },
  };
}
