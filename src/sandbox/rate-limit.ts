/**
 * PIMMS' per-key rate limit: a sliding window of one minute, counted the way its limiter (Upstash
 * Ratelimit's `slidingWindow`) counts: the current fixed minute in full plus the previous one
 * weighted by how much of it the sliding window still covers. Refused requests are not counted.
 */

/** Default of `createSandbox({ rateLimit })`: PIMMS' 600 requests a minute per key. */
export const DEFAULT_RATE_LIMIT = 600;
/** The window, in ms. */
export const WINDOW_MS = 60_000;

/** What one {@link RateLimiter} call decided, with the figures PIMMS sends as headers. */
export interface RateLimitResult {
  /** True when the request may go on; false answers 429. */
  success: boolean;
  /** Requests a minute allowed (`X-RateLimit-Limit`). */
  limit: number;
  /** Requests left in the window after this one (`X-RateLimit-Remaining`), never negative. */
  remaining: number;
  /** When the current fixed window ends, as a Unix time in ms (`X-RateLimit-Reset` and `Retry-After`). */
  reset: number;
}

/** Counts one request for a key and decides. Made by {@link createRateLimiter}. */
export type RateLimiter = (key: string, now?: number) => RateLimitResult;

/**
 * Makes a per-key sliding-window limiter.
 *
 * @param limit - Requests per window per key, a positive integer; `Infinity` never refuses (for
 *   throughput benchmarks; the headers then read `Infinity`).
 * @param windowMs - The window, PIMMS' minute by default. Shorter only in tests, so that waiting
 *   for a reset takes seconds.
 * @returns The limiter; its state lives in memory, per sandbox.
 * @throws TypeError for a limit that is not a positive integer or `Infinity`.
 * @example
 * const limit = createRateLimiter(600);
 * limit('pimms_key') // { success: true, limit: 600, remaining: 599, reset: 1764612360000 }
 */
export function createRateLimiter(limit: number, windowMs = WINDOW_MS): RateLimiter {
  if (limit !== Infinity && !(Number.isInteger(limit) && limit > 0))
    throw new TypeError(
      `[pimms] sandbox: rateLimit must be a positive whole number of requests a minute, or Infinity, not ${limit}`,
    );
  if (!(Number.isInteger(windowMs) && windowMs > 0))
    throw new TypeError(
      `[pimms] sandbox: rateLimitWindowMs must be a positive whole number of ms, not ${windowMs}`,
    );
  // key -> the fixed window it was last counted in and the counts of that window and the one before.
  const counts = new Map<string, { window: number; current: number; previous: number }>();
  return (key, now = Date.now()) => {
    const window = Math.floor(now / windowMs);
    const reset = (window + 1) * windowMs;
    let entry = counts.get(key);
    if (!entry || entry.window < window - 1) entry = { window, current: 0, previous: 0 };
    else if (entry.window == window - 1) entry = { window, current: 0, previous: entry.current };
    counts.set(key, entry);
    // The share of the previous fixed window the sliding one still covers, rounded down as Upstash does.
    const previous = Math.floor((1 - (now % windowMs) / windowMs) * entry.previous);
    if (previous + entry.current >= limit) return { success: false, limit, remaining: 0, reset };
    entry.current++;
    return {
      success: true,
      limit,
      remaining: Math.max(0, limit - entry.current - previous),
      reset,
    };
  };
}
