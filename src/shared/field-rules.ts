/**
 * The PIMMS API's rules for the fields of a lead, in one dependency-free module used by the
 * snippet (to drop or cut a bad field and still send the lead), the relay (to answer 400 naming
 * the field) and the sandbox (to validate like the API).
 *
 * Kept small on purpose: it is part of the 2 KB browser bundle.
 */
import type { LeadBody } from './lead.ts';

/** Longest accepted length of each string field, in characters (UTF-16 code units, as JS and zod count). */
export const LIMITS = {
  eventId: 64,
  eventName: 255,
  externalId: 100,
  customerName: 100,
  customerEmail: 100,
} as const;

// An address as HTML's <input type=email> defines it (https://html.spec.whatwg.org/#valid-e-mail-address),
// with the dotted top-level domain the PIMMS API's validator also requires.
const EMAIL = /^[\w.!#$%&'*+/=?^`{|}~-]+@[a-z\d]([a-z\d-]*[a-z\d])?(\.[a-z\d]([a-z\d-]*[a-z\d])?)*\.[a-z]{2,}$/i;
const HTTP_URL = /^https?:\/\/[^\s/?#]+\S*$/i;
const EVENT_ID = /^[\w-]+$/;

// field: [flags, limit, pattern]. Flags: CUT (cut when too long; else dropped), NULLABLE (null
// allowed), OBJECT (a JSON object, not a string). A key absent from this table is not a lead field.
const CUT = 1;
const NULLABLE = 2;
const OBJECT = 4;
const RULES: Record<string, [number, number?, RegExp?]> = {
  eventId: [0, LIMITS.eventId, EVENT_ID],
  clickId: [0],
  eventName: [CUT, LIMITS.eventName],
  externalId: [0, LIMITS.externalId],
  customerName: [CUT | NULLABLE, LIMITS.customerName],
  customerEmail: [NULLABLE, LIMITS.customerEmail, EMAIL],
  customerAvatar: [NULLABLE, 0, HTTP_URL],
  metadata: [OBJECT | NULLABLE],
};

/** A lead after {@link checkLead}: the fields that passed (trimmed or cut) and what was changed. */
export interface CheckedLead {
  /** The valid fields; a field that broke a rule is absent or cut. */
  body: Partial<LeadBody>;
  /** One line per changed field, starting with its name, e.g. `customerEmail is not a valid e-mail address: dropped`. */
  problems: string[];
}

/**
 * Checks the fields of a lead against the PIMMS API's rules and keeps what is valid.
 *
 * Strings are trimmed, and a number is taken as its decimal string. An empty string counts as
 * absent. A too-long `eventName` or `customerName` is cut to its limit; any other field that breaks
 * a rule (too long, not an e-mail address, not an http(s) URL, metadata not a JSON object, not a
 * string) is dropped, as is a key that is not a lead field. `null` is kept where the API allows it
 * (customer fields and metadata). Required fields are checked apart, by {@link missingField}.
 *
 * @param input - Any object, e.g. a parsed request body or the merged fields of a `lead()` call.
 * @returns The valid body and the list of problems (empty when nothing was changed).
 * @example
 * checkLead({ eventName: ' Sign up ', customerEmail: 'nope' })
 * // { body: { eventName: 'Sign up' }, problems: ['customerEmail is not a valid e-mail address: dropped'] }
 */
export function checkLead(input: Record<string, unknown>): CheckedLead {
  const body: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const field in input) {
    const rule = RULES[field];
    let value = input[field];
    let problem = '';
    if (!rule) problem = 'is not a lead field: ignored';
    else if (value === null) {
      if (rule[0] & NULLABLE) body[field] = null;
    } else if (rule[0] & OBJECT) {
      // metadata: a plain JSON object (JSON.stringify throws on cycles and BigInt).
      try {
        if (typeof value != 'object' || Array.isArray(value) || !JSON.stringify(value)) throw 0;
        body[field] = value;
      } catch {
        problem = 'must be a JSON object: dropped';
      }
    } else if (value !== undefined) {
      if (typeof value == 'number' && isFinite(value)) value = '' + value;
      if (typeof value != 'string') problem = 'must be a string: dropped';
      else if ((value = value.trim())) {
        const [kind, limit, pattern] = rule;
        const text = value as string;
        if (limit && text.length > limit) {
          if (kind & CUT) body[field] = text.slice(0, limit);
          problem = 'is longer than ' + limit + ' characters: ' + (kind & CUT ? 'cut' : 'dropped');
        } else if (pattern && !pattern.test(text)) {
          problem = pattern == EMAIL ? 'is not a valid e-mail address: dropped' : 'is not ' + (pattern == HTTP_URL ? 'an http(s) URL' : 'valid') + ': dropped';
        } else body[field] = text;
      }
    }
    if (problem) problems.push(field + ' ' + problem);
  }
  return { body, problems };
}

/**
 * The first required field that a checked body lacks, as the API names it.
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
