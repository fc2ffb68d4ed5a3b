/**
 * The policy of what may be sent: given the page's stop reason, where consent stands and the built
 * body, whether a lead is sent now, held until consent, or refused, and why.
 */
import type { LeadBody, LeadResult } from '../shared/lead.ts';
/**
 * Where consent stands: given (1, also when the site does not ask for it), pending (0: the site
 * asks with `data-consent="required"` and the visitor has not answered) or refused (-1).
 */
export type ConsentState = 1 | 0 | -1;
/** What becomes of a lead that is not sent now: `[status, reason]`; empty when it is sent. */
export type LeadOutcome = [status?: LeadResult['status'], reason?: string];
/**
 * Decides what becomes of a lead, first reason first: a stop reason (a secret key in the page,
 * Global Privacy Control) and refused consent skip it; without an `eventName` it is rejected,
 * without a click id skipped (PIMMS attributes a lead to a click: there is none to credit); with
 * both but consent pending it is queued, held until the answer.
 *
 * @param stop - Why the snippet sends nothing on this page, or `''` (see `SnippetConfig.stop`).
 * @param consent - Where consent stands.
 * @param body - The built body.
 * @returns `[]` to send the lead now, else its status and reason.
 * @example
 * leadOutcome('', 0, { eventName: 'Sign up', clickId: 'cl_1' }) // ['queued', 'consent pending']
 */
export declare function leadOutcome(stop: string, consent: ConsentState, body: Partial<LeadBody>): LeadOutcome;
