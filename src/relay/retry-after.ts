/**
 * How long a client should wait before retrying: the defaults per kind of failure, PIMMS'
 * `Retry-After` read in every form it comes in, and the jitter that keeps retries out of step.
 */

/** Seconds to wait before retrying when PIMMS rate limits and does not say how long. */
export const RATE_LIMIT_RETRY_AFTER = 30;
/** Seconds to wait before retrying after an outage, a timeout or an unreachable API. */
export const OUTAGE_RETRY_AFTER = 10;
/** Seconds to wait before retrying a configuration problem (missing or refused key). */
export const CONFIG_RETRY_AFTER = 60;
/** The longest wait the relay passes on, in seconds: a day. */
export const MAX_RETRY_AFTER = 86_400;
/**
 * The longest wait after a 429, in seconds. PIMMS limits per minute (a sliding window), so its
 * reset is at most 60 s away; a later one means clocks that disagree, and holding every lead of
 * the site longer than this would cost more than a few early retries.
 */
export const MAX_RATE_LIMIT_WAIT = 120;

// Below this a bare number is delta-seconds (1e9 s is 31 years: no server means that as a delay);
// from it up to MS_FROM a Unix time in seconds; from MS_FROM a Unix time in milliseconds (1e11 ms
// is 1973, 1e11 s the year 5138).
const UNIX_SECONDS_FROM = 1e9;
const UNIX_MS_FROM = 1e11;

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
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  let seconds: number;
  if (/^\d+(\.\d+)?$/.test(text)) {
    const number = Number(text);
    seconds =
      number >= UNIX_MS_FROM
        ? (number - now) / 1000
        : number >= UNIX_SECONDS_FROM
          ? number - now / 1000
          : number;
  } else {
    // Only a date with letters (a day or month name): Date.parse also takes "2026" or "1-2".
    seconds = /[a-z]/i.test(text) ? (Date.parse(text) - now) / 1000 : NaN;
  }
  return Number.isNaN(seconds)
    ? undefined
    : Math.min(Math.max(Math.ceil(seconds), 0), MAX_RETRY_AFTER);
}

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
export function withJitter(seconds: number, random = Math.random()): number {
  return seconds + Math.floor(random * (Math.max(1, Math.ceil(seconds / 10)) + 1));
}
