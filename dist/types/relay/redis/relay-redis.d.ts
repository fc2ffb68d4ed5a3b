/**
 * What `createLeadRelay({ redis })` takes: the shared de-dup cache and, with the queue on, the
 * step that replaces the upstream call. Types only, so the runtime-neutral relay names no Redis
 * client (a Worker bundle of `pimms-lead/relay` stays free of `ioredis`); the object is made by
 * `connectRedis()` (./connect-redis.ts), on Node.
 */
import type { EventIdCache } from '../event-id-cache.ts';
import type { Forwarder } from '../forward-lead.ts';
import type { OnRelayEvent } from '../relay-event.ts';
/** How the queue's worker reports its decisions as the relay's own events. */
export interface RelayEventsHook {
    /** The relay's listener at this moment (its `onEvent`, or the one `serve()` gave it), if any. */
    listener(): OnRelayEvent | undefined;
    /** The API key at this moment, scrubbed from every event. */
    apiKey(): string | undefined;
}
/**
 * A relay's Redis: made by `connectRedis()`, passed as `createLeadRelay({ redis })`.
 *
 * @example
 * import { connectRedis } from 'pimms-lead/relay/redis';
 * const redis = connectRedis({ url: process.env.REDIS_URL, queue: true });
 * const relay = createLeadRelay({ redis });
 * // on shutdown: await redis.close();
 */
export interface RelayRedis {
    /** The `eventId` de-dup shared by every instance on this Redis (used instead of `dedupe`). */
    dedupe: EventIdCache;
    /**
     * Given the relay's own forwarder, returns what the relay calls for each checked lead: the
     * forwarder itself without the queue; with it, a step that puts the lead in the queue and
     * answers 202 (and forwards at once if Redis cannot take it). With `worker` on, also starts the
     * in-process worker with that forwarder (same key, URL, fetch and log as the relay).
     *
     * @param forward - The relay's forwarder.
     * @param log - The relay's logger.
     * @param events - The relay's listener, for the worker's events (`worker: true`).
     */
    deliverer(forward: Forwarder, log: (line: string) => void, events?: RelayEventsHook): Forwarder;
    /** Stops the worker (letting running jobs finish) and closes the connections. */
    close(): Promise<void>;
}
