import type { Redis } from 'ioredis';
import { type EventIdCache } from '../event-id-cache.ts';
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
export declare const DEFAULT_REDIS_PREFIX = "pimms-lead:";
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
export declare function createRedisEventIdCache(redis: Redis, options?: RedisEventIdCacheOptions): EventIdCache;
