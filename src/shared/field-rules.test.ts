import { describe, expect, it } from 'vitest';
import { checkLead, FIELD_RULES, missingField } from './field-rules.ts';

const x = (n: number) => 'x'.repeat(n);
const email = (n: number) => x(n - '@example.com'.length) + '@example.com';

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
    [
      'a number is its string',
      { externalId: 42, eventName: 7 },
      { externalId: '42', eventName: '7' },
      [],
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
    // customerName: at most 100, cut when longer; nullable
    ['customerName 100', { customerName: x(100) }, { customerName: x(100) }, []],
    [
      'customerName 101 is cut',
      { customerName: x(101) },
      { customerName: x(100) },
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
    // customerAvatar: an http(s) URL
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
    [
      'customerAvatar javascript:',
      { customerAvatar: 'javascript:alert(1)' },
      {},
      ['customerAvatar is not an http(s) URL'],
    ],
    [
      'customerAvatar relative',
      { customerAvatar: '/a.png' },
      {},
      ['customerAvatar is not an http(s) URL'],
    ],
    [
      'customerAvatar no host',
      { customerAvatar: 'https:///a.png' },
      {},
      ['customerAvatar is not an http(s) URL'],
    ],
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
      'customerName',
      'eventId',
      'eventName',
      'externalId',
      'metadata',
    ]);
  });
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
