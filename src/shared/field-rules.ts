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

// The PIMMS API validates customerEmail with zod's e-mail rule: no leading dot, no "..", only
// [A-Za-z0-9_'+.-] before the @, a dotted domain with a 2+ letter top level. This rule is as strict,
// so that an address the snippet sends is never the reason the API refuses a lead. It is not
// trimmed (neither is PIMMS'): an address with a space anywhere is not an address. Both cases are
// spelled out instead of zod's `i` flag, which matches the same here (ASCII classes) but makes V8's
// first use of the pattern cost 1.2 ms instead of 0.4 at 4x CPU: on every page's first lead.
const EMAIL = /^(?!\.)(?!.*\.\.)[\w'+.-]*[\w+-]@([a-zA-Z\d][a-zA-Z\d-]*\.)+[a-zA-Z]{2,}$/;
const MODE = /^(async|wait)$/;
const EVENT_ID = /^[\w-]+$/;
// With the `u` flag a surrogate pair is one code point, so this matches only a lone half: a string
// that has no UTF-8 form (a database stores it as invalid UTF-8, a JSON parser may refuse it).
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * How deep `metadata` may nest, counting the metadata object itself as level 1: `{plan: 'pro'}` is
 * 1 level, `{a: {b: [1]}}` is 3. PIMMS sets no limit, but a few thousand levels overflow the stack
 * of the `pimms` SDK's `JSON.stringify` (issue 11); real metadata is one or two levels.
 */
export const METADATA_MAX_DEPTH = 8;
/**
 * How long `metadata` may be as JSON, in characters (UTF-16 code units, as JS counts them): at
 * most 12 KB of UTF-8, so that a lead with its metadata still fits the relay's default 16 KB body
 * bound and the outbox's share of localStorage. Page context (path, title, referrer, UTM
 * parameters) counts too.
 */
export const METADATA_MAX_CHARS = 4096;

// Flags of a rule: TRIM (leading and trailing white space removed, as PIMMS does for this field),
// CUT (too long is cut to the limit; otherwise a field that breaks its rule is left out), NULLABLE
// (null allowed), OBJECT (a JSON object), NUMBER (a finite number). Without OBJECT or NUMBER: a string.
const TRIM = 1;
const CUT = 2;
const NULLABLE = 4;
const OBJECT = 8;
const NUMBER = 16;

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
export const FIELD_RULES = {
  __proto__: null,
  eventId: [64, TRIM, EVENT_ID],
  clickId: [0, TRIM],
  eventName: [255, TRIM | CUT],
  externalId: [100, TRIM],
  customerId: [100, TRIM],
  customerName: [100, NULLABLE],
  customerEmail: [100, NULLABLE, EMAIL],
  customerAvatar: [0, NULLABLE],
  metadata: [METADATA_MAX_CHARS, OBJECT | NULLABLE],
  eventQuantity: [0, NUMBER | NULLABLE],
  mode: [0, 0, MODE],
} as unknown as Record<string, FieldRule>;

/** What is wrong with a field (see describeProblem); a const enum, so that esbuild inlines the numbers. */
const enum Problem {
  NotAField = 1,
  NotAnObject,
  NotAString,
  NotANumber,
  NotUnicode,
  TooLong,
  TooDeep,
  Malformed,
}

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
export function checkLead(input: Record<string, unknown>): CheckedLead {
  const problems: string[] = [];
  return { body: checkFields(input, problems), problems };
}

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
export function checkFields(
  input: Record<string, unknown>,
  problems?: string[],
): Partial<LeadBody> {
  const body: Record<string, unknown> = {};
  for (const field in input) {
    const rule = FIELD_RULES[field];
    const [limit, flags = 0, pattern] = rule || [];
    let value = input[field];
    // What is wrong, as a number: messages cost bytes in the browser bundle (see describeProblem).
    let problem = rule ? 0 : Problem.NotAField;
    if (value === null) {
      if (flags & NULLABLE) body[field] = null;
    } else if (!problem && value !== undefined) {
      if (flags & OBJECT) problem = metadataProblem(value, limit);
      else if (flags & NUMBER) {
        // (Number.isFinite, unlike the global isFinite, takes no numeric string.)
        if (!Number.isFinite(value)) problem = Problem.NotANumber;
      } else if (typeof value != 'string') problem = Problem.NotAString;
      else if (LONE_SURROGATE.test(value)) problem = Problem.NotUnicode;
      else if (!value.trim()) value = undefined;
      else {
        if (flags & TRIM) value = value.trim();
        if (limit && (value as string).length > limit) {
          problem = Problem.TooLong;
          // Not through the middle of a surrogate pair: that would leave a lone half.
          if (flags & CUT)
            body[field] = (value as string).slice(0, limit).replace(/[\uD800-\uDBFF]$/, '');
        } else if (pattern && !pattern.test(value as string)) problem = Problem.Malformed;
      }
      if (!problem && value !== undefined) body[field] = value;
    }
    // (The condition is spelled out, not a constant, so that esbuild folds it while parsing and
    // drops describeProblem from the production bundle.)
    if ((typeof __DEBUG__ == 'undefined' || __DEBUG__) && problem && problems)
      problems.push(field + ' ' + describeProblem(problem, limit, flags, pattern));
  }
  // PIMMS' deprecated alias: a customerId is the externalId, before one given as externalId (the
  // SDK the relay forwards with does not send customerId, so it is moved here).
  if (body.customerId) {
    body.externalId = body.customerId;
    delete body.customerId;
  }
  return body;
}

/** What is wrong with a metadata value, if anything (0). */
function metadataProblem(value: unknown, limit: number): Problem | 0 {
  let json;
  try {
    // JSON.stringify throws on cycles, BigInt and (in V8) on nesting too deep for its stack, and
    // gives undefined for a function: all no JSON object. It runs before the walk below, which
    // then only sees objects of at most `limit` characters.
    json = typeof value == 'object' && !Array.isArray(value) && JSON.stringify(value);
  } catch {}
  return !json
    ? Problem.NotAnObject
    : json.length > limit
      ? Problem.TooLong
      : walk(value, METADATA_MAX_DEPTH);
}

/**
 * Whether a JSON value nests at most `levels` deep and holds no lone surrogate in a key or a
 * string. The recursion ends at `levels`, so no input can overflow the stack here.
 */
function walk(value: unknown, levels: number): Problem | 0 {
  if (typeof value == 'string') return LONE_SURROGATE.test(value) ? Problem.NotUnicode : 0;
  if (!value || typeof value != 'object') return 0;
  if (!levels) return Problem.TooDeep;
  let problem: Problem | 0 = 0;
  for (const key of Object.keys(value))
    problem = problem || walk(key, 1) || walk((value as Record<string, unknown>)[key], levels - 1);
  return problem;
}

function describeProblem(
  problem: Problem,
  limit: number | undefined,
  flags: number,
  pattern?: RegExp,
): string {
  return problem == Problem.NotAField
    ? 'is not a lead field'
    : problem == Problem.NotAnObject
      ? 'must be a JSON object'
      : problem == Problem.NotAString
        ? 'must be a string'
        : problem == Problem.NotANumber
          ? 'must be a number'
          : problem == Problem.NotUnicode
            ? 'holds a lone UTF-16 surrogate (not valid Unicode)'
            : problem == Problem.TooDeep
              ? 'is nested deeper than ' + METADATA_MAX_DEPTH + ' levels'
              : problem == Problem.TooLong
                ? 'is longer than ' + limit + ' characters' + (flags & OBJECT ? ' of JSON' : '')
                : pattern == EMAIL
                  ? 'is not a valid e-mail address'
                  : pattern == MODE
                    ? 'must be "async" or "wait"'
                    : 'may hold only letters, digits, _ and -';
}

/**
 * The first required field that a checked body lacks, in the API's words.
 *
 * @param body - The `body` of a {@link checkLead} result.
 * @param fields - Which fields to require; defaults to the API's three.
 * @returns `undefined` when all are there, else e.g. `'externalId is required'`.
 * @example
 * missingField({ clickId: 'c1', eventName: 'Sign up' }) // 'externalId is required'
 */
export function missingField(
  body: Partial<LeadBody>,
  fields: (keyof LeadBody)[] = ['clickId', 'eventName', 'externalId'],
): string | undefined {
  for (const field of fields) if (!body[field]) return field + ' is required';
}
