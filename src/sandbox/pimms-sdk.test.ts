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
afterEach(() => sandbox?.close());

function sdk(token = API_KEY) {
  return new Pimms({
    token,
    serverURL: ORIGIN,
    httpClient: new HTTPClient({
      fetcher: (input, init) => sandbox.handler(new Request(input, init)),
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
      customer: { name: null, email: 'ada@example.com', avatar: null, externalId: 'u1' },
    });
  });

  it.each<[string, string, Record<string, unknown>, new (...args: never[]) => Error, string]>([
    ['a wrong key', 'pimms_wrong', {}, errors.Unauthorized, 'unauthorized'],
    // The SDK sends `externalId: ""` when none is given.
    ['no externalId', API_KEY, { externalId: undefined }, errors.BadRequest, 'bad_request'],
    ['an unknown click', API_KEY, { clickId: 'cl_unknown' }, errors.NotFound, 'not_found'],
    ['a repeat', API_KEY, { eventName: 'sign up' }, errors.Conflict, 'conflict'],
    [
      'a too-long eventName',
      API_KEY,
      { eventName: 'e'.repeat(256) },
      errors.UnprocessableEntity,
      'unprocessable_entity',
    ],
  ])('reports %s as the SDK error for its status', async (_, token, fields, ErrorClass, code) => {
    sandbox = startSandbox();
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
