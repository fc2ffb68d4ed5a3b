import { type LeadWorkerOptions } from './lead-worker.ts';
import type { OnRelayEvent } from '../relay-event.ts';
import type { RelayRedis } from './relay-redis.ts';
/** The queue's settings (all optional); `queue: true` takes every default. */
export interface RedisQueueSettings extends Partial<Pick<LeadWorkerOptions, 'queueName' | 'prefix' | 'perMinute' | 'concurrency' | 'lockMs'>> {
    /**
     * Run a worker in this process, forwarding with the relay's own settings. Default true; false
     * when workers run on their own (`npm run relay:worker`).
     */
    worker?: boolean;
    /** Tries of a lead on retryable failures. Default 300 (about a day of back-off). */
    maxAttempts?: number;
}
/** Settings of {@link connectRedis}. */
export interface ConnectRedisOptions {
    /** The Redis URL (`redis://` or `rediss://`). Default: `REDIS_URL` from the environment. */
    url?: string;
    /** Prefix of the de-dup keys. Default `pimms-lead:`. */
    prefix?: string;
    /**
     * The durable queue: the relay answers 202 once a lead is in Redis, a worker forwards it.
     * Default off (`false`): the relay forwards at once and Redis only shares the de-dup.
     */
    queue?: boolean | RedisQueueSettings;
    /**
     * Where the in-process worker reports its tries (`forwarded`, `retry`, `refused`, with
     * `worker: true`). Default: the `onEvent` of the relay given this object (or the listener
     * `serve()` gave it).
     */
    onEvent?: OnRelayEvent;
}
/**
 * Connects a relay to Redis: the de-dup of `eventId`s, shared by every instance on the same Redis
 * and prefix, and optionally the durable queue (BullMQ).
 *
 * Connections fail fast: while Redis is unreachable the relay forwards leads at once, each
 * de-dup or queue failure logged (PIMMS still ignores a repeat of the same externalId and event
 * name), and picks Redis up again when it is back.
 *
 * @param options - URL (default `REDIS_URL`), key prefix, queue.
 * @returns The object for `createLeadRelay({ redis })`; call `close()` on shutdown.
 * @throws TypeError when no URL is given and `REDIS_URL` is unset.
 * @example
 * import { createLeadRelay } from 'pimms-lead/relay';
 * import { connectRedis } from 'pimms-lead/relay/redis';
 * const redis = connectRedis({ queue: { perMinute: 600 } }); // REDIS_URL from the environment
 * export const POST = createLeadRelay({ redis });
 */
export declare function connectRedis(options?: ConnectRedisOptions): RelayRedis;
