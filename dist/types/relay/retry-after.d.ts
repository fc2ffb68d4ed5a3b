/**
 * How long a client should wait before retrying: the defaults per kind of failure, PIMMS'
 * `Retry-After` read in every form it comes in, and the jitter that keeps retries out of step.
 */
/** Seconds to wait before retrying when PIMMS rate limits and does not say how long. */
export declare const RATE_LIMIT_RETRY_AFTER = 30;
/** Seconds to wait before retrying after an outage, a timeout or an unreachable API. */
export declare const OUTAGE_RETRY_AFTER = 10;
/** Seconds to wait before retrying a configuration problem (missing or refused key). */
export declare const CONFIG_RETRY_AFTER = 60;
/** The longest wait the relay passes on, in seconds: a day. */
export declare const MAX_RETRY_AFTER = 86400;
/**
 * The longest wait after a 429, in seconds. PIMMS limits per minute (a sliding window), so its
 * reset is at most 60 s away; a later one means clocks that disagree, and holding every lead of
 * the site longer than this would cost more than a few early retries.
 */
export declare const MAX_RATE_LIMIT_WAIT = 120;
/**
 * Reads a `Retry-After` header as whole seconds from now, whichever form it takes:
 * delta-seconds (`120`, RFC 9110), an HTTP date (`Wed, 21 Oct 2026 07:28:00 GMT`), or an absolute
 * Unix time in seconds (`1764612345`) or in milliseconds (`1764612345678`, what PIMMS sends: its
 * rate limiter's reset, on every answer of `/track/lead`).
 *
 * @param value - The header value, or null.
 * @param now - The current time in ms, for tests.
 * @returns Seconds in [0, {@link MAX_RETRY_AFTER}], rounded up; a time in the past is 0;
 *   `undefined` when absent or unreadable.
 * @example
 * parseRetryAfter('120') // 120
 * parseRetryAfter(String(Date.now() + 42_000)) // 42
 */
export declare function parseRetryAfter(value: string | null, now?: number): number | undefined;
/**
 * Adds a little random delay to a wait, so that the clients told to wait do not all come back in
 * the same second: up to a tenth of the wait more, at least up to 1 s.
 *
 * @param seconds - The wait.
 * @param random - A number in [0, 1), for tests. Default `Math.random()`.
 * @returns Whole seconds in [seconds, seconds + max(1, ceil(seconds / 10))].
 * @example
 * withJitter(30) // 30, 31, 32 or 33
 */
export declare function withJitter(seconds: number, random?: number): number;
