/**
 * While PIMMS rate-limits the relay's key, the relay spends no more calls on it: PIMMS counts
 * every request in its window, refused ones too, so each call made while limited only pushes the
 * reset further away.
 */

/** The pause of one relay: until when each key is rate-limited. */
export interface RateLimitPause {
  /** Seconds left (rounded up) until the key may call PIMMS again; 0 when it may now. */
  remaining(key: string): number;
  /** Starts (or lengthens) the pause of a key after PIMMS answered 429. */
  pause(key: string, seconds: number): void;
}

/**
 * Makes the pause of a relay. Keyed by API key, since the limit is PIMMS' per key (a relay reads
 * its key on each request, and a changed key starts unpaused).
 *
 * @param now - The clock in ms, for tests. Default `Date.now`.
 * @returns The pause.
 * @example
 * const pause = createRateLimitPause();
 * pause.pause(key, 42);
 * pause.remaining(key) // 42
 */
export function createRateLimitPause(now: () => number = Date.now): RateLimitPause {
  const until = new Map<string, number>();
  return {
    remaining(key) {
      const end = until.get(key);
      if (end === undefined) return 0;
      const left = Math.ceil((end - now()) / 1000);
      if (left > 0) return left;
      until.delete(key);
      return 0;
    },
    pause(key, seconds) {
      const end = now() + seconds * 1000;
      if (end > (until.get(key) ?? 0)) until.set(key, end);
    },
  };
}
