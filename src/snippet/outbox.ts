/**
 * The outbox: every lead is written here before it is sent, and leaves only when the endpoint
 * confirmed it or refused it for good. One item per lead (`pimms_ob_<eventId>`), so that two tabs
 * adding leads never overwrite each other's.
 */
import type { LeadBody } from '../shared/lead.ts';
import { debug } from './log.ts';
import { memory, removeItem, store, storeItem } from './storage.ts';

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

// Bounds that keep the outbox from crowding the site's own storage; past them the oldest leads go first.
/** A lead older than this is dropped unsent: 7 days. */
export const MAX_AGE_MS = 7 * 24 * 3600e3;
/** At most this many leads wait in the outbox. */
export const MAX_ENTRIES = 20;
/** At most this many characters of JSON in all (about 64 KB of storage in UTF-16). */
export const MAX_CHARS = 32768;

const PREFIX = 'pimms_ob_';

/**
 * Writes (or rewrites) a lead into the outbox.
 *
 * @param entry - The lead and its delivery state.
 * @example
 * putEntry({ b: body, t: Date.now(), n: 0, at: 0 })
 */
export function putEntry(entry: OutboxEntry): void {
  storeItem(PREFIX + entry.b.eventId, JSON.stringify(entry));
}

/**
 * Removes a lead from the outbox.
 *
 * @param eventId - The lead's `eventId`.
 * @example
 * dropEntry(body.eventId)
 */
export function dropEntry(eventId: string): void {
  removeItem(PREFIX + eventId);
}

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
export function readOutbox(now = Date.now()): OutboxEntry[] {
  // What storage refused to keep is in memory: this page still retries it.
  const items = Object.assign({}, memory, store());
  const entries: OutboxEntry[] = [];
  let chars = 0;
  for (const key in items) {
    if (key.indexOf(PREFIX)) continue;
    try {
      entries.push(JSON.parse(items[key]));
      chars += items[key].length;
    } catch {
      removeItem(key);
    }
  }
  let count = entries.length;
  return entries
    .sort((a, b) => a.t - b.t)
    .filter((entry) => {
      const age = now - entry.t;
      if (age < MAX_AGE_MS && count <= MAX_ENTRIES && chars <= MAX_CHARS) return true;
      if (__DEBUG__) {
        const why =
          age >= MAX_AGE_MS
            ? 'older than 7 days'
            : count > MAX_ENTRIES
              ? 'more than ' + MAX_ENTRIES + ' leads waiting'
              : 'the outbox holds over ' + MAX_CHARS + ' characters';
        debug('lead "' + entry.b.eventName + '" dropped from the outbox unsent: ' + why);
      }
      count--;
      chars -= JSON.stringify(entry).length;
      dropEntry(entry.b.eventId);
      return false;
    });
}
