import { describe, expect, it } from 'vitest';
import { mapUpstreamStatus } from './upstream-status.ts';

const same = (text: string) => text;

describe('mapUpstreamStatus', () => {
  it.each([
    // status, upstream code, Retry-After → relay status, code, retryable, retryAfter
    [400, 'bad_request', null, 400, 'bad_request', false, undefined],
    [404, 'not_found', null, 404, 'not_found', false, undefined],
    [409, 'conflict', null, 409, 'conflict', false, undefined],
    [410, 'invite_expired', null, 410, 'invite_expired', false, undefined],
    [422, 'unprocessable_entity', null, 422, 'unprocessable_entity', false, undefined],
    [418, undefined, null, 418, 'bad_request', false, undefined],
    [401, 'unauthorized', null, 502, 'upstream_auth', true, 60],
    [403, 'forbidden', '5', 502, 'upstream_auth', true, 5],
    [408, undefined, null, 504, 'upstream_timeout', true, 10],
    [429, 'rate_limit_exceeded', null, 429, 'rate_limit_exceeded', true, 30],
    [429, 'rate_limit_exceeded', '3', 429, 'rate_limit_exceeded', true, 3],
    [500, 'internal_server_error', null, 502, 'upstream_unavailable', true, 10],
    [503, undefined, '60', 502, 'upstream_unavailable', true, 60],
    [302, undefined, null, 502, 'upstream_error', true, 10],
  ] as const)(
    'maps %i %s (Retry-After %s) to %i %s',
    (status, code, retryAfter, relayStatus, relayCode, retryable, wait) => {
      const outcome = mapUpstreamStatus(status, { code, message: 'why' }, retryAfter, same);
      expect(outcome.status).toBe(relayStatus);
      expect(outcome.body).toMatchObject({ error: { code: relayCode, retryable } });
      expect('error' in outcome.body && outcome.body.error.retryAfter).toBe(wait ?? undefined);
    },
  );

  it('passes the upstream message of a final 4xx through, scrubbed', () => {
    const outcome = mapUpstreamStatus(
      404,
      { code: 'not_found', message: 'Click cl_1 not found for sk_1' },
      null,
      (t: string) => t.replace('sk_1', '[redacted]'),
    );
    expect(outcome.body).toEqual({
      error: {
        code: 'not_found',
        message: 'Click cl_1 not found for [redacted]',
        retryable: false,
      },
    });
  });

  it('says the relay’s key was refused on 401, not what upstream said', () => {
    const outcome = mapUpstreamStatus(
      401,
      { code: 'unauthorized', message: 'Invalid API key: sk_live_x' },
      null,
      same,
    );
    expect('error' in outcome.body && outcome.body.error.message).toMatch(
      /^PIMMS refused the relay's PIMMS_API_KEY \(401\)/,
    );
  });
});

describe('mapUpstreamStatus, every status PIMMS sends on POST /track/lead', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');
  // PIMMS sends Retry-After on every answer: its rate limiter's reset, a Unix time in ms.
  const reset = (seconds: number) => String(now + seconds * 1000);
  it.each([
    // status, code, message, Retry-After → relay status, code, retryable, retryAfter
    [
      400,
      'bad_request',
      "Misconfigured authorization header. Did you forget to add 'Bearer '?",
      reset(40),
      502,
      'upstream_auth',
      true,
      40,
    ],
    [
      400,
      'bad_request',
      'Invalid JSON format in request body.',
      reset(40),
      400,
      'bad_request',
      false,
      undefined,
    ],
    [400, 'bad_request', 'externalId is required', reset(40), 400, 'bad_request', false, undefined],
    [
      401,
      'unauthorized',
      'Missing Authorization header.',
      reset(40),
      502,
      'upstream_auth',
      true,
      40,
    ],
    [
      401,
      'unauthorized',
      'Unauthorized: Invalid API key.',
      reset(-5),
      502,
      'upstream_auth',
      true,
      60,
    ],
    [403, 'forbidden', 'no permission', reset(40), 502, 'upstream_auth', true, 40],
    [
      404,
      'not_found',
      'Click event not found for clickId: x',
      reset(40),
      404,
      'not_found',
      false,
      undefined,
    ],
    [
      422,
      'unprocessable_entity',
      'too_big: eventName: String must contain at most 255 character(s)',
      reset(40),
      422,
      'unprocessable_entity',
      false,
      undefined,
    ],
    [
      429,
      'rate_limit_exceeded',
      'Too many requests.',
      reset(42),
      429,
      'rate_limit_exceeded',
      true,
      42,
    ],
    [
      429,
      'rate_limit_exceeded',
      'Too many requests.',
      reset(-1),
      429,
      'rate_limit_exceeded',
      true,
      1,
    ],
    [
      429,
      'rate_limit_exceeded',
      'Too many requests.',
      reset(3600),
      429,
      'rate_limit_exceeded',
      true,
      120,
    ],
    [500, 'internal_server_error', 'boom', reset(3), 502, 'upstream_unavailable', true, 10],
    [503, 'internal_server_error', 'boom', reset(45), 502, 'upstream_unavailable', true, 45],
  ] as const)(
    '%i %s "%s" (Retry-After %s) → %i %s',
    (status, code, message, retryAfter, relayStatus, relayCode, retryable, wait) => {
      const outcome = mapUpstreamStatus(status, { code, message }, retryAfter, same, now);
      expect(outcome.status).toBe(relayStatus);
      expect(outcome.body).toMatchObject({ error: { code: relayCode, retryable } });
      expect('error' in outcome.body && outcome.body.error.retryAfter).toBe(wait ?? undefined);
    },
  );
});
