/**
 * Where the relay remembers the final answer given for each `eventId`, so a resent lead is
 * answered again without a second upstream call, and who is forwarding an `eventId` right now.
 */
import type { RelayOutcome } from './answers.ts';

/** How long a claim may last and how long a repeat waits for it, set by the relay per call. */
export interface EventIdClaimBounds {
  /**
   * How long the claim holds at most, in ms: after that it lapses as if released (an instance that
   * died mid-forward must not block the eventId for good). The relay passes its upstream timeout
   * plus a margin: no forward lasts longer.
   */
  leaseMs: number;
  /** How long a repeat waits at most, in ms, for another claimer's answer before it gives up (`busy`). */
  waitMs: number;
}

/**
 * The result of {@link EventIdCache.claim}.
 *
 * - `answered`: a final answer is known for the eventId; the relay replays it, no upstream call.
 * - `claimed`: the caller holds the eventId and forwards the lead. It must end the claim exactly
 *   once: `settle(outcome)` with a final answer (2xx or a non-retryable 4xx), which later claims
 *   get as `answered`, or `release()` after a retryable outcome (or a throw), which lets the next
 *   try forward again.
 * - `busy`: someone else held the claim for the whole `waitMs`; the relay answers 503
 *   `lead_in_progress`, retryable, and forwards nothing.
 */
export type EventIdClaim =
  | { state: 'answered'; outcome: RelayOutcome }
  | {
      state: 'claimed';
      settle(outcome: RelayOutcome): Promise<void>;
      release(): Promise<void>;
    }
  | { state: 'busy' };

/**
 * The de-dup state of a relay, by `eventId`: final answers, and claims of the eventIds being
 * forwarded. The default ({@link createMemoryEventIdCache}) lives in the process; a site that runs
 * several instances passes one they share (Redis, KV), so that a lead resent to another instance
 * is still forwarded once. Values are plain JSON ({@link RelayOutcome}).
 *
 * Within one process the relay already makes concurrent repeats share one call before asking the
 * cache, so `claim` sees one caller per eventId at a time from each instance. A cache that throws
 * or rejects is logged and treated as a miss: the lead is forwarded (PIMMS itself ignores a repeat
 * of the same externalId and event name).
 *
 * @example
 * // A claim in Redis: SET NX with the lease as expiry, the answer under another key.
 * const cache: EventIdCache = {
 *   async claim(id, { leaseMs, waitMs }) {
 *     const token = crypto.randomUUID();
 *     for (const end = Date.now() + waitMs; ; await sleep(50)) {
 *       const answer = await redis.get('pimms:answer:' + id);
 *       if (answer) return { state: 'answered', outcome: JSON.parse(answer) };
 *       if (await redis.set('pimms:claim:' + id, token, 'PX', leaseMs, 'NX')) break;
 *       if (Date.now() > end) return { state: 'busy' };
 *     }
 *     const release = () => releaseIfMine(id, token);
 *     return {
 *       state: 'claimed',
 *       release,
 *       async settle(outcome) {
 *         await redis.set('pimms:answer:' + id, JSON.stringify(outcome), 'PX', 86_400_000);
 *         await release();
 *       },
 *     };
 *   },
 * };
 * createLeadRelay({ dedupe: cache });
 */
export interface EventIdCache {
  /**
   * The known answer for `eventId`, or the claim to forward it, or `busy` after waiting at most
   * `bounds.waitMs` for a concurrent claimer's answer.
   */
  claim(eventId: string, bounds: EventIdClaimBounds): Promise<EventIdClaim>;
}

/** Bounds of the in-memory {@link EventIdCache}. */
export interface MemoryEventIdCacheOptions {
  /** How long an answer is remembered, in ms. Default 24 h (the snippet's outbox gives up sooner). */
  ttlMs?: number;
  /** How many answers are kept at most; the oldest goes first. Default 10 000. */
  maxEntries?: number;
  /** The clock, for tests. Default `Date.now`. */
  now?: () => number;
}

/** Default of {@link MemoryEventIdCacheOptions.ttlMs}: 24 hours. */
export const DEFAULT_DEDUPE_TTL_MS = 24 * 60 * 60 * 1000;
/** Default of {@link MemoryEventIdCacheOptions.maxEntries}. */
export const DEFAULT_DEDUPE_MAX_ENTRIES = 10_000;

/**
 * Whether a value is an {@link EventIdCache} (rather than the in-memory cache's options).
 *
 * @param value - The relay's `dedupe` option.
 * @example
 * isEventIdCache(createMemoryEventIdCache()) // true
 */
export function isEventIdCache(value: unknown): value is EventIdCache {
  return typeof (value as { claim?: unknown } | undefined)?.claim == 'function';
}

/**
 * An in-memory {@link EventIdCache}: answers in a `Map` in insertion order with a time to live,
 * so memory stays bounded however many leads arrive (as every entry lives equally long, insertion
 * order is expiry order, and expired entries are dropped from the front on each write); claims in
 * another `Map`, each with its lease and the repeats waiting on it.
 *
 * @param options - TTL and size bound (defaults 24 h and 10 000).
 * @returns The cache.
 * @example
 * createLeadRelay({ dedupe: createMemoryEventIdCache({ ttlMs: 3_600_000 }) });
 */
export function createMemoryEventIdCache(options: MemoryEventIdCacheOptions = {}): EventIdCache {
  const {
    ttlMs = DEFAULT_DEDUPE_TTL_MS,
    maxEntries = DEFAULT_DEDUPE_MAX_ENTRIES,
    now = Date.now,
  } = options;
  const answers = new Map<string, { expires: number; outcome: RelayOutcome }>();
  const claims = new Map<string, { expires: number; wake: Set<() => void> }>();

  const answerOf = (eventId: string) => {
    const entry = answers.get(eventId);
    if (entry && entry.expires <= now()) answers.delete(eventId);
    else return entry?.outcome;
  };
  const end = (eventId: string, claim: { wake: Set<() => void> }) => {
    if (claims.get(eventId) == claim) claims.delete(eventId);
    for (const wake of claim.wake) wake();
  };

  return {
    async claim(eventId, { leaseMs, waitMs }) {
      const deadline = now() + waitMs;
      for (;;) {
        const outcome = answerOf(eventId);
        if (outcome) return { state: 'answered', outcome };
        const held = claims.get(eventId);
        if (!held || held.expires <= now()) break;
        const left = deadline - now();
        if (left <= 0) return { state: 'busy' };
        // Wait for the holder to settle or release, or for the lease or our wait to run out.
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, Math.min(left, Math.max(held.expires - now(), 0)));
          function done() {
            clearTimeout(timer);
            held!.wake.delete(done);
            resolve();
          }
          held.wake.add(done);
        });
      }
      const claim = { expires: now() + leaseMs, wake: new Set<() => void>() };
      claims.set(eventId, claim);
      let ended = false;
      return {
        state: 'claimed',
        async settle(outcome) {
          if (ended) return;
          ended = true;
          const time = now();
          answers.delete(eventId);
          answers.set(eventId, { expires: time + ttlMs, outcome });
          for (const [id, entry] of answers) {
            if (answers.size <= maxEntries && entry.expires > time) break;
            answers.delete(id);
          }
          end(eventId, claim);
        },
        async release() {
          if (ended) return;
          ended = true;
          end(eventId, claim);
        },
      };
    },
  };
}
