import { type RedisQueueSettings } from './connect-redis.ts';
import type { RelayRedis } from './relay-redis.ts';
/**
 * The queue settings the environment asks for.
 *
 * - `PIMMS_QUEUE`: `1` / `true` / `on` turns the durable queue on (default off).
 * - `PIMMS_QUEUE_RATE`: PIMMS' limit for the key, requests per minute (default 600).
 * - `PIMMS_QUEUE_WORKER`: `0` / `false` / `off` runs no worker in this process (default on), for
 *   sites that run `npm run relay:worker` on its own.
 * - `PIMMS_QUEUE_LOCK_MS`: how soon a job held by a worker that died goes back to the queue, ms
 *   (default 30000).
 *
 * @returns The settings, or `false` when the queue is off.
 * @throws TypeError for a `PIMMS_QUEUE_RATE` that is not a number of at least 2.
 * @example
 * // PIMMS_QUEUE=1 PIMMS_QUEUE_RATE=300
 * queueSettingsFromEnv() // { perMinute: 300, worker: true, lockMs: undefined }
 */
export declare function queueSettingsFromEnv(): RedisQueueSettings | false;
/**
 * `PIMMS_QUEUE_RATE` as a number, or `undefined` when unset.
 *
 * @throws TypeError when it is set but not a number of at least 2.
 * @example
 * rateFromEnv() // 600 with PIMMS_QUEUE_RATE=600
 */
export declare function rateFromEnv(): number | undefined;
/**
 * Connects to the Redis in `REDIS_URL`, with the queue when `PIMMS_QUEUE` is on.
 *
 * @returns The object for `createLeadRelay({ redis })`, or `undefined` without `REDIS_URL`
 *   (the relay then keeps its in-memory de-dup, as before).
 * @example
 * const redis = redisFromEnv();
 * const served = await serve(createLeadRelay({ redis }));
 */
export declare function redisFromEnv(): RelayRedis | undefined;
