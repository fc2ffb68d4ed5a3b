/**
 * Delivery of outbox entries to the endpoint: at least once, with back-off, honouring
 * Retry-After, and without two tabs sending the same entry at the same moment. One delivery per
 * page, made by createPimms with the endpoint it sends to.
 */
import type { LeadResult } from '../shared/lead.ts';
import type { Debug } from './log.ts';
import type { Outbox, OutboxEntry } from './outbox.ts';
/**
 * How long a lead being sent is left alone by other pages and tabs before they may send it again:
 * long enough for a `keepalive` request that outlived its page to get its answer.
 */
export declare const LEASE_MS = 5000;
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
export declare function createDelivery(endpoint: string, outbox: Outbox, mayFlush?: () => boolean, debug?: Debug): Delivery;
