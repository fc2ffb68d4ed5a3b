import type { LeadBody, LeadFields } from '../shared/lead.ts';
/** A lead body as built from a call, with what was wrong in it. */
export interface BuiltLead {
    /** The valid fields, with a new `eventId`. `clickId`, `eventName` and `externalId` may still be missing. */
    body: Partial<LeadBody> & {
        eventId: string;
    };
    /**
     * One line per field that was left out or cut, as the shared field rules word it; in debug builds
     * followed by `: cut` or `: left out` (e.g. `customerName is longer than 100 characters: cut`).
     */
    problems: string[];
}
/** A built body: the valid fields, with a new `eventId`. */
export type BuiltBody = BuiltLead['body'];
/**
 * Builds a lead body, with the problems found (see {@link leadBody}).
 *
 * @param eventName - The event, e.g. "Sign up".
 * @param clickId - The click id from the cookie or the URL, if any.
 * @param sources - Field sets, weakest first; empty entries are skipped.
 * @returns The body and the problems found.
 * @example
 * buildLead('Sign up', 'cl_1', [{ externalId: 'u_1' }, { customerEmail: 'ada@example.com' }])
 */
export declare function buildLead(eventName: unknown, clickId: string | undefined, sources: (LeadFields | undefined)[]): BuiltLead;
/**
 * Builds a lead body. Sources, weakest first: the click id found on the page, then the given
 * field sets (defaults from the script tag, the `data-pimms-*` attributes of the element that
 * triggered it, the call's own fields), then the event name. `metadata` is merged key by key over
 * the page context (path, title, referrer, UTM parameters). Every source passes the shared field
 * rules on its own: a bad field is left out or cut, never the lead, and never hides a weaker
 * source's good value.
 *
 * @param eventName - The event, e.g. "Sign up".
 * @param clickId - The click id from the cookie or the URL, if any.
 * @param sources - Field sets, weakest first; empty entries are skipped.
 * @param problems - Where the debug build adds one line per field left out or cut (as
 *   {@link BuiltLead}'s `problems`); the production build adds none.
 * @returns The body.
 * @example
 * leadBody('Sign up', 'cl_1', [{ externalId: 'u_1' }]).externalId // 'u_1'
 */
export declare function leadBody(eventName: unknown, clickId: string | undefined, sources: (LeadFields | undefined)[], problems?: string[]): BuiltBody;
