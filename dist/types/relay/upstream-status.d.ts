/**
 * The relay's status policy: what each answer of PIMMS' `POST /track/lead` becomes, retryable or
 * final (`/work/shared/PIMMS-API.md` lists what PIMMS answers, and in which order it checks).
 */
import { type RelayOutcome } from './answers.ts';
import type { UpstreamError } from './sdk-error.ts';
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
export declare function mapUpstreamStatus(status: number, upstream: UpstreamError, retryAfter: string | null, scrub: (text: string) => string, now?: number): RelayOutcome;
