/**
 * What the relay reports of each decision (`createLeadRelay({ onEvent })`): one event per
 * decision, as plain JSON-ready objects. An event never carries the API key, and carries the
 * customer fields only as present or absent.
 */
/** Which customer fields a lead had, never their values. */
export interface CustomerFieldsPresent {
    externalId: boolean;
    customerEmail: boolean;
    customerName: boolean;
    customerAvatar: boolean;
}
/** What every event carries. */
export interface RelayEventBase {
    /** When it happened, ISO 8601. */
    at: string;
    /** The lead's `eventId`, when the body had a readable one. */
    eventId?: string;
    /** The lead's event name, when the body had one. */
    eventName?: string;
    /** The click id the lead carries, when it has one (a click id is not personal data). */
    clickId?: string;
    /**
     * True on the events of the durable queue's worker (`forwarded`, `retry`, `refused`), which come
     * after the relay answered the page `queued`: their `status` is the forwarder's answer to the
     * worker, not one a page received, and `retry` is the worker's own next try.
     */
    worker?: true;
}
/**
 * One decision of the relay.
 *
 * - `received`: a request other than a CORS preflight reached the relay, reported before the
 *   relay's decision on it (with the ids of the body when it could be read). `via` is how the page sent it:
 *   `beacon` (`Sec-Fetch-Mode: no-cors`), `fetch`, or `unknown` (no Fetch Metadata: curl, a server).
 * - `refused`: answered 4xx by the relay itself without calling PIMMS (origin, size, type, a field);
 *   `status`, the error `code` and `reason` (the message the body carries).
 * - `duplicate`: a repeat of an `eventId` already answered; `status` is the stored answer's.
 * - `forwarded`: PIMMS answered; `upstreamStatus`, `ms` spent on the call, and the relay's `status`.
 * - `retry`: the relay told the page to try again later (`status`, `retryAfter` seconds, `reason`):
 *   PIMMS down, slow, rate-limited, a refused key, or the relay paused by an earlier 429; with
 *   `upstreamStatus` and `ms` when PIMMS was called (and answered, for `upstreamStatus`).
 * - `queued`: accepted into the durable queue (Redis), to be forwarded by the worker.
 *
 * The queue's worker then reports each of its tries with `worker: true`: `forwarded` (PIMMS took
 * the lead), `retry` (`retryAfter`: the seconds until the worker's next try; for a 429 the whole
 * queue pauses that long), or `refused` once it drops the lead for good (PIMMS refused it, or it
 * ran out of tries; `reason` says which).
 */
export type RelayEvent = RelayEventBase & ({
    type: 'received';
    via: 'beacon' | 'fetch' | 'unknown';
    origin?: string;
} | {
    type: 'refused';
    status: number;
    code: string;
    reason: string;
} | {
    type: 'duplicate';
    status: number;
} | {
    type: 'forwarded';
    status: number;
    upstreamStatus: number;
    ms: number;
    customer: CustomerFieldsPresent;
} | {
    type: 'retry';
    status: number;
    retryAfter: number;
    reason: string;
    upstreamStatus?: number;
    ms?: number;
} | {
    type: 'queued';
    status: number;
    customer: CustomerFieldsPresent;
});
/** The `type`s of {@link RelayEvent}. */
export type RelayEventType = RelayEvent['type'];
/**
 * An event without the fields every event carries ({@link RelayEventBase}): what a decision
 * reports before the relay adds the time and the lead's ids.
 *
 * @example
 * const decision: RelayDecision = { type: 'duplicate', status: 200 };
 */
export type RelayDecision = RelayEvent extends infer E ? E extends RelayEvent ? Omit<E, keyof RelayEventBase> : never : never;
/** Where `createLeadRelay({ onEvent })` sends its events; a throw is ignored. */
export type OnRelayEvent = (event: RelayEvent) => void;
