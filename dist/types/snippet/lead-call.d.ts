import type { SnippetConfig } from './config.ts';
import type { Consent } from './consent.ts';
import type { Delivery } from './delivery.ts';
import type { Debug } from './log.ts';
import type { Outbox } from './outbox.ts';
import type { LeadCall } from './pimms-api.ts';
/** What a lead call needs from the rest of the snippet. */
export interface LeadCallParts {
    config: SnippetConfig;
    /** Where consent stands. */
    consentState: Consent;
    outbox: Outbox;
    delivery: Delivery;
    /** The click id to send (see `Attribution.pick`, and the held one while consent is pending). */
    pickClickId: () => string | undefined;
    /** The anonymous visitor id, for a lead without `externalId`. */
    anonymousId: () => string;
}
/**
 * Makes `lead()`. The call never throws and its promise never rejects: a bug here must not break
 * a sign-up.
 *
 * @param parts - See {@link LeadCallParts}.
 * @param debug - Where debug mode explains the lead (debug build only).
 * @returns The lead call, as the API and the declarative listeners use it.
 * @example
 * const lead = createLeadCall({ config, consentState, outbox, delivery, pickClickId, anonymousId });
 * lead('Sign up', { customerEmail: 'ada@example.com' })
 */
export declare function createLeadCall(parts: LeadCallParts, debug?: Debug): LeadCall;
