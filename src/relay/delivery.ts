/**
 * What delivering one lead produced: the answer, and what the de-dup cache and the events need
 * to know about it.
 */
import { failure, type RelayOutcome } from './answers.ts';

/** What delivering a lead produced, and whether it is settled upstream for good. */
export interface Delivery {
  /** The answer. */
  outcome: RelayOutcome;
  /** True when PIMMS gave a final answer (2xx or a non-retryable 4xx): remember it for the eventId. */
  remember: boolean;
  /**
   * What PIMMS answered (`status`, absent when no answer came) and how long the call took, when
   * a call was made.
   */
  upstream?: { status?: number; ms: number };
  /**
   * True when the lead was accepted into a durable queue instead of forwarded now: the relay then
   * reports a `queued` event.
   */
  queued?: boolean;
}

/**
 * A delivery that is not remembered: a retryable outcome (or a refusal the next try may not
 * repeat), so that the next try of the same eventId is delivered again.
 *
 * @param outcome - The answer.
 * @param upstream - The upstream call's status and duration, when one was made.
 * @example
 * notRemembered(failure(502, 'upstream_unreachable', 'PIMMS could not be reached', 10))
 */
export function notRemembered(outcome: RelayOutcome, upstream?: Delivery['upstream']): Delivery {
  return upstream ? { outcome, remember: false, upstream } : { outcome, remember: false };
}

/**
 * The relay's own 400 for a lead that breaks a rule; not remembered, since a resend under the same
 * eventId may come from a fixed page.
 *
 * @param message - What is wrong, naming the field.
 * @example
 * refusal('externalId is required')
 */
export function refusal(message: string): Delivery {
  return notRemembered(failure(400, 'bad_request', message));
}
