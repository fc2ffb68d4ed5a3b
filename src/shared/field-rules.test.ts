import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkLead,
  FIELD_RULES,
  METADATA_MAX_CHARS,
  METADATA_MAX_DEPTH,
  missingField,
} from './field-rules.ts';

const x = (n: number) => 'x'.repeat(n);
const email = (n: number) => x(n - '@example.com'.length) + '@example.com';
/** Metadata nested `levels` deep: `{d: {d: ... {d: 1}}}` (1 level is `{d: 1}`). */
const nested = (levels: number) => {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = { d: value };
  return value as Record<string, unknown>;
};
/** Metadata whose JSON is exactly `chars` characters long: `{"s":"xx…"}`. */
const metadataOf = (chars: number) => ({ s: x(chars - '{"s":""}'.length) });

describe('checkLead', () => {
  // [case, input, expected body, expected problems]
  const cases: [string, Record<string, unknown>, Record<string, unknown>, string[]][] = [
    [
      'trims strings',
      { eventName: '  Sign up ', clickId: ' c1 ' },
      { eventName: 'Sign up', clickId: 'c1' },
      [],
    ],
    ['blank string is absent', { externalId: '   ', customerName: '' }, {}, []],
    ['undefined is absent', { customerEmail: undefined }, {}, []],
    // PIMMS answers 422 invalid_type for a number where a string belongs: it is left out, not converted.
    [
      'a number is not a string',
      { externalId: 42, eventName: 7 },
      {},
      ['externalId must be a string', 'eventName must be a string'],
    ],
    ['NaN is not a string', { externalId: NaN }, {}, ['externalId must be a string']],
    ['an object is not a string', { clickId: { id: 1 } }, {}, ['clickId must be a string']],
    ['unknown key', { email: 'a@b.co' }, {}, ['email is not a lead field']],
    // eventName: 1 to 255, cut when longer
    ['eventName 255', { eventName: x(255) }, { eventName: x(255) }, []],
    [
      'eventName 256 is cut',
      { eventName: x(256) },
      { eventName: x(255) },
      ['eventName is longer than 255 characters'],
    ],
    // externalId: at most 100, dropped when longer
    ['externalId 100', { externalId: x(100) }, { externalId: x(100) }, []],
    [
      'externalId 101 is dropped',
      { externalId: x(101) },
      {},
      ['externalId is longer than 100 characters'],
    ],
    // customerName: at most 100, not trimmed (PIMMS neither), dropped when longer (PIMMS: 422); nullable
    ['customerName 100', { customerName: x(100) }, { customerName: x(100) }, []],
    [
      'customerName 101 is dropped',
      { customerName: x(101) },
      {},
      ['customerName is longer than 100 characters'],
    ],
    ['customerName not trimmed', { customerName: ' Ada ' }, { customerName: ' Ada ' }, []],
    [
      'customerName of 100 with spaces around is not trimmed to fit',
      { customerName: ' ' + x(100) },
      {},
      ['customerName is longer than 100 characters'],
    ],
    ['customerName null', { customerName: null }, { customerName: null }, []],
    // customerEmail: a valid address of at most 100
    ['customerEmail 100', { customerEmail: email(100) }, { customerEmail: email(100) }, []],
    [
      'customerEmail 101 is dropped',
      { customerEmail: email(101) },
      {},
      ['customerEmail is longer than 100 characters'],
    ],
    [
      'customerEmail plus and dots',
      { customerEmail: "o'neil.ada+x@mail.example.co" },
      { customerEmail: "o'neil.ada+x@mail.example.co" },
      [],
    ],
    [
      'customerEmail without @',
      { customerEmail: 'ada.example.com' },
      {},
      ['customerEmail is not a valid e-mail address'],
    ],
    [
      'customerEmail without top-level domain',
      { customerEmail: 'ada@localhost' },
      {},
      ['customerEmail is not a valid e-mail address'],
    ],
    [
      'customerEmail leading dot',
      { customerEmail: '.ada@example.com' },
      {},
      ['customerEmail is not a valid e-mail address'],
    ],
    [
      'customerEmail double dot',
      { customerEmail: 'a..da@example.com' },
      {},
      ['customerEmail is not a valid e-mail address'],
    ],
    [
      'customerEmail with a character zod refuses',
      { customerEmail: 'a#da@example.com' },
      {},
      ['customerEmail is not a valid e-mail address'],
    ],
    [
      'customerEmail with a space',
      { customerEmail: 'ada lovelace@example.com' },
      {},
      ['customerEmail is not a valid e-mail address'],
    ],
    ['customerEmail null', { customerEmail: null }, { customerEmail: null }, []],
    // Not trimmed (PIMMS answers 422 for " a@b.co"): left out, not sent to fail. "" is absent.
    ['customerEmail ""', { customerEmail: '' }, {}, []],
    [
      'customerEmail with a space before',
      { customerEmail: ' ada@example.com' },
      {},
      ['customerEmail is not a valid e-mail address'],
    ],
    [
      'customerEmail with a space after',
      { customerEmail: 'ada@example.com ' },
      {},
      ['customerEmail is not a valid e-mail address'],
    ],
    ['customerEmail a number', { customerEmail: 1 }, {}, ['customerEmail must be a string']],
    // customerAvatar: any string (PIMMS checks no URL), not trimmed
    [
      'customerAvatar https',
      { customerAvatar: 'https://cdn.example.com/a.png?s=64' },
      { customerAvatar: 'https://cdn.example.com/a.png?s=64' },
      [],
    ],
    [
      'customerAvatar http',
      { customerAvatar: 'http://cdn.example.com/a.png' },
      { customerAvatar: 'http://cdn.example.com/a.png' },
      [],
    ],
    ['customerAvatar relative', { customerAvatar: '/a.png' }, { customerAvatar: '/a.png' }, []],
    ['customerAvatar null', { customerAvatar: null }, { customerAvatar: null }, []],
    ['customerAvatar a number', { customerAvatar: 7 }, {}, ['customerAvatar must be a string']],
    // metadata: a JSON object or null
    [
      'metadata object',
      { metadata: { plan: 'pro', seats: 3 } },
      { metadata: { plan: 'pro', seats: 3 } },
      [],
    ],
    ['metadata null', { metadata: null }, { metadata: null }, []],
    ['metadata array', { metadata: ['pro'] }, {}, ['metadata must be a JSON object']],
    ['metadata string', { metadata: 'pro' }, {}, ['metadata must be a JSON object']],
    ['metadata BigInt', { metadata: { n: BigInt(1) } }, {}, ['metadata must be a JSON object']],
    // metadata bounds: depth (the object itself is level 1) and length as JSON
    [
      `metadata ${METADATA_MAX_DEPTH} levels`,
      { metadata: nested(METADATA_MAX_DEPTH) },
      { metadata: nested(METADATA_MAX_DEPTH) },
      [],
    ],
    [
      `metadata ${METADATA_MAX_DEPTH + 1} levels`,
      { metadata: nested(METADATA_MAX_DEPTH + 1) },
      {},
      [`metadata is nested deeper than ${METADATA_MAX_DEPTH} levels`],
    ],
    [
      'metadata nested in arrays counts arrays as levels',
      { metadata: { a: [[[[[[[[1]]]]]]]] } },
      {},
      [`metadata is nested deeper than ${METADATA_MAX_DEPTH} levels`],
    ],
    // The crafted body of issue 11: thousands of levels are refused, and nothing overflows.
    ['metadata 5,000 levels', { metadata: nested(5000) }, {}, ['metadata must be a JSON object']],
    [
      `metadata of ${METADATA_MAX_CHARS} characters of JSON`,
      { metadata: metadataOf(METADATA_MAX_CHARS) },
      { metadata: metadataOf(METADATA_MAX_CHARS) },
      [],
    ],
    [
      `metadata of ${METADATA_MAX_CHARS + 1} characters of JSON`,
      { metadata: metadataOf(METADATA_MAX_CHARS + 1) },
      {},
      [`metadata is longer than ${METADATA_MAX_CHARS} characters of JSON`],
    ],
    // Well-formed strings: a lone half of a surrogate pair has no UTF-8 form. A pair is fine.
    ['a surrogate pair', { eventName: 'Sign up 🎉' }, { eventName: 'Sign up 🎉' }, []],
    [
      'a lone high surrogate',
      { eventName: 'Sign up \uD83C' },
      {},
      ['eventName holds a lone UTF-16 surrogate (not valid Unicode)'],
    ],
    [
      'a lone low surrogate',
      { customerName: '\uDF89Ada' },
      {},
      ['customerName holds a lone UTF-16 surrogate (not valid Unicode)'],
    ],
    [
      'a lone surrogate in a metadata value',
      { metadata: { a: ['ok', '\uD800'] } },
      {},
      ['metadata holds a lone UTF-16 surrogate (not valid Unicode)'],
    ],
    [
      'a lone surrogate in a metadata key',
      { metadata: { '\uDC00': 1 } },
      {},
      ['metadata holds a lone UTF-16 surrogate (not valid Unicode)'],
    ],
    [
      'eventName is cut before a pair, not through it',
      { eventName: x(254) + '🎉' },
      { eventName: x(254) },
      ['eventName is longer than 255 characters'],
    ],
    // eventQuantity: any finite number, or null; a string is not a number
    ['eventQuantity', { eventQuantity: 2.5 }, { eventQuantity: 2.5 }, []],
    ['eventQuantity 0', { eventQuantity: 0 }, { eventQuantity: 0 }, []],
    ['eventQuantity null', { eventQuantity: null }, { eventQuantity: null }, []],
    ['eventQuantity "3"', { eventQuantity: '3' }, {}, ['eventQuantity must be a number']],
    ['eventQuantity Infinity', { eventQuantity: Infinity }, {}, ['eventQuantity must be a number']],
    // mode: "async" or "wait"
    ['mode async', { mode: 'async' }, { mode: 'async' }, []],
    ['mode wait', { mode: 'wait' }, { mode: 'wait' }, []],
    ['mode other', { mode: 'sync' }, {}, ['mode must be "async" or "wait"']],
    ['mode Wait', { mode: 'Wait' }, {}, ['mode must be "async" or "wait"']],
    ['mode null is absent', { mode: null }, {}, []],
    // Keys named like Object.prototype members are unknown keys, not rules (issue 11 #4).
    [
      'constructor, toString, hasOwnProperty',
      { constructor: 'x', toString: 'x', hasOwnProperty: 1, eventName: 'e' },
      { eventName: 'e' },
      [
        'constructor is not a lead field',
        'toString is not a lead field',
        'hasOwnProperty is not a lead field',
      ],
    ],
    [
      '__proto__ as an own key (as JSON.parse makes it)',
      JSON.parse('{"__proto__": {"clickId": "x"}, "valueOf": null}'),
      {},
      ['__proto__ is not a lead field', 'valueOf is not a lead field'],
    ],
    // not nullable
    ['clickId null is absent', { clickId: null, eventName: null, externalId: null }, {}, []],
    // eventId: the client's id, 1 to 64 of [A-Za-z0-9_-]
    ['eventId 64', { eventId: 'a'.repeat(64) }, { eventId: 'a'.repeat(64) }, []],
    ['eventId 65', { eventId: 'a'.repeat(65) }, {}, ['eventId is longer than 64 characters']],
    [
      'eventId with a dot',
      { eventId: 'a.b' },
      {},
      ['eventId may hold only letters, digits, _ and -'],
    ],
  ];
  it.each(cases)('%s', (_, input, body, problems) => {
    expect(checkLead(input)).toEqual({ body, problems });
  });

  it('keeps the valid fields when others break a rule', () => {
    const { body, problems } = checkLead({
      clickId: 'c1',
      eventName: 'Sign up',
      customerEmail: 'nope',
      metadata: [1],
    });
    expect(body).toEqual({ clickId: 'c1', eventName: 'Sign up' });
    expect(problems).toHaveLength(2);
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>, string[]]>([
    ['customerId, trimmed, as the externalId', { customerId: ' c_1 ' }, { externalId: 'c_1' }, []],
    [
      'customerId before externalId (as PIMMS)',
      { externalId: 'e_1', customerId: 'c_1' },
      { externalId: 'c_1' },
      [],
    ],
    [
      'a bad customerId leaves the externalId',
      { externalId: 'e_1', customerId: 7 },
      { externalId: 'e_1' },
      ['customerId must be a string'],
    ],
    [
      'a blank customerId leaves the externalId',
      { externalId: 'e_1', customerId: ' ' },
      { externalId: 'e_1' },
      [],
    ],
    [
      'a customerId over 100 characters is left out',
      { customerId: 'c'.repeat(101) },
      {},
      ['customerId is longer than 100 characters'],
    ],
  ])("PIMMS' deprecated alias: %s", (_, input, body, problems) => {
    expect(checkLead(input)).toEqual({ body, problems });
  });

  it('refuses a metadata object with a cycle', () => {
    const metadata: Record<string, unknown> = {};
    metadata.self = metadata;
    expect(checkLead({ metadata }).problems).toEqual(['metadata must be a JSON object']);
  });

  it('knows every field of the PIMMS API body, and eventId', () => {
    expect(Object.keys(FIELD_RULES).sort()).toEqual([
      'clickId',
      'customerAvatar',
      'customerEmail',
      'customerId',
      'customerName',
      'eventId',
      'eventName',
      'eventQuantity',
      'externalId',
      'metadata',
      'mode',
    ]);
  });
});

describe('checkLead on arbitrary input (fast-check)', () => {
  const RUNS = 2000;
  // Every key that matters, and some that must not: the lead fields, Object.prototype's members,
  // and arbitrary strings.
  const key = fc.oneof(
    fc.constantFrom(...Object.keys(FIELD_RULES)),
    fc.constantFrom('constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf'),
    fc.string(),
  );
  // Strings with lone surrogates too (fast-check's own units never make one).
  const anyString = fc.string({
    unit: fc.integer({ min: 0, max: 0xffff }).map(String.fromCharCode),
  });
  const value = fc.oneof(
    fc.jsonValue(),
    anyString,
    fc.integer({ min: 0, max: 6000 }).map(nested),
    fc.dictionary(anyString, fc.jsonValue()),
  );
  const body = fc.dictionary(key, value);
  // A body as the relay sees it: JSON text parsed, so `__proto__` is an own key. (Thousands of
  // levels overflow JSON.stringify's stack here: such a body is kept as it is.)
  const parsed = body.map((object) => {
    try {
      return JSON.parse(JSON.stringify(object));
    } catch {
      return object;
    }
  });

  it('never throws, keeps only valid lead fields, and a kept body passes again unchanged', () => {
    fc.assert(
      fc.property(fc.oneof(body, parsed), (input) => {
        const { body: kept } = checkLead(input);
        for (const field of Object.keys(kept)) expect(Object.hasOwn(FIELD_RULES, field)).toBe(true);
        expect(checkLead(kept as Record<string, unknown>)).toEqual({ body: kept, problems: [] });
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('never throws for any JSON value or any value at all', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything()), (input) => {
        checkLead(input as Record<string, unknown>);
        checkLead({ metadata: input, eventName: input, eventQuantity: input });
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});

describe('missingField', () => {
  it.each([
    [{}, 'clickId is required'],
    [{ clickId: 'c' }, 'eventName is required'],
    [{ clickId: 'c', eventName: 'e' }, 'externalId is required'],
    [{ clickId: 'c', eventName: 'e', externalId: 'u' }, undefined],
  ])('%j', (body, message) => {
    expect(missingField(body)).toBe(message);
  });

  it('checks the fields asked for', () => {
    expect(missingField({ clickId: 'c' }, ['clickId'])).toBeUndefined();
  });
});
