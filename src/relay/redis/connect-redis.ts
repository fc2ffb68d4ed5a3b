/**
 * `connectRedis()`: the Redis a relay shares with its other instances — the `eventId` de-dup and,
 * opted in, the durable lead queue and its in-process worker — as one object for
 * `createLeadRelay({ redis })`.
 */
import { Redis } from 'ioredis';
import { readEnv } from '../env.ts';
import { createLeadQueue, type LeadQueue } from './lead-queue.ts';
import { startLeadWorker, type LeadWorker, type LeadWorkerOptions } from './lead-worker.ts';
import { createRedisEventIdCache, DEFAULT_REDIS_PREFIX } from './redis-event-id-cache.ts';
import type { OnRelayEvent } from '../relay-event.ts';
import type { RelayRedis } from './relay-redis.ts';

/** The queue's settings (all optional); `queue: true` takes every default. */
export interface RedisQueueSettings extends Partial<
  Pick<LeadWorkerOptions, 'queueName' | 'prefix' | 'perMinute' | 'concurrency' | 'lockMs'>
> {
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
export function connectRedis(options: ConnectRedisOptions = {}): RelayRedis {
  const url = options.url?.trim() || readEnv('REDIS_URL');
  if (!url) throw new TypeError('[pimms-relay] connectRedis: no url given and REDIS_URL is unset');
  // One try per command and no waiting offline: a relay must answer, Redis or not.
  const client = new Redis(url, {
    maxRetriesPerRequest: 1,
    connectTimeout: 5_000,
    commandTimeout: 5_000,
  });
  // ioredis reports every failed reconnect as an 'error' event; unhandled, it would crash the
  // process. Each failed command is logged by the relay instead.
  client.on('error', () => {});
  const dedupe = createRedisEventIdCache(client, {
    prefix: options.prefix ?? DEFAULT_REDIS_PREFIX,
  });
  const settings: RedisQueueSettings | undefined =
    options.queue === true ? {} : options.queue || undefined;

  let queueClient: Redis | undefined;
  let queue: LeadQueue | undefined;
  if (settings) {
    queueClient = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    queueClient.on('error', () => {});
    queue = createLeadQueue({
      connection: queueClient,
      name: settings.queueName,
      prefix: settings.prefix,
      maxAttempts: settings.maxAttempts,
    });
  }
  let worker: LeadWorker | undefined;

  return {
    dedupe,
    deliverer(forward, log, events) {
      if (!queue || !settings) return forward;
      if (settings.worker !== false && !worker) {
        worker = startLeadWorker({
          url,
          forward,
          queueName: settings.queueName,
          prefix: settings.prefix,
          perMinute: settings.perMinute,
          concurrency: settings.concurrency,
          lockMs: settings.lockMs,
          log,
          onEvent: (event) => (options.onEvent ?? events?.listener())?.(event),
          apiKey: () => events?.apiKey(),
        });
      }
      return queue.deliverer(forward, log);
    },
    async close() {
      await worker?.close();
      await queue?.close();
      for (const connection of [queueClient, client])
        await connection?.quit().catch(() => connection.disconnect());
    },
  };
}
