import { describe, expect, it } from 'vitest';
import { mapUpstreamStatus, parseRetryAfter } from './forward-lead.ts';

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
      (t) => t.replace('sk_1', '[redacted]'),
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

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it.each([
    [null, undefined],
    ['', undefined],
    ['soon', undefined],
    ['0', 0],
    [' 42 ', 42],
    ['999999', 86_400],
    ['Wed, 01 Jan 2025 00:01:30 GMT', 90],
    ['Tue, 31 Dec 2024 23:00:00 GMT', 0],
  ])('reads %j as %j', (value, seconds) => {
    expect(parseRetryAfter(value, now)).toBe(seconds);
  });
});
