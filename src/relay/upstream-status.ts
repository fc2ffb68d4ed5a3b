/**
 * The relay's status policy: what each answer of PIMMS' `POST /track/lead` becomes, retryable or
 * final (`/work/shared/PIMMS-API.md` lists what PIMMS answers, and in which order it checks).
 */
import { failure, type RelayOutcome } from './answers.ts';
import {
  CONFIG_RETRY_AFTER,
  MAX_RATE_LIMIT_WAIT,
  OUTAGE_RETRY_AFTER,
  parseRetryAfter,
  RATE_LIMIT_RETRY_AFTER,
} from './retry-after.ts';
import type { UpstreamError } from './sdk-error.ts';

// Codes PIMMS uses per status, for an error body that carries none.
const DEFAULT_CODES: Record<number, string> = Object.assign(Object.create(null), {
  400: 'bad_request',
  404: 'not_found',
  422: 'unprocessable_entity',
});

// PIMMS' 400 for an Authorization header without "Bearer ": the relay's configuration, not the lead.
const MISCONFIGURED_AUTH = /^Misconfigured authorization header/i;

/**
 * Maps a non-2xx upstream status to the relay's answer, status by status as PIMMS sends them.
 *
 * - 400 "Misconfigured authorization header": 502 `upstream_auth`, retryable (the key as set on the
 *   relay is not usable; the lead is fine).
 * - 400 otherwise (body not a JSON object, `externalId is required`): 400, final.
 * - 401 (missing or unknown key), 403 (key without the lead-write permission): 502
 *   `upstream_auth`, **retryable**: dropping the lead for good because the site operator
 *   misconfigured the key would lose it; once the key is fixed, kept leads go through. Wait:
 *   `Retry-After`, else 60 s.
 * - 404 (`Click event not found for clickId: …`): 404 `not_found`, final. A retry could not help
 *   anyway: PIMMS takes its de-dup key before the click lookup, so a retry would get a silent 200.
 * - 408: 504 `upstream_timeout`, retryable.
 * - 422 (a field breaks PIMMS' schema; the relay's own rules should have caught it): 422, final,
 *   with PIMMS' `code: path: message`.
 * - 429: 429 `rate_limit_exceeded`, retryable, waiting until PIMMS' reset (its `Retry-After`, a
 *   Unix time in ms, read by {@link parseRetryAfter}), at most {@link MAX_RATE_LIMIT_WAIT} s, 30 s
 *   when absent.
 * - Other 4xx (409, 410, ...: PIMMS does not send them on this route; a proxy might): same status,
 *   final, with the code and message of the body.
 * - 5xx: 502 `upstream_unavailable`, retryable, waiting `Retry-After` but at least 10 s (PIMMS'
 *   `Retry-After` is its rate limiter's reset, not an outage estimate).
 * - Anything else (an unfollowed 3xx, ...): 502 `upstream_error`, retryable.
 *
 * A repeat of a lead is not here: PIMMS answers it 200, never 409.
 *
 * @param status - The upstream HTTP status.
 * @param upstream - The code and message of the upstream error body.
 * @param retryAfter - The upstream `Retry-After` header, or null.
 * @param scrub - Removes the API key from upstream text.
 * @param now - The current time in ms, for tests.
 * @returns The outcome.
 * @example
 * mapUpstreamStatus(429, {}, '5', (t) => t) // 429 rate_limit_exceeded, retryAfter 5
 */
export function mapUpstreamStatus(
  status: number,
  upstream: UpstreamError,
  retryAfter: string | null,
  scrub: (text: string) => string,
  now = Date.now(),
): RelayOutcome {
  const wait = parseRetryAfter(retryAfter, now);
  if (
    status == 401 ||
    status == 403 ||
    (status == 400 && MISCONFIGURED_AUTH.test(upstream.message ?? ''))
  ) {
    return failure(
      502,
      'upstream_auth',
      `PIMMS refused the relay's PIMMS_API_KEY (${status}): the site's key is missing a permission, wrong or revoked; the lead is kept for a retry`,
      wait || CONFIG_RETRY_AFTER,
    );
  }
  if (status == 408) {
    return failure(
      504,
      'upstream_timeout',
      'PIMMS timed out; retry later',
      wait || OUTAGE_RETRY_AFTER,
    );
  }
  if (status == 429) {
    return failure(
      429,
      'rate_limit_exceeded',
      scrub(upstream.message || 'PIMMS is rate limiting this site; retry later'),
      wait === undefined
        ? RATE_LIMIT_RETRY_AFTER
        : Math.min(Math.max(wait, 1), MAX_RATE_LIMIT_WAIT),
    );
  }
  if (status >= 400 && status < 500) {
    return failure(
      status,
      upstream.code || DEFAULT_CODES[status] || 'bad_request',
      scrub(upstream.message || `PIMMS refused the lead (${status})`),
      undefined,
      false,
    );
  }
  if (status >= 500 && status < 600) {
    return failure(
      502,
      'upstream_unavailable',
      `PIMMS is unavailable (${status}); retry later`,
      Math.max(wait ?? 0, OUTAGE_RETRY_AFTER),
    );
  }
  return failure(
    502,
    'upstream_error',
    `PIMMS answered an unexpected ${status}; retry later`,
    OUTAGE_RETRY_AFTER,
  );
}
