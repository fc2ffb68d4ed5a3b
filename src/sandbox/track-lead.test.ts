// POST /track/lead against /work/shared/PIMMS-API.md, row by row, over real HTTP on loopback: the
// sandbox must answer every request the way PIMMS does (status, code, message, headers).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { API_KEY } from '../../testing/unit/sandbox-fixture.ts';
import { serveSandbox, type ServedSandbox } from '../../testing/unit/served-sandbox.ts';
import { eventKey } from './track-lead.ts';

const READ_ONLY_KEY = 'pimms_read_only_key_5b1c';
const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

let sandbox: ServedSandbox;
afterEach(() => sandbox?.stop());

/** A fresh served sandbox, a click on it, and a valid body for that click with `fields` laid over it. */
async function withClick(fields: Record<string, unknown> = {}, options = {}) {
  sandbox = await serveSandbox({ readOnlyKeys: [READ_ONLY_KEY], ...options });
  const clickId = await sandbox.click();
  return { clickId, body: { clickId, eventName: 'Sign up', externalId: 'user_1', ...fields } };
}

/** The status, error code and message of an answer, and its Retry-After checked as PIMMS sends it. */
async function answer(response: Response) {
  // Every answer on this route: a Unix time in ms, the reset of the current one-minute window.
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(Date.now() - 1000);
  expect(retryAfter).toBeLessThanOrEqual(Date.now() + 60_000);
  expect(retryAfter % 60_000).toBe(0);
  const json = await response.json();
  return { status: response.status, code: json.error?.code, message: json.error?.message };
}

const INVALID_JSON =
  'Invalid JSON format in request body. Please ensure the request body is a valid JSON object.';
const MISCONFIGURED = "Misconfigured authorization header. Did you forget to add 'Bearer '?";

describe('PIMMS-API.md step 1: the key', () => {
  it.each<[string, Record<string, string>, number, string, string]>([
    ['no Authorization header', {}, 401, 'unauthorized', 'Missing Authorization header.'],
    ['a header without "Bearer "', { Authorization: API_KEY }, 400, 'bad_request', MISCONFIGURED],
    ['another scheme', { Authorization: `Basic ${API_KEY}` }, 400, 'bad_request', MISCONFIGURED],
    [
      '"bearer" in lower case',
      { Authorization: `bearer ${API_KEY}` },
      400,
      'bad_request',
      MISCONFIGURED,
    ],
    [
      'an unknown key',
      bearer('pimms_wrong_key_presented'),
      401,
      'unauthorized',
      'Unauthorized: Invalid API key.',
    ],
    // fetch strips the space at the end of a header value, so "Bearer " arrives as "Bearer".
    ['"Bearer " and nothing', { Authorization: 'Bearer ' }, 400, 'bad_request', MISCONFIGURED],
    // The key is what follows the first "Bearer ", not trimmed: PIMMS hashes it as sent.
    [
      'the key after two spaces',
      { Authorization: `Bearer  ${API_KEY}` },
      401,
      'unauthorized',
      'Unauthorized: Invalid API key.',
    ],
  ])('%s: %i %s', async (_, headers, status, code, message) => {
    const { body } = await withClick();
    const response = await sandbox.track(body, headers);
    expect(await answer(response)).toEqual({ status, code, message });
    expect(sandbox.leads()).toEqual([]);
  });

  it('checks the key before the body, and never repeats the key presented', async () => {
    sandbox = await serveSandbox();
    const response = await sandbox.track('{not json', bearer('pimms_wrong_key_presented'));
    const text = await response.text();
    expect(response.status).toBe(401);
    expect(text).not.toContain('pimms_wrong_key_presented');
  });

  it('accepts any of several keys', async () => {
    sandbox = await serveSandbox({ apiKeys: ['pimms_key_a', 'pimms_key_b'] });
    const clickId = await sandbox.click();
    const response = await sandbox.track(
      { clickId, eventName: 'Sign up', externalId: 'u1' },
      bearer('pimms_key_b'),
    );
    expect(response.status).toBe(200);
  });
});

describe('PIMMS-API.md step 2: the rate limit', () => {
  it('answers 429 rate_limit_exceeded past the limit of one key, with the X-RateLimit-* headers', async () => {
    const { clickId } = await withClick({}, { rateLimit: 3, apiKeys: [API_KEY, 'pimms_other'] });
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await sandbox.track({ clickId, eventName: 'Sign up', externalId: `u${i}` });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-ratelimit-limit')).toBe('3');
      remaining.push(response.headers.get('x-ratelimit-remaining')!);
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const refused = await sandbox.track({ clickId, eventName: 'Sign up', externalId: 'u9' });
    const reset = refused.headers.get('x-ratelimit-reset');
    expect(refused.headers.get('retry-after')).toBe(reset);
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(await answer(refused)).toEqual({
      status: 429,
      code: 'rate_limit_exceeded',
      message: 'Too many requests.',
    });
    // Before the permission, the body and the click: a 429 whatever the request holds.
    expect((await sandbox.track('{', bearer(API_KEY))).status).toBe(429);
    // Per key: another key of the workspace still gets through.
    const other = await sandbox.track(
      { clickId, eventName: 'Sign up', externalId: 'u9' },
      bearer('pimms_other'),
    );
    expect(other.status).toBe(200);
    expect(sandbox.leads()).toHaveLength(4);
  });
});

describe('PIMMS-API.md step 3: the permission', () => {
  it('answers 403 forbidden for a key without lead-write, before reading the body', async () => {
    const { body } = await withClick();
    for (const sent of [body, '{']) {
      const response = await sandbox.track(sent, bearer(READ_ONLY_KEY));
      const { status, code } = await answer(response);
      expect({ status, code }).toEqual({ status: 403, code: 'forbidden' });
    }
    expect(sandbox.leads()).toEqual([]);
  });
});

describe('PIMMS-API.md step 4: a body that is not a JSON object', () => {
  it.each([
    ['broken JSON', '{"clickId": '],
    ['an empty body', ''],
    ['plain text', 'Sign up'],
    ['an array', '[]'],
    ['null', 'null'],
    ['a string', '"Sign up"'],
    ['a number', '42'],
  ])('%s: 400 bad_request', async (_, raw) => {
    sandbox = await serveSandbox();
    expect(await answer(await sandbox.track(raw))).toEqual({
      status: 400,
      code: 'bad_request',
      message: INVALID_JSON,
    });
  });
});

describe('PIMMS-API.md step 5 and "The body": the schema, first problem only', () => {
  const long = (n: number) => 'x'.repeat(n);
  const email = (n: number) => 'a'.repeat(n - '@example.com'.length) + '@example.com';
  it.each<[string, Record<string, unknown>, string]>([
    ['no clickId', { clickId: undefined }, 'invalid_type: clickId: Required'],
    ['a blank clickId', { clickId: '  ' }, 'too_small: clickId: clickId is required'],
    [
      'a number as clickId',
      { clickId: 42 },
      'invalid_type: clickId: Expected string, received number',
    ],
    ['no eventName', { eventName: undefined }, 'invalid_type: eventName: Required'],
    [
      'a blank eventName',
      { eventName: ' ' },
      'too_small: eventName: String must contain at least 1 character(s)',
    ],
    [
      'eventName of 256',
      { eventName: long(256) },
      'too_big: eventName: String must contain at most 255 character(s)',
    ],
    [
      'a boolean eventName',
      { eventName: true },
      'invalid_type: eventName: Expected string, received boolean',
    ],
    [
      'externalId of 101',
      { externalId: long(101) },
      'too_big: externalId: String must contain at most 100 character(s)',
    ],
    [
      'externalId null',
      { externalId: null },
      'invalid_type: externalId: Expected string, received null',
    ],
    [
      'a number as externalId',
      { externalId: 42 },
      'invalid_type: externalId: Expected string, received number',
    ],
    [
      'customerId of 101',
      { customerId: long(101) },
      'too_big: customerId: String must contain at most 100 character(s)',
    ],
    [
      'customerName of 101',
      { customerName: long(101) },
      'too_big: customerName: String must contain at most 100 character(s)',
    ],
    [
      'customerName of 101 with spaces (not trimmed)',
      { customerName: ` ${long(99)} ` },
      'too_big: customerName: String must contain at most 100 character(s)',
    ],
    ['customerEmail ""', { customerEmail: '' }, 'invalid_string: customerEmail: Invalid email'],
    [
      'customerEmail with a space (not trimmed)',
      { customerEmail: ' a@b.co' },
      'invalid_string: customerEmail: Invalid email',
    ],
    [
      'customerEmail without @',
      { customerEmail: 'ada.example.com' },
      'invalid_string: customerEmail: Invalid email',
    ],
    [
      'customerEmail of 101',
      { customerEmail: email(101) },
      'too_big: customerEmail: String must contain at most 100 character(s)',
    ],
    [
      'a number as customerAvatar',
      { customerAvatar: 1 },
      'invalid_type: customerAvatar: Expected string, received number',
    ],
    [
      'metadata an array',
      { metadata: [1] },
      'invalid_type: metadata: Expected object, received array',
    ],
    [
      'metadata a string',
      { metadata: 'plan=pro' },
      'invalid_type: metadata: Expected object, received string',
    ],
    [
      'eventQuantity a string',
      { eventQuantity: '2' },
      'invalid_type: eventQuantity: Expected number, received string',
    ],
    [
      'an unknown mode',
      { mode: 'later' },
      "invalid_enum_value: mode: Invalid enum value. Expected 'async' | 'wait', received 'later'",
    ],
    // Several problems: only the first, in the schema's order.
    [
      'three problems',
      { eventName: long(256), customerEmail: 'x', metadata: [] },
      'too_big: eventName: String must contain at most 255 character(s)',
    ],
  ])('%s: 422 %s', async (_, fields, message) => {
    const { body } = await withClick(fields);
    expect(await answer(await sandbox.track(body))).toEqual({
      status: 422,
      code: 'unprocessable_entity',
      message,
    });
    expect(sandbox.leads()).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['eventName of 255, trimmed', { eventName: ` ${long(255)} ` }, { eventName: long(255) }],
    ['a clickId with spaces around, trimmed', {}, {}],
    ['externalId of 100, trimmed', { externalId: ` ${long(100)} ` }, { externalId: long(100) }],
    [
      'customer fields not trimmed',
      { customerName: ' Ada ', customerAvatar: ' x ' },
      { customerName: ' Ada ', customerAvatar: ' x ' },
    ],
    ['customerEmail of 100', { customerEmail: email(100) }, { customerEmail: email(100) }],
    [
      'any string as customerAvatar (no URL check)',
      { customerAvatar: 'javascript:alert(1)' },
      { customerAvatar: 'javascript:alert(1)' },
    ],
    [
      'null customer fields and metadata',
      { customerName: null, customerEmail: null, customerAvatar: null, metadata: null },
      { customerName: null, customerEmail: null, customerAvatar: null, metadata: null },
    ],
    [
      'metadata of 100 KB (no size limit)',
      { metadata: { blob: long(100_000) } },
      { metadata: { blob: long(100_000) } },
    ],
    ['eventQuantity and mode', { eventQuantity: 3, mode: 'wait' }, {}],
    ['eventQuantity null', { eventQuantity: null }, {}],
    ['unknown keys (stripped)', { plan: 'pro', eventId: 'ev_1' }, {}],
  ])('accepts %s: 200', async (name, fields, stored) => {
    const { clickId, body } = await withClick(fields);
    const sent = name.startsWith('a clickId') ? { ...body, clickId: ` ${clickId} ` } : body;
    const response = await sandbox.track(sent);
    expect(response.status).toBe(200);
    expect(sandbox.leads()).toEqual([expect.objectContaining({ clickId, ...stored })]);
  });
});

describe('PIMMS-API.md step 6: externalId', () => {
  it.each<[string, Record<string, unknown>]>([
    ['absent', { externalId: undefined }],
    ['empty', { externalId: '' }],
    ['blank', { externalId: '   ' }],
    ['blank with a blank customerId', { externalId: ' ', customerId: ' ' }],
  ])('answers 400 "externalId is required" when it is %s', async (_, fields) => {
    const { body } = await withClick(fields);
    expect(await answer(await sandbox.track(body))).toEqual({
      status: 400,
      code: 'bad_request',
      message: 'externalId is required',
    });
  });

  it('takes customerId as the deprecated alias of externalId, before it', async () => {
    const { body } = await withClick({ externalId: undefined, customerId: ' c_1 ' });
    const response = await sandbox.track(body);
    expect((await response.json()).customer.externalId).toBe('c_1');
    await sandbox.track({ ...body, externalId: 'e_2', customerId: 'c_2' });
    expect(sandbox.leads().map((lead) => lead.externalId)).toEqual(['c_2', 'c_1']);
  });
});

describe('PIMMS-API.md step 7: a repeat is a silent 200', () => {
  it.each([
    ['Sign up', 'Sign up'],
    ['Sign up', 'sign up'],
    ['Sign up', 'SIGN UP'],
    ['Sign up', 'sign-up'],
    ['Sign up', ' Sign up '],
    ['Start free trial', 'START free trial'],
    // Normalised too: the first space of "start-free trial" becomes "-".
    ['start-free trial', 'start-free-trial'],
  ])(
    '"%s" then "%s": 200, the success body, nothing recorded (never 409)',
    async (first, again) => {
      const { clickId, body } = await withClick({ eventName: first });
      expect((await sandbox.track(body)).status).toBe(200);
      const repeat = await sandbox.track({ ...body, eventName: again });
      expect(repeat.status).toBe(200);
      expect((await repeat.json()).click).toEqual({ id: clickId });
      expect(sandbox.leads()).toHaveLength(1);
    },
  );

  it('replaces only the first space: "Start free trial" and "start-free-trial" are two events', async () => {
    const { body } = await withClick({ eventName: 'Start free trial' });
    await sandbox.track(body);
    await sandbox.track({ ...body, eventName: 'start-free-trial' });
    expect(sandbox.leads()).toHaveLength(2);
    expect(eventKey('Start free trial')).toBe('start-free trial');
  });

  it('de-duplicates across clicks, and keeps other externalIds and event names apart', async () => {
    const { body } = await withClick();
    const other = await sandbox.click();
    await sandbox.track(body);
    await sandbox.track({ ...body, clickId: other });
    await sandbox.track({ ...body, externalId: 'user_2' });
    await sandbox.track({ ...body, eventName: 'Newsletter' });
    expect(sandbox.leads().map((l) => `${l.externalId} ${l.eventName}`)).toEqual([
      'user_1 Newsletter',
      'user_2 Sign up',
      'user_1 Sign up',
    ]);
  });

  it('takes the key before the click lookup: a first try that got 404 blocks every later one', async () => {
    const { body } = await withClick();
    const missed = await sandbox.track({ ...body, clickId: 'no_such_click' });
    expect((await answer(missed)).status).toBe(404);
    const later = await sandbox.track(body);
    expect(later.status).toBe(200);
    expect(sandbox.leads()).toEqual([]);
  });

  it('records one lead when the same lead arrives many times at once', async () => {
    const { body } = await withClick();
    const answers = await Promise.all(Array.from({ length: 20 }, () => sandbox.track(body)));
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(sandbox.leads()).toHaveLength(1);
  });
});

describe('PIMMS-API.md step 8: an unknown click', () => {
  it('answers 404 not_found naming it, and records nothing', async () => {
    const { body } = await withClick({ clickId: 'Zq3x0Vb9kLwT2aXy' });
    expect(await answer(await sandbox.track(body))).toEqual({
      status: 404,
      code: 'not_found',
      message: 'Click event not found for clickId: Zq3x0Vb9kLwT2aXy',
    });
    expect(sandbox.leads()).toEqual([]);
  });
});

describe('PIMMS-API.md step 9 and "The success body"', () => {
  it.each<[string, Record<string, unknown>, (name: string) => void]>([
    [
      'a customerName',
      { customerName: 'Ada', customerEmail: 'ada@example.com' },
      (n) => expect(n).toBe('Ada'),
    ],
    [
      'only a customerEmail',
      { customerEmail: 'ada@example.com' },
      (n) => expect(n).toBe('ada@example.com'),
    ],
    ['neither', {}, (n) => expect(n).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/)],
  ])('answers the body PIMMS sends, customer.name from %s', async (_, fields, checkName) => {
    const { clickId, body } = await withClick(fields);
    const response = await sandbox.track(body);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const json = await response.json();
    checkName(json.customer.name);
    expect(json).toEqual({
      click: { id: clickId },
      customer: {
        name: json.customer.name,
        email: fields.customerEmail ?? null,
        avatar: null,
        externalId: 'user_1',
      },
      clickId,
      customerName: json.customer.name,
      customerEmail: fields.customerEmail ?? null,
      customerAvatar: null,
    });
    // The stored row keeps what was sent: the generated name is the answer's, not the customer's.
    expect(sandbox.leads()[0]!.customerName).toBe(fields.customerName ?? null);
  });

  it('gives clicks 16-character nanoids without prefix', async () => {
    const { clickId } = await withClick();
    expect(clickId).toMatch(/^[A-Za-z0-9_-]{16}$/);
  });

  it.each(['async', 'wait'])(
    'records the lead with mode %s, visible once the answer is read',
    async (mode) => {
      const { body } = await withClick({ mode });
      expect((await sandbox.track(body)).status).toBe(200);
      expect(sandbox.leads()).toHaveLength(1);
    },
  );

  it('mode async answers 200 when the write then fails (logged); mode wait answers 500', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pimms-sandbox-'));
    try {
      const file = join(dir, 'sandbox.db');
      const lines: string[] = [];
      const { body } = await withClick({}, { file, log: (line: string) => lines.push(line) });
      // Another connection to the same file makes every lead insert fail after the click lookup.
      const other = new Database(file);
      other.exec(
        "CREATE TRIGGER refuse BEFORE INSERT ON leads BEGIN SELECT RAISE(ABORT, 'refused'); END",
      );
      other.close();
      expect((await sandbox.track({ ...body, mode: 'async' })).status).toBe(200);
      expect(lines).toEqual([
        expect.stringContaining('answered 200 (mode async) was not recorded'),
      ]);
      const waited = await sandbox.track({ ...body, externalId: 'user_2', mode: 'wait' });
      expect(await answer(waited)).toEqual({
        status: 500,
        code: 'internal_server_error',
        message: 'Internal server error',
      });
      expect(sandbox.leads()).toEqual([]);
    } finally {
      await sandbox.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
