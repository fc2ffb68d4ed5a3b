/**
 * Forwards each `eventId` once: repeats get the remembered answer, and concurrent repeats wait
 * for the first one's.
 */
import type { RelayOutcome } from './answers.ts';
import type { EventIdStore } from './event-id-cache.ts';
/** What delivering a lead produced, and whether it is settled upstream for good. */
export interface Delivery {
    /** The answer. */
    outcome: RelayOutcome;
    /** True when PIMMS gave a final answer (2xx or a non-retryable 4xx): remember it for the eventId. */
    remember: boolean;
}
/** An answer, and whether it was given for an earlier request with the same eventId. */
export interface DedupedOutcome {
    /** The answer. */
    outcome: RelayOutcome;
    /** True when this request caused no upstream call of its own. */
    duplicate: boolean;
}
/**
 * Makes the de-duplicating runner of a relay.
 *
 * The in-flight map is checked and filled synchronously, before any await, so two tabs resending
 * the same lead at the same moment make one upstream call and get the same answer. Retryable
 * outcomes are not remembered: the next try goes upstream again.
 *
 * @param store - Where final answers are kept.
 * @param log - Where store failures are reported.
 * @returns `(eventId, deliver) => Promise<DedupedOutcome>`; `deliver` runs at most once per
 *   eventId at a time, and not at all when the store has an answer.
 * @example
 * const dedupe = createDeduper(createMemoryEventIdStore(), console.warn);
 * const { outcome, duplicate } = await dedupe(body.eventId, () => deliver(body));
 */
export declare function createDeduper(store: EventIdStore, log: (line: string) => void): (eventId: string, deliver: () => Promise<Delivery>) => Promise<DedupedOutcome>;
