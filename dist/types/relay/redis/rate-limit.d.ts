/**
 * BullMQ's rate limiter for PIMMS' own: PIMMS allows N requests a minute per key over a sliding
 * window; BullMQ counts jobs in fixed windows. This picks the fixed windows that never exceed N in
 * any sliding minute.
 */
/** PIMMS' limit on `POST /track/lead`: requests per minute per key. */
export declare const PIMMS_RATE_LIMIT_PER_MINUTE = 600;
/** A BullMQ `limiter`: at most `max` jobs started per `duration` ms. */
export interface QueueLimiter {
    max: number;
    duration: number;
}
/**
 * The BullMQ limiter that keeps a queue under `perMinute` requests in every sliding minute.
 *
 * Fixed windows of `d` ms holding `m` jobs each: a sliding minute overlaps at most
 * `60000 / d + 1` of them, so `m * (60000 / d + 1) <= perMinute` is the bound. About one window a
 * second (`m = perMinute / 60`) keeps the pace smooth; the `+ 1` costs one window a minute, e.g.
 * 590 a minute for PIMMS' 600 (the drain takes 1.7% longer than the ideal, and meets no 429).
 *
 * @param perMinute - The upstream limit, requests per minute (at least 2). Default 600.
 * @returns `{ max, duration }` for `new Worker(..., { limiter })`.
 * @example
 * limiterFor(600) // { max: 10, duration: 1017 }
 */
export declare function limiterFor(perMinute?: number): QueueLimiter;
