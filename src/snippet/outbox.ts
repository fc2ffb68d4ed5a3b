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

// Bounds that keep the outbox from crowding the site's own storage; past them the oldest leads go first.
/** A lead older than this is dropped unsent: 7 days. */
export const MAX_AGE_MS = 7 * 24 * 3600e3;
/** At most this many leads wait in the outbox. */
export const MAX_ENTRIES = 20;
/** At most this many characters of JSON in all (about 64 KB of storage in UTF-16). */
export const MAX_CHARS = 32768;

const PREFIX = 'pimms_ob_';

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
export function createOutbox(storage: PageStorage, debug?: Debug): Outbox {
  const putEntry = (entry: OutboxEntry) =>
    storage.writeItem(PREFIX + entry.b.eventId, JSON.stringify(entry));
  const dropEntry = (eventId: string) => storage.removeItem(PREFIX + eventId);

  const readOutbox = (now = Date.now()) => {
    // What storage refused to keep is in memory: this page still retries it. Only the outbox's
    // own items are read: the site's may be many and large.
    const items: Record<string, string> = {};
    // (for-in over localStorage also walks Storage's methods, which the prefix leaves out.)
    for (const source of [storage.memory, storage.store()])
      for (const key in source) if (!key.indexOf(PREFIX)) items[key] = source[key];
    const entries: OutboxEntry[] = [];
    for (const key in items) {
      try {
        entries.push(JSON.parse(items[key]));
      } catch {
        storage.removeItem(key);
      }
    }
    // Newest first, counting what is kept: past a bound, the rest (the oldest) goes.
    let count = 0;
    let chars = 0;
    return entries
      .sort((a, b) => b.t - a.t)
      .filter((entry) => {
        const age = now - entry.t;
        if (
          age < MAX_AGE_MS &&
          ++count <= MAX_ENTRIES &&
          (chars += JSON.stringify(entry).length) <= MAX_CHARS
        )
          return true;
        if (__DEBUG__ && debug) {
          const why =
            age >= MAX_AGE_MS
              ? 'older than 7 days'
              : count > MAX_ENTRIES
                ? 'more than ' + MAX_ENTRIES + ' leads waiting'
                : 'the outbox holds over ' + MAX_CHARS + ' characters';
          debug('lead "' + entry.b.eventName + '" dropped from the outbox unsent: ' + why);
        }
        dropEntry(entry.b.eventId);
        return false;
      })
      .reverse();
  };

  const settleHeld = (granted: boolean, externalId?: () => string) => {
    let held;
    for (const entry of readOutbox()) {
      if (entry.h) held = entry.b.clickId;
      if (!externalId) continue;
      if (!granted || entry.h) dropEntry(entry.b.eventId);
      if (granted && entry.h) {
        delete entry.h;
        entry.b.externalId = entry.b.externalId || externalId();
        putEntry(entry);
      }
    }
    return held;
  };

  return {
    putEntry,
    dropEntry,
    readOutbox,
    holdEntry(entry) {
      entry.h = 1;
      putEntry(entry);
    },
    settleHeld,
    // (settleHeld without a visitor id only reads.)
    heldClickId: () => settleHeld(false),
  };
}
