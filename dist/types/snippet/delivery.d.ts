/**
 * Delivery of outbox entries to the endpoint: at least once, with back-off, honouring
 * Retry-After, and without two tabs sending the same entry at the same moment. One delivery per
 * page (module state), started by createPimms.
 */
import type { LeadResult } from '../shared/lead.ts';
import { type OutboxEntry } from './outbox.ts';
/**
 * How long a lead being sent is left alone by other pages and tabs before they may send it again:
 * long enough for a `keepalive` request that outlived its page to get its answer.
 */
export declare const LEASE_MS = 5000;
/**
 * Sets where leads go.
 *
 * @param url - The endpoint.
 * @example
 * setEndpoint('/api/pimms/lead')
 */
export declare function setEndpoint(url: string): void;
/**
 * Sends one entry now and settles it from the answer: a 2xx removes it (sent); another 4xx, but
 * 408 and 429, removes it (rejected); anything else keeps it for a retry (queued), as does a
 * beacon, whose answer cannot be read.
 *
 * @param entry - The entry, already in the outbox or not.
 * @param unloading - True when the page is going away: send by beacon.
 * @returns The lead's outcome.
 * @example
 * sendEntry({ b: body, t: Date.now(), n: 0, at: 0 }).then((result) => result.status)
 */
export declare function sendEntry(entry: OutboxEntry, unloading?: boolean): Promise<LeadResult>;
/**
 * Sends every outbox entry that is due, and looks again when the next one not yet due is, under a Web Lock where the browser has them, so that one
 * tab at a time sends the outbox (https://developer.mozilla.org/docs/Web/API/Web_Locks_API).
 *
 * @param force - Ignore this page's back-off (not a Retry-After, not another page's send in flight).
 * @param unloading - The page is going away: send by beacon, without waiting for the lock.
 * @returns A promise settled when the answers are in.
 * @example
 * addEventListener('online', () => flushOutbox(true))
 */
export declare function flushOutbox(force?: boolean, unloading?: boolean): Promise<unknown>;
