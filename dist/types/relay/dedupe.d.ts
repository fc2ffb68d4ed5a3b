import type { Delivery } from './delivery.ts';
import type { EventIdCache, EventIdClaimBounds } from './event-id-cache.ts';
/** A {@link Delivery}, and whether it was given for an earlier request with the same eventId. */
export interface DedupedDelivery extends Delivery {
    /** True when this request caused no upstream call of its own. */
    duplicate: boolean;
}
/** Seconds a repeat is told to wait when another instance is still forwarding its eventId. */
export declare const IN_PROGRESS_RETRY_AFTER = 2;
/**
 * Makes the de-duplicating runner of a relay.
 *
 * The in-flight map is checked and filled synchronously, before any await, so two tabs resending
 * the same lead at the same moment make one upstream call and get the same answer; the cache is
 * asked once per eventId and instance ({@link EventIdCache.claim}), which is what makes repeats on
 * other instances wait for the first. Retryable outcomes release the claim: the next try goes
 * upstream again.
 *
 * @param cache - Where final answers and claims are kept.
 * @param bounds - The claim's lease and the wait of a repeat on another instance.
 * @param log - Where cache failures are reported.
 * @returns `(eventId, deliver) => Promise<DedupedDelivery>`; `deliver` runs at most once per
 *   eventId at a time, and not at all when the cache has an answer.
 * @example
 * const dedupe = createDeduper(createMemoryEventIdCache(), { leaseMs: 15_000, waitMs: 11_000 }, console.warn);
 * const { outcome, duplicate } = await dedupe(body.eventId, () => deliver(body));
 */
export declare function createDeduper(cache: EventIdCache, bounds: EventIdClaimBounds, log: (line: string) => void): (eventId: string, deliver: () => Promise<Delivery>) => Promise<DedupedDelivery>;
