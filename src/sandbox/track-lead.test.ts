import { afterEach, describe, expect, it } from 'vitest';
import { eventKey } from './track-lead.ts';
import { API_KEY, startSandbox, type TestSandbox } from '../../testing/unit/sandbox-fixture.ts';

let sandbox: TestSandbox;
afterEach(() => sandbox?.close());

/** A fresh sandbox, a click on it, and a valid body for that click with `fields` laid over it. */
async function withClick(fields: Record<string, unknown> = {}) {
  sandbox = startSandbox();
  const clickId = await sandbox.click();
  return { clickId, body: { clickId, eventName: 'Sign up', externalId: 'user_1', ...fields } };
}

const email = (length: number) => 'a'.repeat(length - '@example.com'.length) + '@example.com';

describe('POST /track/lead: key', () => {
  it.each([
    ['no Authorization header', {}, 'Missing Authorization header'],
    ['an unknown key', { Authorization: 'Bearer pimms_wrong_key_presented' }, 'Invalid API key'],
    ['a key without "Bearer "', { Authorization: 'pimms_wrong_key_presented' }, 'Bearer'],
    ['another scheme', { Authorization: 'Basic pimms_wrong_key_presented' }, 'Bearer'],
    ['an empty bearer token', { Authorization: 'Bearer ' }, 'Bearer'],
    ['the right key with a suffix', { Authorization: `Bearer ${API_KEY}x` }, 'Invalid API key'],
  ])('answers 401 unauthorized for %s, without repeating the key', async (_, headers, message) => {
    const { body } = await withClick();
    const response = await sandbox.track(body, headers);
    const text = await response.text();
    expect(response.status).toBe(401);
    expect(JSON.parse(text).error).toEqual({
      code: 'unauthorized',
      message: expect.stringContaining(message),
    });
    expect(text).not.toContain('pimms_wrong_key_presented');
    expect(text).not.toContain(API_KEY);
    expect(sandbox.leads()).toEqual([]);
  });

  it('checks the key before the body', async () => {
    sandbox = startSandbox();
    expect((await sandbox.track('{not json', {})).status).toBe(401);
  });

  it('accepts any of several keys, with "bearer" in any case', async () => {
    sandbox = startSandbox({ apiKeys: ['pimms_key_a', 'pimms_key_b'] });
    const clickId = await sandbox.click();
    const response = await sandbox.track(
      { clickId, eventName: 'Sign up', externalId: 'u1' },
      { Authorization: 'bearer pimms_key_b' },
    );
    expect(response.status).toBe(200);
  });
});

describe('POST /track/lead: body', () => {
  it.each([
    ['broken JSON', '{"clickId": '],
    ['an empty body', ''],
    ['plain text', 'Sign up'],
  ])('answers 400 bad_request for %s', async (_, raw) => {
    sandbox = startSandbox();
    const response = await sandbox.track(raw);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 'bad_request', message: 'Invalid JSON body' },
    });
  });

  it.each([
    ['an array', '[]'],
    ['null', 'null'],
    ['a string', '"Sign up"'],
    ['a number', '42'],
  ])('answers 422 unprocessable_entity for %s (JSON, but not an object)', async (_, raw) => {
    sandbox = startSandbox();
    const response = await sandbox.track(raw);
    expect(response.status).toBe(422);
    expect((await response.json()).error.code).toBe('unprocessable_entity');
  });
});

describe('POST /track/lead: field rules', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['eventName of 256 characters', { eventName: 'e'.repeat(256) }, 'eventName is longer than 255'],
    [
      'externalId of 101 characters',
      { externalId: 'x'.repeat(101) },
      'externalId is longer than 100',
    ],
    [
      'customerName of 101 characters',
      { customerName: 'n'.repeat(101) },
      'customerName is longer than 100',
    ],
    [
      'customerEmail of 101 characters',
      { customerEmail: email(101) },
      'customerEmail is longer than 100',
    ],
    [
      'an invalid customerEmail',
      { customerEmail: 'ada@localhost' },
      'customerEmail is not a valid e-mail',
    ],
    [
      'a customerEmail without @',
      { customerEmail: 'ada.example.com' },
      'customerEmail is not a valid e-mail',
    ],
    [
      'an ftp customerAvatar',
      { customerAvatar: 'ftp://cdn.test/ada.png' },
      'customerAvatar is not an http(s) URL',
    ],
    [
      'a javascript: customerAvatar',
      { customerAvatar: 'javascript:alert(1)' },
      'customerAvatar is not an http(s) URL',
    ],
    ['a metadata array', { metadata: ['plan', 'pro'] }, 'metadata must be a JSON object'],
    ['a metadata string', { metadata: 'plan=pro' }, 'metadata must be a JSON object'],
    ['a clickId that is an object', { clickId: { id: 'cl_1' } }, 'clickId must be a string'],
    ['an eventName that is a boolean', { eventName: true }, 'eventName must be a string'],
    ['no clickId', { clickId: undefined }, 'clickId is required'],
    ['a blank clickId', { clickId: '  ' }, 'clickId is required'],
    ['no eventName', { eventName: undefined }, 'eventName is required'],
    ['an empty eventName', { eventName: '' }, 'eventName is required'],
  ])('answers 422 unprocessable_entity for %s, naming the field', async (_, fields, message) => {
    const { body } = await withClick(fields);
    const response = await sandbox.track(body);
    expect(response.status).toBe(422);
    const { error } = await response.json();
    expect(error.code).toBe('unprocessable_entity');
    expect(error.message).toContain(message);
    expect(sandbox.leads()).toEqual([]);
  });

  it('names every field at fault in one answer', async () => {
    const { body } = await withClick({ customerEmail: 'nope', metadata: [] });
    const { error } = await (await sandbox.track(body)).json();
    expect(error.message).toContain('customerEmail');
    expect(error.message).toContain('metadata');
  });

  it.each<[string, Record<string, unknown>]>([
    ['eventName of 255 characters', { eventName: 'e'.repeat(255) }],
    ['externalId of 100 characters', { externalId: 'x'.repeat(100) }],
    ['customerName of 100 characters', { customerName: 'n'.repeat(100) }],
    ['customerEmail of 100 characters', { customerEmail: email(100) }],
    ['an https customerAvatar', { customerAvatar: 'https://cdn.test/ada.png' }],
    [
      'null customer fields and metadata',
      { customerName: null, customerEmail: null, customerAvatar: null, metadata: null },
    ],
    ['an empty metadata object', { metadata: {} }],
  ])('accepts %s', async (_, fields) => {
    const { body } = await withClick(fields);
    const response = await sandbox.track(body);
    expect(response.status, await response.clone().text()).toBe(200);
    expect(sandbox.leads()).toHaveLength(1);
  });

  it.each<[string, Record<string, unknown>]>([
    ['absent', { externalId: undefined }],
    ['empty', { externalId: '' }],
    ['blank', { externalId: '   ' }],
  ])('answers 400 "externalId is required" when externalId is %s', async (_, fields) => {
    const { body } = await withClick(fields);
    const response = await sandbox.track(body);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 'bad_request', message: 'externalId is required' },
    });
  });

  it('checks the field rules before the required fields', async () => {
    const { body } = await withClick({ externalId: undefined, customerEmail: 'nope' });
    expect((await sandbox.track(body)).status).toBe(422);
  });
});

describe('POST /track/lead: click and de-duplication', () => {
  it('answers 404 not_found for an unknown click, naming it', async () => {
    const { body } = await withClick({ clickId: 'cl_doesNotExist00' });
    const response = await sandbox.track(body);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { code: 'not_found', message: expect.stringContaining('cl_doesNotExist00') },
    });
  });

  it.each(['Sign up', 'sign up', 'SIGN UP', 'sign-up', ' Sign up '])(
    'answers 409 conflict for a repeat of "Sign up" as %j, and records nothing',
    async (repeat) => {
      const { body } = await withClick();
      expect((await sandbox.track(body)).status).toBe(200);
      const response = await sandbox.track({ ...body, eventName: repeat });
      expect(response.status).toBe(409);
      expect(await response.json()).toEqual({
        error: {
          code: 'conflict',
          message: `Customer with externalId user_1 and event name ${repeat.trim()} has already been recorded.`,
        },
      });
      expect(sandbox.leads()).toHaveLength(1);
    },
  );

  it('de-duplicates across clicks, and keeps other externalIds and event names apart', async () => {
    const { body } = await withClick();
    const otherClick = await sandbox.click();
    const statuses = [];
    for (const fields of [
      {},
      { clickId: otherClick },
      { externalId: 'user_2' },
      { eventName: 'Demo request' },
    ]) {
      statuses.push((await sandbox.track({ ...body, ...fields })).status);
    }
    expect(statuses).toEqual([200, 409, 200, 200]);
  });

  it('records one lead when the same lead arrives many times at once', async () => {
    const { body } = await withClick();
    const responses = await Promise.all(Array.from({ length: 20 }, () => sandbox.track(body)));
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses).toEqual([200, ...Array(19).fill(409)]);
    expect(sandbox.leads()).toHaveLength(1);
  });

  it.each([
    ['Sign up', 'sign-up'],
    ['Free Trial Registration', 'free-trial-registration'],
    ['already-kebab', 'already-kebab'],
  ])('compares event name %j as %j', (name, key) => {
    expect(eventKey(name)).toBe(key);
  });
});

describe('POST /track/lead: success', () => {
  it('answers 200 with the click and the customer, and stores the lead as sent (trimmed)', async () => {
    const { clickId, body } = await withClick({
      eventName: ' Sign up ',
      externalId: ' user_1 ',
      customerName: 'Ada Lovelace',
      customerEmail: 'ada@example.com',
      customerAvatar: 'https://cdn.test/ada.png',
      metadata: { plan: 'pro', seats: 3 },
    });
    const response = await sandbox.track(body);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('application/json');
    expect(await response.json()).toEqual({
      click: { id: clickId },
      customer: {
        name: 'Ada Lovelace',
        email: 'ada@example.com',
        avatar: 'https://cdn.test/ada.png',
        externalId: 'user_1',
      },
    });
    expect(sandbox.leads()).toEqual([
      {
        id: expect.stringMatching(/^ld_[\w-]{16}$/),
        clickId,
        linkKey: 'demo',
        eventName: 'Sign up',
        externalId: 'user_1',
        customerName: 'Ada Lovelace',
        customerEmail: 'ada@example.com',
        customerAvatar: 'https://cdn.test/ada.png',
        metadata: { plan: 'pro', seats: 3 },
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      },
    ]);
  });

  it('answers null for the customer fields that were not sent', async () => {
    const { clickId, body } = await withClick();
    expect(await (await sandbox.track(body)).json()).toEqual({
      click: { id: clickId },
      customer: { name: null, email: null, avatar: null, externalId: 'user_1' },
    });
  });

  it('strips unknown keys, and accepts and ignores mode and eventQuantity', async () => {
    const { body } = await withClick({
      mode: 'wait',
      eventQuantity: 2,
      eventId: 'evt_1',
      password: 'hunter2',
    });
    // JSON.parse makes "__proto__" an own key; it must be stripped like any other.
    const response = await sandbox.track(
      JSON.stringify(body).replace('{', '{"__proto__":{"polluted":true},'),
    );
    expect(response.status).toBe(200);
    const [lead] = sandbox.leads();
    expect(JSON.stringify(lead)).not.toMatch(/hunter2|evt_1|polluted|wait/);
    expect(Object.keys(lead!).sort()).toEqual([
      'clickId',
      'createdAt',
      'customerAvatar',
      'customerEmail',
      'customerName',
      'eventName',
      'externalId',
      'id',
      'linkKey',
      'metadata',
    ]);
  });
});
