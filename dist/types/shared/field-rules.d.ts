/**
 * The PIMMS API's rules for the fields of a lead, in one dependency-free module used by the
 * snippet (to drop or cut a bad field and still send the lead), the relay (to answer 400 naming
 * the field) and the sandbox (to validate like the API).
 *
 * Part of the 2 KB browser bundle: in the production build the problem messages are compiled out
 * and a problem is just the field's name.
 */
import type { LeadBody } from './lead.ts';
/**
 * The rule of each lead field: `[longest length in characters (UTF-16 code units, as JS and zod
 * count them; 0 for no limit), flags, pattern]`. A key absent from this table is not a lead field.
 */
export declare const FIELD_RULES: Record<string, [number, number?, RegExp?]>;
/** A lead after {@link checkLead}: the fields that passed (trimmed or cut) and what was wrong. */
export interface CheckedLead {
    /** The valid fields; a field that broke a rule is absent, or cut where its rule allows. */
    body: Partial<LeadBody>;
    /**
     * One line per field that broke a rule, naming it first, e.g.
     * `customerEmail is not a valid e-mail address`. (Just the field's name in the production
     * browser bundle.)
     */
    problems: string[];
}
/**
 * Checks the fields of a lead against the PIMMS API's rules and keeps what is valid.
 *
 * Strings are trimmed, and a finite number is taken as its decimal string. An empty string counts
 * as absent. A too-long `eventName` or `customerName` is cut to its limit; any other field that
 * breaks a rule (too long, not an e-mail address, not an http(s) URL, metadata not a JSON object,
 * not a string) is left out, as is a key that is not a lead field. `null` is kept where the API
 * allows it (customer fields and metadata). Required fields are checked apart, by {@link missingField}.
 *
 * @param input - Any object, e.g. a parsed request body or the merged fields of a `lead()` call.
 * @returns The valid body and the list of problems (empty when all was valid).
 * @example
 * checkLead({ eventName: ' Sign up ', customerEmail: 'nope' })
 * // { body: { eventName: 'Sign up' }, problems: ['customerEmail is not a valid e-mail address'] }
 */
export declare function checkLead(input: Record<string, unknown>): CheckedLead;
/**
 * The first required field that a checked body lacks, in the API's words.
 *
 * @param body - The `body` of a {@link checkLead} result.
 * @param fields - Which fields to require; defaults to the API's three.
 * @returns `undefined` when all are there, else e.g. `'externalId is required'`.
 * @example
 * missingField({ clickId: 'c1', eventName: 'Sign up' }) // 'externalId is required'
 */
export declare function missingField(body: Partial<LeadBody>, fields?: (keyof LeadBody)[]): string | undefined;
