/**
 * PIMMS' rate limit, seen from the relay: no call spent on a key that PIMMS has limited, and the
 * held leads let back in at the pace PIMMS allows, not all at once.
 *
 * - **Before a 429.** Every PIMMS answer says how many calls are left in its window
 *   (`X-RateLimit-Remaining`) and when it resets (`Retry-After`). Once the calls in flight have
 *   used up what is left, the relay pauses the key itself, as if PIMMS had answered 429: in a burst
 *   the calls sent while the first refusal is on its way back would all be refused too.
 * - **The pause.** Until PIMMS' reset, no call is made for the key; the relay answers 429 itself.
 * - **The pace after it.** PIMMS' window slides: at its reset the minute that filled it still
 *   counts almost in full and frees up second by second, so held leads all retrying at the reset
 *   would mostly be refused again. When PIMMS says its limit (`X-RateLimit-Limit`, a minute), each
 *   held lead gets its own slot, one every `60 / limit` s from the reset, kept by its eventId until
 *   it comes back; new leads queue behind them. Without the limit, every held lead is told the
 *   reset, with jitter.
 */
import { MAX_RATE_LIMIT_WAIT, parseRetryAfter, withJitter } from './retry-after.ts';

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

// Slots kept per key at most: made-up eventIds must not grow the relay's memory. Past it, a new
// lead is told the next free slot without keeping one.
const MAX_SLOTS = 10_000;
// A slot not used this long after its time is given up: the visitor left, and its outbox will
// retry later as a new lead.
const SLOT_KEPT_MS = 60_000;
// PIMMS' window: a key paced but not called for this long is no longer near its limit.
const IDLE_MS = 60_000;

interface Paced {
  /** PIMMS' reset, ms. */
  until: number;
  /** Ms between two calls after the reset; 0 when PIMMS did not say its limit. */
  interval: number;
  /** The next free slot, ms. */
  next: number;
  /** eventId -> its slot, in the order given (so the oldest slots come first). */
  slots: Map<string, number>;
}

interface Window {
  /** Calls admitted and not yet settled. */
  inFlight: number;
  /** Calls left in PIMMS' window after those in flight, as its last answer said. */
  left?: number;
  /** When that window resets, ms. */
  until: number;
  perMinute?: number;
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
export function rateLimitFigures(headers: Headers, now = Date.now()): RateLimitFigures | undefined {
  const remaining = wholeNumber(headers.get('x-ratelimit-remaining'));
  const seconds = parseRetryAfter(headers.get('retry-after'), now);
  if (remaining === undefined || seconds === undefined) return undefined;
  const perMinute = wholeNumber(headers.get('x-ratelimit-limit'));
  return {
    remaining,
    seconds: Math.min(seconds, MAX_RATE_LIMIT_WAIT),
    ...(perMinute ? { perMinute } : {}),
  };
}

function wholeNumber(text: string | null): number | undefined {
  return text !== null && /^\s*\d{1,9}\s*$/.test(text) ? Number(text) : undefined;
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
 * pause.pause(key, 42, 600, 'ev_1') // 42: the first slot after the reset
 * pause.admit(key, 'ev_2') // 43 (42.1 s, rounded up)
 */
export function createRateLimitPause(
  now: () => number = Date.now,
  random: () => number = Math.random,
): RateLimitPause {
  const paced = new Map<string, Paced>();
  const windows = new Map<string, Window>();
  const secondsUntil = (time: number, at: number) => Math.max(1, Math.ceil((time - at) / 1000));

  // The wait of a lead while the key is paced (0: it may go now, and the pace moves on).
  function waitOf(key: string, entry: Paced, eventId: string | undefined, at: number): number {
    if (!entry.interval) {
      if (at < entry.until) return withJitter(secondsUntil(entry.until, at), random());
      paced.delete(key);
      return 0;
    }
    for (const [id, slot] of entry.slots) {
      if (slot > at - SLOT_KEPT_MS) break;
      entry.slots.delete(id);
    }
    const kept = eventId === undefined ? undefined : entry.slots.get(eventId);
    if (kept !== undefined) {
      if (kept > at) return secondsUntil(kept, at);
      entry.slots.delete(eventId!);
      entry.next = Math.max(entry.next, at + entry.interval);
      return 0;
    }
    const slot = Math.max(entry.until, entry.next);
    if (slot <= at) {
      if (!entry.slots.size && at - slot > IDLE_MS) paced.delete(key);
      else entry.next = at + entry.interval;
      return 0;
    }
    if (eventId !== undefined && entry.slots.size < MAX_SLOTS) {
      entry.slots.set(eventId, slot);
      entry.next = slot + entry.interval;
    }
    return secondsUntil(slot, at);
  }

  function pause(key: string, seconds: number, perMinute?: number, eventId?: string): number {
    const at = now();
    const until = at + seconds * 1000;
    const interval = perMinute ? 60_000 / perMinute : 0;
    let entry = paced.get(key);
    if (!entry) paced.set(key, (entry = { until, interval, next: until, slots: new Map() }));
    else {
      // Refused again while pacing: the held leads keep their order, from the new reset on.
      entry.until = Math.max(entry.until, until);
      entry.interval = interval || entry.interval;
      let free = entry.until;
      for (const [id, slot] of entry.slots) {
        if (slot < free) entry.slots.set(id, free);
        free = Math.max(slot, free) + entry.interval;
      }
      entry.next = Math.max(entry.next, free);
    }
    // The refused lead itself waits at least until the reset, even if its slot came round.
    return waitOf(key, entry, eventId, at) || secondsUntil(entry.until, at);
  }

  return {
    admit(key, eventId) {
      const at = now();
      const entry = paced.get(key);
      let window = windows.get(key);
      if (entry) {
        const wait = waitOf(key, entry, eventId, at);
        if (wait) return wait;
      } else if (window?.left !== undefined && window.left <= 0 && at < window.until) {
        // PIMMS' window is used up by the calls made and in flight: pause as a 429 would.
        return pause(key, (window.until - at) / 1000, window.perMinute, eventId);
      }
      if (!window) windows.set(key, (window = { inFlight: 0, until: 0 }));
      window.inFlight++;
      if (window.left !== undefined) window.left--;
      return 0;
    },
    settle(key, figures) {
      const window = windows.get(key);
      if (!window) return;
      window.inFlight--;
      if (figures) {
        window.left = figures.remaining - window.inFlight;
        window.until = now() + figures.seconds * 1000;
        window.perMinute = figures.perMinute;
      } else if (!window.inFlight && !(now() < window.until)) windows.delete(key);
    },
    pause,
  };
}
