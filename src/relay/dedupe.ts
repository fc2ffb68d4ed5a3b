/**
 * Forwards each `eventId` once: repeats get the remembered answer, and concurrent repeats wait
 * for the first one's.
 */
import { failure } from './answers.ts';
import { describeError } from './describe-error.ts';
import type { Delivery } from './delivery.ts';
import type { EventIdCache, EventIdClaim, EventIdClaimBounds } from './event-id-cache.ts';

/** A {@link Delivery}, and whether it was given for an earlier request with the same eventId. */
export interface DedupedDelivery extends Delivery {
  /** True when this request caused no upstream call of its own. */
  duplicate: boolean;
}

/** Seconds a repeat is told to wait when another instance is still forwarding its eventId. */
export const IN_PROGRESS_RETRY_AFTER = 2;

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
export function createDeduper(
  cache: EventIdCache,
  bounds: EventIdClaimBounds,
  log: (line: string) => void,
): (eventId: string, deliver: () => Promise<Delivery>) => Promise<DedupedDelivery> {
  const inFlight = new Map<string, Promise<DedupedDelivery>>();
  return async (eventId, deliver) => {
    const pending = inFlight.get(eventId);
    if (pending) return { ...(await pending), duplicate: true };

    const first = (async (): Promise<DedupedDelivery> => {
      const claim: EventIdClaim | undefined = await Promise.resolve()
        .then(() => cache.claim(eventId, bounds))
        .catch((error: unknown) => {
          log(`de-dup cache claim failed, forwarding anyway: ${describeError(error)}`);
          return undefined;
        });
      if (claim?.state == 'answered') {
        return { outcome: claim.outcome, remember: true, duplicate: true };
      }
      if (claim?.state == 'busy') {
        const outcome = failure(
          503,
          'lead_in_progress',
          'this eventId is being forwarded by another instance of the relay; retry later',
          IN_PROGRESS_RETRY_AFTER,
        );
        return { outcome, remember: false, duplicate: false };
      }
      let delivery: Delivery;
      try {
        delivery = await deliver();
      } catch (error) {
        if (claim) await end(() => claim.release(), 'release');
        throw error;
      }
      if (claim) {
        await (delivery.remember
          ? end(() => claim.settle(delivery.outcome), 'settle')
          : end(() => claim.release(), 'release'));
      }
      return { ...delivery, duplicate: false };
    })();
    inFlight.set(eventId, first);
    try {
      return await first;
    } finally {
      inFlight.delete(eventId);
    }
  };

  function end(step: () => Promise<void>, name: string): Promise<void> {
    return Promise.resolve()
      .then(step)
      .catch((error: unknown) => log(`de-dup cache ${name} failed: ${describeError(error)}`));
  }
}
