/**
 * The relay's Redis settings from the environment, for `npm start`, the standalone worker and a
 * site's own `serve()`: `REDIS_URL`, `PIMMS_QUEUE`, `PIMMS_QUEUE_RATE`, `PIMMS_QUEUE_WORKER`.
 */
import { readEnv } from '../env.ts';
import { connectRedis, type RedisQueueSettings } from './connect-redis.ts';
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
export function queueSettingsFromEnv(): RedisQueueSettings | false {
  if (!isOn(readEnv('PIMMS_QUEUE'), false)) return false;
  const lockMs = Number(readEnv('PIMMS_QUEUE_LOCK_MS') ?? '') || undefined;
  return { perMinute: rateFromEnv(), worker: isOn(readEnv('PIMMS_QUEUE_WORKER'), true), lockMs };
}

/**
 * `PIMMS_QUEUE_RATE` as a number, or `undefined` when unset.
 *
 * @throws TypeError when it is set but not a number of at least 2.
 * @example
 * rateFromEnv() // 600 with PIMMS_QUEUE_RATE=600
 */
export function rateFromEnv(): number | undefined {
  const text = readEnv('PIMMS_QUEUE_RATE');
  if (text === undefined) return undefined;
  const rate = Number(text);
  if (!Number.isFinite(rate) || rate < 2)
    throw new TypeError(
      `[pimms-relay] PIMMS_QUEUE_RATE must be PIMMS' limit in requests per minute (at least 2), not ${JSON.stringify(text)}`,
    );
  return rate;
}

/**
 * Connects to the Redis in `REDIS_URL`, with the queue when `PIMMS_QUEUE` is on.
 *
 * @returns The object for `createLeadRelay({ redis })`, or `undefined` without `REDIS_URL`
 *   (the relay then keeps its in-memory de-dup, as before).
 * @example
 * const redis = redisFromEnv();
 * const served = await serve(createLeadRelay({ redis }));
 */
export function redisFromEnv(): RelayRedis | undefined {
  const url = readEnv('REDIS_URL');
  return url ? connectRedis({ url, queue: queueSettingsFromEnv() }) : undefined;
}

function isOn(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  const text = value.toLowerCase();
  if (['1', 'true', 'on', 'yes'].includes(text)) return true;
  if (['0', 'false', 'off', 'no'].includes(text)) return false;
  throw new TypeError(`[pimms-relay] expected 1 or 0 (on or off), not ${JSON.stringify(value)}`);
}
