/**
 * How the relay turns its decisions into {@link RelayEvent}s: one trace per request, the lead's
 * ids added, secrets scrubbed, a failing listener ignored; and the default listener `serve()`
 * gives a relay created without `onEvent`.
 */
import type { LeadBody } from '../shared/lead.ts';
import type { Delivery } from './delivery.ts';
import type { CustomerFieldsPresent, OnRelayEvent, RelayDecision, RelayEventBase } from './relay-event.ts';
/**
 * Which customer fields a lead has, as booleans: what an event may say about a customer.
 *
 * @param lead - The lead as forwarded (or queued).
 * @returns `true` for each field present and not null.
 * @example
 * customerFieldsPresent({ externalId: 'u1', customerEmail: 'ada@example.com' })
 * // { externalId: true, customerEmail: true, customerName: false, customerAvatar: false }
 */
export declare function customerFieldsPresent(lead: Partial<LeadBody>): CustomerFieldsPresent;
/**
 * The decision event of a delivery: `queued` when a queue took the lead, `forwarded` when PIMMS
 * gave a final answer, `retry` for every retryable outcome (PIMMS down, slow, rate limiting, the
 * relay paused, a refused key, another instance still forwarding).
 *
 * @param delivery - What forwarding (or queueing) produced.
 * @param lead - The lead as forwarded, for the customer fields' presence.
 * @returns The event without its base fields.
 * @example
 * deliveryEvent({ outcome, remember: true, upstream: { status: 200, ms: 41 } }, lead)
 * // { type: 'forwarded', status: 200, upstreamStatus: 200, ms: 41, customer: {...} }
 */
export declare function deliveryEvent(delivery: Delivery, lead: Partial<LeadBody>): Exclude<RelayDecision, {
    type: 'received';
}>;
/** The events of one request: one `received` and exactly one decision. */
export interface RequestTrace {
    /**
     * Notes that the request arrived (`received` is reported with the lead's ids once they are
     * known, by {@link RequestTrace.lead}, or just before the decision when the body was never read).
     */
    receive(how: {
        via: 'beacon' | 'fetch' | 'unknown';
        origin?: string;
    }): void;
    /**
     * Adds the lead's ids to the events, notes its customer e-mail (and other secrets) to scrub
     * from every text of the events, and reports `received`.
     */
    lead(body: Partial<LeadBody>, secrets?: unknown[]): void;
    /** Reports the decision: only the first decision of a request is reported. */
    emit(decision: Exclude<RelayDecision, {
        type: 'received';
    }>): void;
    /** True once the decision was reported. */
    readonly decided: boolean;
}
/**
 * Starts the trace of one request.
 *
 * Every text of an event that can quote the request or PIMMS passes through {@link redact} for
 * the key and for each customer e-mail the request carried or enrich added, and anything shaped
 * like an e-mail address is replaced too, so that even an upstream message quoting them cannot
 * carry them into an event. A listener that throws is ignored: reporting must never change an
 * answer.
 *
 * @param sink - The listener.
 * @param key - The API key at this request, scrubbed from every event.
 * @param extra - Base fields every event of the trace carries (the queue worker's `worker: true`).
 * @returns The trace.
 * @example
 * const trace = startTrace(onEvent, apiKey());
 * trace.receive({ via: 'fetch' });
 */
export declare function startTrace(sink: OnRelayEvent, key: string | undefined, extra?: Omit<RelayEventBase, 'at'>): RequestTrace;
/**
 * How the page sent a request, from Fetch Metadata: a beacon is `no-cors` (and so is a fetch with
 * `mode: 'no-cors'`, which the snippet never uses).
 *
 * @param request - The incoming request.
 * @example
 * sentVia(request) // 'beacon'
 */
export declare function sentVia(request: Request): 'beacon' | 'fetch' | 'unknown';
/**
 * Makes a relay's default listener settable by {@link setDefaultEventSink}.
 *
 * @param handler - The relay's handler.
 * @returns A getter of its current default listener (none until one is set).
 * @example
 * const defaultSink = registerDefaultEventSink(leadRelay);
 */
export declare function registerDefaultEventSink(handler: object): () => OnRelayEvent | undefined;
/**
 * Gives a relay created without `onEvent` a listener; what `serve()` does with JSON lines.
 *
 * @param handler - Any handler; only relays from `createLeadRelay` without `onEvent` take it.
 * @param sink - The listener.
 * @returns True when the handler took it.
 * @example
 * setDefaultEventSink(relay, jsonLines((line) => process.stdout.write(line)));
 */
export declare function setDefaultEventSink(handler: object, sink: OnRelayEvent): boolean;
/**
 * A listener that writes each event as one line of JSON (newline included).
 *
 * @param write - Where lines go, e.g. `(line) => process.stdout.write(line)`.
 * @returns The listener.
 * @example
 * createLeadRelay({ onEvent: jsonLines((line) => process.stdout.write(line)) });
 */
export declare function jsonLines(write: (line: string) => void): OnRelayEvent;
