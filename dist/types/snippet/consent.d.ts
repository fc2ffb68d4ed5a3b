/**
 * Consent: with `data-consent="required"`, leads are held in the outbox and no cookie is written
 * until the visitor's answer; `consent(true)` releases the held leads, `consent(false)` discards
 * what is queued.
 */
import type { Outbox } from './outbox.ts';
/** Where consent stands: given (1), pending (0) or refused (-1). */
export type ConsentState = 1 | 0 | -1;
/** The consent of one page; see {@link createConsent}. */
export interface Consent {
    /** Given (1), pending (0) or refused (-1). */
    current(): ConsentState;
    /**
     * Records the visitor's answer and settles the held leads (see `Outbox.settleHeld`).
     *
     * @param granted - The answer.
     * @returns The newest held lead's click id, if any: the one to keep now that consent is given.
     */
    answer(granted: boolean): string | undefined;
}
/**
 * Makes the consent of one page.
 *
 * @param required - Whether the site asks for consent first (else it is given from the start).
 * @param outbox - The page's outbox, where held leads wait.
 * @param externalId - The anonymous visitor id, for a released lead that has no externalId
 *   (none is made, or stored, before consent).
 * @returns The consent.
 * @example
 * const consent = createConsent(true, outbox, () => visitorId(storage));
 * consent.answer(true);
 */
export declare function createConsent(required: boolean, outbox: Outbox, externalId: () => string): Consent;
