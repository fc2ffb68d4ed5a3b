/**
 * Where the relay remembers the final answer given for each `eventId`, so a resent lead is
 * answered again without a second upstream call.
 */
import type { RelayOutcome } from './answers.ts';

/**
 * A store of final answers by `eventId`. The default keeps them in memory, per process; a site
 * that runs several instances can pass one backed by Redis or a KV store so all share it.
 * Values are plain JSON. A store that throws or rejects is logged and treated as a miss: the lead
 * is forwarded (PIMMS itself de-duplicates per externalId and event name).
 *
 * @example
 * // With ioredis: keep each answer for a day.
 * const store: EventIdStore = {
 *   async get(id) { const v = await redis.get('pimms:' + id); return v ? JSON.parse(v) : undefined; },
 *   async set(id, outcome) { await redis.set('pimms:' + id, JSON.stringify(outcome), 'PX', 86_400_000); },
 * };
 * createLeadRelay({ dedupe: store });
 */
export interface EventIdStore {
  /** The answer remembered for `eventId`, or `undefined`. */
  get(eventId: string): Promise<RelayOutcome | undefined>;
  /** Remembers the final answer for `eventId` (only 2xx and non-retryable 4xx are passed). */
  set(eventId: string, outcome: RelayOutcome): Promise<void>;
}

/** Bounds of the in-memory {@link EventIdStore}. */
export interface MemoryEventIdStoreOptions {
  /** How long an answer is remembered, in ms. Default 24 h (the snippet's outbox gives up sooner). */
  ttlMs?: number;
  /** How many answers are kept at most; the oldest goes first. Default 10 000. */
  maxEntries?: number;
  /** The clock, for tests. Default `Date.now`. */
  now?: () => number;
}

/** Default of {@link MemoryEventIdStoreOptions.ttlMs}: 24 hours. */
export const DEFAULT_DEDUPE_TTL_MS = 24 * 60 * 60 * 1000;
/** Default of {@link MemoryEventIdStoreOptions.maxEntries}. */
export const DEFAULT_DEDUPE_MAX_ENTRIES = 10_000;

/**
 * An in-memory {@link EventIdStore}: a `Map` in insertion order with a time to live, so memory
 * stays bounded however many leads arrive. As every entry lives equally long, insertion order
 * is expiry order and expired entries are dropped from the front on each write.
 *
 * @param options - TTL and size bound (defaults 24 h and 10 000).
 * @returns The store.
 * @example
 * createLeadRelay({ dedupe: createMemoryEventIdStore({ ttlMs: 3_600_000 }) });
 */
export function createMemoryEventIdStore(options: MemoryEventIdStoreOptions = {}): EventIdStore {
  const {
    ttlMs = DEFAULT_DEDUPE_TTL_MS,
    maxEntries = DEFAULT_DEDUPE_MAX_ENTRIES,
    now = Date.now,
  } = options;
  const entries = new Map<string, { expires: number; outcome: RelayOutcome }>();
  return {
    async get(eventId) {
      const entry = entries.get(eventId);
      if (entry && entry.expires <= now()) entries.delete(eventId);
      else return entry?.outcome;
    },
    async set(eventId, outcome) {
      const time = now();
      entries.delete(eventId);
      entries.set(eventId, { expires: time + ttlMs, outcome });
      for (const [id, entry] of entries) {
        if (entries.size <= maxEntries && entry.expires > time) break;
        entries.delete(id);
      }
    },
  };
}
