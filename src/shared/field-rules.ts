/**
 * The PIMMS API's rules for the fields of a lead, in one dependency-free module used by the
 * snippet (to drop or cut a bad field and still send the lead), the relay (to answer 400 naming
 * the field) and the sandbox (to validate like the API).
 *
 * Part of the 2 KB browser bundle: in the production build the problem messages are compiled out
 * and a problem is just the field's name.
 */
import type { LeadBody } from './lead.ts';

// The PIMMS API validates customerEmail with zod's e-mail rule: no leading dot, no "..", only
// [A-Za-z0-9_'+.-] before the @, a dotted domain with a 2+ letter top level. This rule is as strict,
// so that an address the snippet sends is never the reason the API refuses a lead.
const EMAIL = /^(?!\.)(?!.*\.\.)[\w'+.-]*[\w+-]@([a-z\d][a-z\d-]*\.)+[a-z]{2,}$/i;
const HTTP_URL = /^https?:\/\/[^\s/?#]+\S*$/i;

// Flags of a rule: CUT (too long is cut to the limit; otherwise the field is left out), NULLABLE
// (null allowed), OBJECT (a JSON object, not a string).
const CUT = 1;
const NULLABLE = 2;
const OBJECT = 4;
/**
 * The rule of each lead field: `[longest length in characters (UTF-16 code units, as JS and zod
 * count them; 0 for no limit), flags, pattern]`. A key absent from this table is not a lead field.
 */
export const FIELD_RULES: Record<string, [number, number?, RegExp?]> = {
  eventId: [64, 0, /^[\w-]+$/],
  clickId: [0],
  eventName: [255, CUT],
  externalId: [100],
  customerName: [100, CUT | NULLABLE],
  customerEmail: [100, NULLABLE, EMAIL],
  customerAvatar: [0, NULLABLE, HTTP_URL],
  metadata: [0, OBJECT | NULLABLE],
};

/** What is wrong with a field (see describeProblem); a const enum, so that esbuild inlines the numbers. */
const enum Problem {
  NotAField = 1,
  NotAnObject,
  NotAString,
  TooLong,
  Malformed,
}

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
export function checkLead(input: Record<string, unknown>): CheckedLead {
  const body: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const field in input) {
    const [limit, flags = 0, pattern] = FIELD_RULES[field] || [];
    let value = input[field];
    // What is wrong, as a number: messages cost bytes in the browser bundle (see describeProblem).
    let problem = limit == null ? Problem.NotAField : 0;
    if (value === null) {
      if (flags & NULLABLE) body[field] = null;
    } else if (!problem && value !== undefined) {
      if (flags & OBJECT) {
        try {
          // JSON.stringify throws on cycles and BigInt, and gives undefined for a function.
          if (typeof value != 'object' || Array.isArray(value) || !JSON.stringify(value)) throw 0;
          body[field] = value;
        } catch {
          problem = Problem.NotAnObject;
        }
      } else {
        if (typeof value == 'number' && isFinite(value)) value = '' + value;
        if (typeof value != 'string') problem = Problem.NotAString;
        else if ((value = value.trim())) {
          if (limit && (value as string).length > limit) {
            problem = Problem.TooLong;
            if (flags & CUT) body[field] = (value as string).slice(0, limit);
          } else if (pattern && !pattern.test(value as string)) problem = Problem.Malformed;
          else body[field] = value;
        }
      }
    }
    // (The condition is spelled out, not a constant, so that esbuild folds it while parsing and
    // drops describeProblem from the production bundle.)
    if (problem)
      problems.push(
        typeof __DEBUG__ == 'undefined' || __DEBUG__
          ? field + ' ' + describeProblem(problem, limit, pattern)
          : field,
      );
  }
  return { body, problems };
}

function describeProblem(problem: Problem, limit?: number, pattern?: RegExp): string {
  return problem == Problem.NotAField
    ? 'is not a lead field'
    : problem == Problem.NotAnObject
      ? 'must be a JSON object'
      : problem == Problem.NotAString
        ? 'must be a string'
        : problem == Problem.TooLong
          ? 'is longer than ' + limit + ' characters'
          : pattern == EMAIL
            ? 'is not a valid e-mail address'
            : pattern == HTTP_URL
              ? 'is not an http(s) URL'
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
