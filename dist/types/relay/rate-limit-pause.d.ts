/** What a PIMMS answer says of its rate limit window. */
export interface RateLimitFigures {
    /** Calls left in the window (`X-RateLimit-Remaining`). */
    remaining: number;
    /** Seconds until the window resets (`Retry-After`, PIMMS' reset). */
    seconds: number;
    /** Calls a minute (`X-RateLimit-Limit`), when sent. */
    perMinute?: number;
}
/** The pause of one relay: when each key may call PIMMS again, and the slots of held leads. */
export interface RateLimitPause {
    /**
     * Decides whether a lead may call PIMMS now. A lead held earlier that comes back at its slot
     * may; a new lead may when no held lead is due before it and PIMMS' window has room. A lead
     * that may is counted as a call in flight until {@link RateLimitPause.settle}.
     *
     * @param key - The API key (the limit is PIMMS' per key).
     * @param eventId - The lead's eventId, which keeps its slot across retries; without one, the
     *   lead is told the next free slot but keeps none.
     * @returns 0 when it may call now; otherwise the whole seconds it should wait (at least 1).
     */
    admit(key: string, eventId?: string): number;
    /**
     * Ends a call that {@link RateLimitPause.admit} let through, with what PIMMS' answer said of
     * its window (nothing when there was no answer or it said nothing).
     */
    settle(key: string, figures?: RateLimitFigures): void;
    /**
     * Starts (or lengthens) the pause of a key after PIMMS answered 429, and gives the refused lead
     * its slot.
     *
     * @param key - The API key.
     * @param seconds - PIMMS' `Retry-After`, read as seconds from now.
     * @param perMinute - PIMMS' `X-RateLimit-Limit`, when it sent one: held leads are let back in
     *   at this pace from the reset.
     * @param eventId - The refused lead's eventId.
     * @returns The seconds that lead should wait (at least 1).
     */
    pause(key: string, seconds: number, perMinute?: number, eventId?: string): number;
}
/**
 * Reads what a PIMMS answer says of its rate limit window.
 *
 * @param headers - The answer's headers.
 * @param now - The clock in ms, for tests.
 * @returns The figures, or undefined when the answer lacks `X-RateLimit-Remaining` or a
 *   readable `Retry-After`.
 * @example
 * rateLimitFigures(new Headers({ 'X-RateLimit-Remaining': '0', 'X-RateLimit-Limit': '600',
 *   'Retry-After': String(Date.now() + 30_000) })) // { remaining: 0, seconds: 30, perMinute: 600 }
 */
export declare function rateLimitFigures(headers: Headers, now?: number): RateLimitFigures | undefined;
/**
 * Makes the pause of a relay. Keyed by API key, since the limit is PIMMS' per key (a relay reads
 * its key on each request, and a changed key starts unpaused).
 *
 * @param now - The clock in ms, for tests. Default `Date.now`.
 * @param random - A number in [0, 1) for the jitter, for tests. Default `Math.random`.
 * @returns The pause.
 * @example
 * const pause = createRateLimitPause();
 * pause.pause(key, 42, 600, 'ev_1') // 42: the first slot after the reset
 * pause.admit(key, 'ev_2') // 43 (42.1 s, rounded up)
 */
export declare function createRateLimitPause(now?: () => number, random?: () => number): RateLimitPause;
