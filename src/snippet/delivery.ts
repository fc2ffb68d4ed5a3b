/**
 * Delivery of outbox entries to the endpoint: at least once, with back-off, honouring
 * Retry-After, and without two tabs sending the same entry at the same moment. One delivery per
 * page, made by createPimms with the endpoint it sends to.
 */
import type { LeadResult } from '../shared/lead.ts';
import { leadResult } from './lead-result.ts';
import type { Debug } from './log.ts';
import type { Outbox, OutboxEntry } from './outbox.ts';
import { retryDelay } from './retry-delay.ts';
import { BEACON, send } from './transport.ts';

/**
 * How long a lead being sent is left alone by other pages and tabs before they may send it again:
 * long enough for a `keepalive` request that outlived its page to get its answer.
 */
export const LEASE_MS = 5e3;

/** Delivery of one page's outbox; see {@link createDelivery}. */
export interface Delivery {
  /**
   * Sends one entry now and settles it from the answer: a 2xx removes it (sent); another 4xx, but
   * 408 and 429, removes it (rejected); anything else keeps it for a retry (queued), as does a
   * beacon, whose answer cannot be read.
   *
   * @param entry - The entry, already in the outbox or not.
   * @param unloading - True when the page is going away: send by beacon.
   * @returns The lead's outcome.
   */
  sendEntry(entry: OutboxEntry, unloading?: boolean): Promise<LeadResult>;
  /**
   * Sends every outbox entry that is due (nothing while it may not), and looks again when the next
   * one not yet due is, under a Web Lock where the browser has them, so that one tab at a time
   * sends the outbox (https://developer.mozilla.org/docs/Web/API/Web_Locks_API).
   *
   * @param force - Ignore this page's back-off (not a Retry-After, not another page's send in flight).
   * @param unloading - The page is going away: send by beacon, without waiting for the lock.
   * @returns A promise settled when the answers are in.
   */
  flushOutbox(force?: boolean, unloading?: boolean): Promise<unknown>;
}

/**
 * Makes the delivery of one page: what is in flight and this page's back-off live in it.
 *
 * @param endpoint - Where leads go (the relay).
 * @param outbox - The page's outbox.
 * @param mayFlush - Whether the outbox may be sent now (consent given, no stop reason); default
 *   always. A lead the page sends itself is not asked.
 * @param debug - Where debug mode explains each outcome (debug build only).
 * @returns The delivery.
 * @example
 * const delivery = createDelivery('/api/pimms/lead', outbox, () => consent.current() > 0);
 * addEventListener('online', () => delivery.flushOutbox(true));
 */
export function createDelivery(
  endpoint: string,
  outbox: Outbox,
  mayFlush: () => boolean = () => true,
  debug?: Debug,
): Delivery {
  const inFlight: Record<string, 1> = {};
  let pauseUntil = 0;
  let timer: ReturnType<typeof setTimeout>;

  const retryIn = (delay: number) => {
    pauseUntil = Date.now() + delay;
    clearTimeout(timer);
    timer = setTimeout(() => flushOutbox(true), delay);
  };

  const sendEntry = (entry: OutboxEntry, unloading?: boolean): Promise<LeadResult> => {
    const body = entry.b;
    const id = body.eventId;
    inFlight[id] = 1;
    entry.n++;
    entry.at = Date.now() + LEASE_MS;
    outbox.putEntry(entry);
    return send(endpoint, JSON.stringify(body), unloading).then(([status, retryAfter, message]) => {
      // A beacon stays "in flight" for the rest of the page: its answer is unknown, and sending it
      // again from the same page (the visibilitychange flush right after a beacon sent at
      // beforeunload) would only repeat it. The next page view resends it at once.
      if (status != BEACON) delete inFlight[id];
      let outcome: LeadResult['status'] = 'queued';
      let reason: string | undefined = status
        ? 'HTTP ' + status + (message ? ': ' + message : '')
        : 'network error';
      if (status == BEACON) {
        // The lead stays until a later page hears a 2xx for it.
        reason = 'beacon';
        entry.at = 0;
      } else if (status > 199 && status < 300) {
        outcome = 'sent';
        reason = undefined;
      } else if (status && status < 500 && status != 429 && status != 408) outcome = 'rejected';
      else if (!status && document.hidden) {
        // The page is going away, which also fails the fetch's promise while the keepalive request
        // goes on: keep the lease, so that the next page does not send it again at once.
        reason = 'page hidden';
      } else {
        const delay = retryDelay(entry.n, retryAfter);
        // Retry-After binds every page; the back-off only this one (a new page view is worth a try).
        entry.at = retryAfter ? Date.now() + delay : 0;
        retryIn(delay);
        if (__DEBUG__) reason += ', retry in ' + Math.round(delay / 1e3) + ' s';
      }
      if (outcome == 'queued') outbox.putEntry(entry);
      else outbox.dropEntry(id);
      if (__DEBUG__ && debug)
        debug('lead "' + body.eventName + '": ' + outcome + (reason ? ' (' + reason + ')' : ''));
      return leadResult(outcome, reason, body);
    });
  };

  // Neither held for consent nor being sent by this page.
  const sendable = (entry: OutboxEntry) => !entry.h && !inFlight[entry.b.eventId];

  const flushOutbox = (force?: boolean, unloading?: boolean): Promise<unknown> => {
    const now = Date.now();
    const run = () =>
      Promise.all(
        outbox.readOutbox(now).map(
          (entry) =>
            sendable(entry) &&
            // Not due yet (leased by a page that may be gone, or under a Retry-After): look again when it
            // is, since nothing else may happen while the visitor stays on this page.
            (entry.at! > now ? retryIn(entry.at! - now) : sendEntry(entry, unloading)),
        ),
      );
    const locks = navigator.locks;
    // Nothing waiting (a page view's usual case), or only what this page is sending (a lead on
    // its way as the page is hidden): no Web Lock to ask for, and no second read of the outbox
    // under it. With the lock, run() reads it again: the tab that held it may have sent some
    // meanwhile.
    return !mayFlush() || (!force && now < pauseUntil) || !outbox.readOutbox(now).some(sendable)
      ? Promise.resolve()
      : // An unloading page cannot wait for a lock; a resend it makes is harmless (the relay
        // de-duplicates eventId), a lead left unsent is not.
        unloading || !locks
        ? run()
        : // Another tab holds the lock and sends the outbox; look again soon, in case it closes. Where
          // the lock is refused (an opaque origin: a sandboxed iframe), no other page shares this outbox.
          locks
            .request('pimms_outbox', { ifAvailable: true }, (lock) => (lock ? run() : retryIn(2e3)))
            .catch(run);
  };

  return { sendEntry, flushOutbox };
}
