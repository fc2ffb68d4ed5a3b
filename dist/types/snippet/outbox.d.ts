/**
 * The outbox: every lead is written here before it is sent, and leaves only when the endpoint
 * confirmed it or refused it for good. One item per lead (`pimms_ob_<eventId>`), so that two tabs
 * adding leads never overwrite each other's. The entries' short keys are this file's business:
 * other parts go through the {@link Outbox} methods.
 */
import type { LeadBody } from '../shared/lead.ts';
import type { Debug } from './log.ts';
import type { PageStorage } from './storage.ts';
/** One lead waiting in the outbox. Short names: they are stored as JSON in the site's localStorage. */
export interface OutboxEntry {
    /** The body as sent, with its `eventId`. */
    b: LeadBody;
    /** When the lead was made, in ms since the epoch. */
    t: number;
    /** How many times it was sent so far. */
    n: number;
    /**
     * Not to be sent again before this time (ms): a send still in flight, or the endpoint's
     * Retry-After. Absent (due) until the lead is first sent.
     */
    at?: number;
    /** Held until consent is given (set only while consent is pending). */
    h?: 1;
}
/** A lead older than this is dropped unsent: 7 days. */
export declare const MAX_AGE_MS: number;
/** At most this many leads wait in the outbox. */
export declare const MAX_ENTRIES = 20;
/** At most this many characters of JSON in all (about 64 KB of storage in UTF-16). */
export declare const MAX_CHARS = 32768;
/** The outbox of one page; see {@link createOutbox}. */
export interface Outbox {
    /**
     * Writes (or rewrites) a lead into the outbox.
     *
     * @param entry - The lead and its delivery state.
     */
    putEntry(entry: OutboxEntry): void;
    /**
     * Removes a lead from the outbox.
     *
     * @param eventId - The lead's `eventId`.
     */
    dropEntry(eventId: string): void;
    /**
     * The leads in the outbox, oldest first, after dropping (and reporting in debug mode) what is
     * unreadable, older than {@link MAX_AGE_MS}, or beyond {@link MAX_ENTRIES} or
     * {@link MAX_CHARS}, oldest first.
     *
     * @param now - The current time in ms; defaults to `Date.now()`.
     */
    readOutbox(now?: number): OutboxEntry[];
    /**
     * Writes a lead held until consent is given.
     *
     * @param entry - The lead, never sent yet.
     */
    holdEntry(entry: OutboxEntry): void;
    /**
     * Settles the held leads once consent is known, in one pass over the outbox: given, they are
     * released for sending (with `externalId` filled where the caller left it out); refused, every
     * lead queued goes, held or not, so that no retry sends it later.
     *
     * @param granted - The visitor's answer.
     * @param externalId - The anonymous visitor id, for a released lead that has none.
     * @returns The newest held lead's click id, if any (as {@link Outbox.heldClickId} reads it).
     */
    settleHeld(granted: boolean, externalId: () => string): string | undefined;
    /** The newest held lead's click id: the one to use while consent is pending. */
    heldClickId(): string | undefined;
}
/**
 * Makes the outbox of one page over its storage.
 *
 * @param storage - The page's storage (localStorage, memory where refused).
 * @param debug - Where debug mode explains what it drops (debug build only).
 * @returns The outbox.
 * @example
 * const outbox = createOutbox(createStorage());
 * outbox.putEntry({ b: body, t: Date.now(), n: 0 });
 */
export declare function createOutbox(storage: PageStorage, debug?: Debug): Outbox;
