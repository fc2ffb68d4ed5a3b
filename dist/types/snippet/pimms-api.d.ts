/**
 * The shape of the snippet's API, `window.pimms`, and of the lead call the declarative listeners
 * make: types (and the version) only, so that every part can name them without importing the
 * code that builds them.
 */
import type { LeadFields, LeadResult } from '../shared/lead.ts';
/** The snippet's version, as `pimms.version`. */
export declare const VERSION = "0.1.0";
/**
 * The `window.pimms` object (and what `createPimms` returns).
 *
 * @example
 * const { status } = await pimms.lead('Sign up', { customerEmail: 'ada@example.com' })
 */
export interface Pimms {
    /**
     * Records a lead. Builds the body (call fields over `data-` attributes over page context),
     * writes it to the outbox and sends it. Never throws, never rejects.
     *
     * @param eventName - What happened, e.g. "Sign up" (1 to 255 characters).
     * @param fields - Customer fields, `externalId`, `metadata`; they win over `data-` attributes.
     * @returns The outcome: sent, queued (kept and retried), skipped or rejected, and why.
     */
    lead(eventName: string, fields?: LeadFields): Promise<LeadResult>;
    /** The click id this page would send (cookie or `?pimms_id=`), or `undefined`. */
    clickId(): string | undefined;
    /**
     * Gives (`true`) or refuses (`false`) consent, e.g. from the site's consent banner. With
     * `data-consent="required"` leads are held until `consent(true)`, which writes the click-id cookie
     * and sends them; `consent(false)` discards what is queued, and later leads are skipped until
     * consent is given. Call it on every page the banner's answer is known.
     */
    consent(granted: boolean): void;
    /** Sends now whatever the outbox holds (back-off aside); resolves when the answers are in. */
    flush(): Promise<unknown>;
    /** The snippet's version. */
    version: string;
    /** Always true on the loaded snippet (the paste-in stub has no such flag). */
    loaded: true;
}
/**
 * `lead()` as the declarative listeners call it.
 *
 * @param eventName - The event name.
 * @param fields - The strongest fields: the call's, or a form's inputs.
 * @param elementFields - The `data-pimms-*` fields of the form or element that triggered it.
 * @param unloading - True when the page is going away (send by beacon).
 * @example
 * const lead: LeadCall = (eventName, fields) => pimms.lead(eventName as string, fields)
 */
export type LeadCall = (eventName: unknown, fields?: LeadFields, elementFields?: LeadFields, unloading?: boolean) => Promise<LeadResult>;
