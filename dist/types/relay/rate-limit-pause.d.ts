/** The pause of one relay: when each key may call PIMMS again, and the slots of held leads. */
export interface RateLimitPause {
    /**
     * Decides whether a lead may call PIMMS now. A lead held earlier that comes back at its slot
     * may; a new lead may when no held lead is due before it.
     *
     * @param key - The API key (the limit is PIMMS' per key).
     * @param eventId - The lead's eventId, which keeps its slot across retries; without one, the
     *   lead is told the next free slot but keeps none.
     * @returns 0 when it may call now; otherwise the whole seconds it should wait (at least 1).
     */
    admit(key: string, eventId?: string): number;
    /**
     * Starts (or lengthens) the pause of a key after PIMMS answered 429.
     *
     * @param key - The API key.
     * @param seconds - PIMMS' `Retry-After`, read as seconds from now.
     * @param perMinute - PIMMS' `X-RateLimit-Limit`, when it sent one: held leads are let back in
     *   at this pace from the reset.
     */
    pause(key: string, seconds: number, perMinute?: number): void;
}
/**
 * Makes the pause of a relay. Keyed by API key, since the limit is PIMMS' per key (a relay reads
 * its key on each request, and a changed key starts unpaused).
 *
 * @param now - The clock in ms, for tests. Default `Date.now`.
 * @param random - A number in [0, 1) for the jitter, for tests. Default `Math.random`.
 * @returns The pause.
 * @example
 * const pause = createRateLimitPause();
 * pause.pause(key, 42, 600);
 * pause.admit(key, 'ev_1') // 42: the first slot after the reset
 * pause.admit(key, 'ev_2') // 43 (42.1 s, rounded up)
 */
export declare function createRateLimitPause(now?: () => number, random?: () => number): RateLimitPause;
