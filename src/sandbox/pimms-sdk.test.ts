// The relay talks to the sandbox through the official `pimms` SDK, which parses every answer
// with its own zod schemas: a 200 of another shape, or an error code outside its enum for that
// status, surfaces as SDKValidationError instead of the API's error. So these go through the SDK.
import { Pimms } from 'pimms';
import { HTTPClient } from 'pimms/lib/http.js';
import * as errors from 'pimms/models/errors';
import { afterEach, describe, expect, it } from 'vitest';
import {
  API_KEY,
  ORIGIN,
  startSandbox,
  type TestSandbox,
} from '../../testing/unit/sandbox-fixture.ts';

let sandbox: TestSandbox;
let lastAnswer: Response | undefined;
afterEach(() => sandbox?.close());

function sdk(token = API_KEY) {
  // The SDK sends `Bearer <token>`; a read-only key is one the sandbox knows without lead-write.
  return new Pimms({
    token,
    serverURL: ORIGIN,
    httpClient: new HTTPClient({
      fetcher: async (input, init) =>
        (lastAnswer = await sandbox.handler(new Request(input, init))),
    }),
  });
}

describe('the pimms SDK against the sandbox', () => {
  it('tracks a lead and reads the answer', async () => {
    sandbox = startSandbox();
    const clickId = await sandbox.click();
    const result = await sdk().track.lead({
      clickId,
      eventName: 'Sign up',
      externalId: 'u1',
      customerEmail: 'ada@example.com',
    });
    expect(result).toEqual({
      click: { id: clickId },
      // PIMMS' name: customerName, else customerEmail, else a generated one; never null.
      customer: {
        name: 'ada@example.com',
        email: 'ada@example.com',
        avatar: null,
        externalId: 'u1',
      },
    });
  });

  it('reads a repeat as the success it is at PIMMS (no 409), and nothing more is recorded', async () => {
    sandbox = startSandbox();
    const clickId = await sandbox.click();
    await sdk().track.lead({ clickId, eventName: 'Sign up', externalId: 'u1' });
    const repeat = await sdk().track.lead({ clickId, eventName: 'sign-up', externalId: 'u1' });
    expect(repeat.click).toEqual({ id: clickId });
    expect(repeat.customer.name).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
    expect(sandbox.leads()).toHaveLength(1);
  });

  it.each<[string, string, Record<string, unknown>, new (...args: never[]) => Error, string]>([
    ['a wrong key', 'pimms_wrong', {}, errors.Unauthorized, 'unauthorized'],
    // The SDK sends `externalId: ""` when none is given.
    ['no externalId', API_KEY, { externalId: undefined }, errors.BadRequest, 'bad_request'],
    // Another externalId: the de-dup key is taken before the click lookup.
    [
      'an unknown click',
      API_KEY,
      { clickId: 'cl_unknown', externalId: 'other' },
      errors.NotFound,
      'not_found',
    ],
    ['a key without lead-write', 'pimms_read_only', {}, errors.Forbidden, 'forbidden'],
    [
      'a too-long eventName',
      API_KEY,
      { eventName: 'e'.repeat(256) },
      errors.UnprocessableEntity,
      'unprocessable_entity',
    ],
  ])('reports %s as the SDK error for its status', async (_, token, fields, ErrorClass, code) => {
    sandbox = startSandbox({ readOnlyKeys: ['pimms_read_only'] });
    const clickId = await sandbox.click();
    await sdk().track.lead({ clickId, eventName: 'Sign up', externalId: 'first' });
    const attempt = sdk(token).track.lead({
      clickId,
      eventName: 'Sign up',
      externalId: 'first',
      ...fields,
    });
    const error = await attempt.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ErrorClass);
    expect((error as { error: { code: string } }).error.code).toBe(code);
  });
});

it('reports a 429 as RateLimitExceeded, with the Retry-After PIMMS sends (a Unix time in ms)', async () => {
  sandbox = startSandbox({ rateLimit: 1 });
  const clickId = await sandbox.click();
  await sdk().track.lead({ clickId, eventName: 'Sign up', externalId: 'u1' });
  const error = await sdk()
    .track.lead({ clickId, eventName: 'Sign up', externalId: 'u2' })
    .catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(errors.RateLimitExceeded);
  expect(lastAnswer?.status).toBe(429);
  const retryAfter = Number(lastAnswer?.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(Date.now());
  expect(retryAfter).toBeLessThanOrEqual(Date.now() + 60_000);
});
