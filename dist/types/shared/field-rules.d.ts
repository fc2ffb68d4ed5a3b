/**
 * The PIMMS API's rules for the fields of a lead (`../../docs/PIMMS-API.md`, "The body"), plus the
 * bounds this project adds, in one dependency-free module used by the snippet (to drop or cut a
 * bad field and still send the lead), the relay (to answer 400 naming the field) and the sandbox
 * (to validate like the API).
 *
 * Part of the browser bundle: the production build reports no problems (only the debug build's
 * explanations read them), so their messages are compiled out.
 */
import type { LeadBody } from './lead.ts';
/**
 * How deep `metadata` may nest, counting the metadata object itself as level 1: `{plan: 'pro'}` is
 * 1 level, `{a: {b: [1]}}` is 3. PIMMS sets no limit, but a few thousand levels overflow the stack
 * of the `pimms` SDK's `JSON.stringify` (issue 11); real metadata is one or two levels.
 */
export declare const METADATA_MAX_DEPTH = 8;
/**
 * How long `metadata` may be as JSON, in characters (UTF-16 code units, as JS counts them): at
 * most 12 KB of UTF-8, so that a lead with its metadata still fits the relay's default 16 KB body
 * bound and the outbox's share of localStorage. Page context (path, title, referrer, UTM
 * parameters) counts too.
 */
export declare const METADATA_MAX_CHARS = 4096;
/**
 * A field's rule: `[longest length (characters for a string, characters of JSON for metadata; 0
 * for no limit), flags, pattern]`.
 */
export type FieldRule = [limit: number, flags?: number, pattern?: RegExp];
/**
 * The rule of each lead field, PIMMS' body fields and the snippet's `eventId`. A key absent from
 * this table is not a lead field. The table has no prototype, so that a key from a request named
 * like an `Object.prototype` member (`constructor`, `toString`, `__proto__`) is not found in it.
 *
 * @example
 * 'customerEmail' in FIELD_RULES // true
 * 'constructor' in FIELD_RULES // false
 */
export declare const FIELD_RULES: Record<string, FieldRule>;
/** A lead after {@link checkLead}: the fields that passed (trimmed or cut) and what was wrong. */
export interface CheckedLead {
    /** The valid fields; a field that broke a rule is absent, or cut where its rule allows. */
    body: Partial<LeadBody>;
    /**
     * One line per field that broke a rule, naming it first, e.g.
     * `customerEmail is not a valid e-mail address`. (Always empty in the production browser
     * bundle.)
     */
    problems: string[];
}
/**
 * Checks the fields of a lead against the PIMMS API's rules and keeps what is valid. Never throws,
 * whatever the input (any JSON value, or any object a page passes to `lead()`; a getter that
 * throws aside, which the snippet catches).
 *
 * - `clickId`, `eventName`, `externalId`, `customerId` (and `eventId`) are trimmed, as PIMMS trims them;
 *   `customerName`, `customerEmail`, `customerAvatar` are not (PIMMS refuses `" a@b.co"`).
 * - A string that is empty or only white space counts as absent, with no problem; so does `null`
 *   where the field may not be null (`clickId`, `eventName`, `externalId`, `eventId`, `mode`).
 *   `null` is kept where PIMMS allows it (customer fields, `metadata`, `eventQuantity`).
 * - A too-long `eventName` is cut to its 255 characters; any other field that breaks a rule is left
 *   out: a number where a string belongs (or a string where a number belongs), a string too
 *   long or with a lone UTF-16 surrogate, not an e-mail address, a `mode` other than `async` or
 *   `wait`, a `metadata` that is not a JSON object, is deeper than {@link METADATA_MAX_DEPTH} or
 *   longer than {@link METADATA_MAX_CHARS} characters of JSON, or holds a lone surrogate in a key
 *   or a string. A key that is not a lead field is left out too.
 * - `customerId`, PIMMS' deprecated alias of `externalId`, becomes the `externalId` (it wins over
 *   one given as `externalId`, as in PIMMS).
 * - Required fields are checked apart, by {@link missingField}.
 *
 * @param input - Any object, e.g. a parsed request body or the merged fields of a `lead()` call.
 * @returns The valid body and the list of problems (empty when all was valid); {@link checkFields}
 *   is the same check for a caller that needs only the body.
 * @example
 * checkLead({ eventName: ' Sign up ', customerEmail: 'nope', externalId: 42 })
 * // { body: { eventName: 'Sign up' },
 * //   problems: ['customerEmail is not a valid e-mail address', 'externalId must be a string'] }
 */
export declare function checkLead(input: Record<string, unknown>): CheckedLead;
/**
 * {@link checkLead}'s check, handing back the valid body alone: what the snippet uses, which
 * reads the problems only in its debug build.
 *
 * @param input - Any object, as for {@link checkLead}.
 * @param problems - Where to add one line per field that broke a rule; none is added in the
 *   production browser bundle, whose debug explanations are compiled out.
 * @returns The valid fields, trimmed or cut.
 * @example
 * checkFields({ eventName: ' Sign up ', mode: 'later' }) // { eventName: 'Sign up' }
 */
export declare function checkFields(input: Record<string, unknown>, problems?: string[]): Partial<LeadBody>;
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
