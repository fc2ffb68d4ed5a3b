/**
 * The outbox: every lead is written here before it is sent, and leaves only when the endpoint
 * confirmed it or refused it for good. One item per lead (`pimms_ob_<eventId>`), so that two tabs
 * adding leads never overwrite each other's.
 */
import type { LeadBody } from '../shared/lead.ts';
/** One lead waiting in the outbox. Short names: they are stored as JSON in the site's localStorage. */
export interface OutboxEntry {
    /** The body as sent, with its `eventId`. */
    b: LeadBody;
    /** When the lead was made, in ms since the epoch. */
    t: number;
    /** How many times it was sent so far. */
    n: number;
    /** Not to be sent again before this time (ms): a send still in flight, or the endpoint's Retry-After. */
    at: number;
    /** Held until consent is given (set only while consent is pending). */
    h?: 1;
}
/** A lead older than this is dropped unsent: 7 days. */
export declare const MAX_AGE_MS: number;
/** At most this many leads wait in the outbox. */
export declare const MAX_ENTRIES = 20;
/** At most this many characters of JSON in all (about 64 KB of storage in UTF-16). */
export declare const MAX_CHARS = 32768;
/**
 * Writes (or rewrites) a lead into the outbox.
 *
 * @param entry - The lead and its delivery state.
 * @example
 * putEntry({ b: body, t: Date.now(), n: 0, at: 0 })
 */
export declare function putEntry(entry: OutboxEntry): void;
/**
 * Removes a lead from the outbox.
 *
 * @param eventId - The lead's `eventId`.
 * @example
 * dropEntry(body.eventId)
 */
export declare function dropEntry(eventId: string): void;
/**
 * The leads in the outbox, oldest first, after dropping (and reporting in debug mode) what is
 * unreadable, older than {@link MAX_AGE_MS}, or beyond {@link MAX_ENTRIES} or {@link MAX_CHARS},
 * oldest first.
 *
 * @param now - The current time in ms; defaults to `Date.now()`.
 * @returns The entries kept.
 * @example
 * readOutbox().filter((entry) => entry.at <= Date.now())
 */
export declare function readOutbox(now?: number): OutboxEntry[];
