/**
 * How the relay turns its decisions into {@link RelayEvent}s: one trace per request, the lead's
 * ids added, secrets scrubbed, a failing listener ignored; and the default listener `serve()`
 * gives a relay created without `onEvent`.
 */
import type { LeadBody } from '../shared/lead.ts';
import { isFinal } from './answers.ts';
import type { Delivery } from './delivery.ts';
import { REDACTED, redact } from './redact.ts';
import type {
  CustomerFieldsPresent,
  OnRelayEvent,
  RelayDecision,
  RelayEvent,
  RelayEventBase,
} from './relay-event.ts';

/**
 * Which customer fields a lead has, as booleans: what an event may say about a customer.
 *
 * @param lead - The lead as forwarded (or queued).
 * @returns `true` for each field present and not null.
 * @example
 * customerFieldsPresent({ externalId: 'u1', customerEmail: 'ada@example.com' })
 * // { externalId: true, customerEmail: true, customerName: false, customerAvatar: false }
 */
export function customerFieldsPresent(lead: Partial<LeadBody>): CustomerFieldsPresent {
  const has = (value: unknown) => value != null && value !== '';
  return {
    externalId: has(lead.externalId),
    customerEmail: has(lead.customerEmail),
    customerName: has(lead.customerName),
    customerAvatar: has(lead.customerAvatar),
  };
}

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
export function deliveryEvent(
  delivery: Delivery,
  lead: Partial<LeadBody>,
): Exclude<RelayDecision, { type: 'received' }> {
  const { outcome, upstream } = delivery;
  if (delivery.queued) {
    return { type: 'queued', status: outcome.status, customer: customerFieldsPresent(lead) };
  }
  if (!isFinal(outcome) && 'error' in outcome.body) {
    const { message, retryAfter = 0 } = outcome.body.error;
    return {
      type: 'retry',
      status: outcome.status,
      retryAfter,
      reason: message,
      ...(upstream?.status !== undefined ? { upstreamStatus: upstream.status } : {}),
      ...(upstream ? { ms: upstream.ms } : {}),
    };
  }
  if (upstream?.status !== undefined) {
    return {
      type: 'forwarded',
      status: outcome.status,
      upstreamStatus: upstream.status,
      ms: upstream.ms,
      customer: customerFieldsPresent(lead),
    };
  }
  // A final answer without an upstream call: refused by the relay (after enrich) or the SDK.
  const error = 'error' in outcome.body ? outcome.body.error : undefined;
  return {
    type: 'refused',
    status: outcome.status,
    code: error?.code ?? 'bad_request',
    reason: error?.message ?? '',
  };
}

/** The events of one request: one `received` and exactly one decision. */
export interface RequestTrace {
  /**
   * Notes that the request arrived (`received` is reported with the lead's ids once they are
   * known, by {@link RequestTrace.lead}, or just before the decision when the body was never read).
   */
  receive(how: { via: 'beacon' | 'fetch' | 'unknown'; origin?: string }): void;
  /**
   * Adds the lead's ids to the events, notes its customer e-mail (and other secrets) to scrub
   * from every text of the events, and reports `received`.
   */
  lead(body: Partial<LeadBody>, secrets?: unknown[]): void;
  /** Reports the decision: only the first decision of a request is reported. */
  emit(decision: Exclude<RelayDecision, { type: 'received' }>): void;
  /** True once the decision was reported. */
  readonly decided: boolean;
}

// The texts that can quote a request or an upstream answer (not `type` or `via`, the relay's own
// words).
const SCRUBBED = ['reason', 'code', 'eventId', 'eventName', 'clickId', 'origin'] as const;
// Anything shaped like an e-mail address, wherever a site or an upstream put it: the relay cannot
// know that an event name or a message quotes a customer.
const EMAIL_LIKE = /[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+\.[^\s@"'<>(),;:]+/g;

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
export function startTrace(
  sink: OnRelayEvent,
  key: string | undefined,
  extra: Omit<RelayEventBase, 'at'> = {},
): RequestTrace {
  const base: Omit<RelayEventBase, 'at'> = { ...extra };
  const secrets: string[] = key ? [key] : [];
  let arrival: { at: string; via: 'beacon' | 'fetch' | 'unknown'; origin?: string } | undefined;
  let decided = false;

  const send = (event: Record<string, unknown>) => {
    for (const name of SCRUBBED) {
      const value = event[name];
      if (typeof value == 'string') {
        let text = value;
        for (const secret of secrets) if (text.includes(secret)) text = redact(text, secret);
        // (Most texts hold no @: the regular expression is skipped for them.)
        event[name] = text.includes('@') ? text.replace(EMAIL_LIKE, REDACTED) : text;
      }
    }
    try {
      sink(event as unknown as RelayEvent);
    } catch {
      // A failing listener must not turn a delivered lead into an error.
    }
  };
  const flushReceived = () => {
    if (!arrival) return;
    const { at, ...how } = arrival;
    arrival = undefined;
    send({ at, ...base, type: 'received', ...how });
  };

  return {
    get decided() {
      return decided;
    },
    receive(how) {
      arrival = { at: new Date().toISOString(), ...how };
    },
    lead(body, more = []) {
      if (body.eventId) base.eventId = body.eventId;
      if (body.eventName) base.eventName = body.eventName;
      if (body.clickId) base.clickId = body.clickId;
      for (const secret of [body.customerEmail, ...more]) {
        if (typeof secret == 'string' && secret.trim()) secrets.push(secret, secret.trim());
      }
      flushReceived();
    },
    emit(decision) {
      if (decided) return;
      decided = true;
      flushReceived();
      send({ at: new Date().toISOString(), ...base, ...decision });
    },
  };
}

/**
 * How the page sent a request, from Fetch Metadata: a beacon is `no-cors` (and so is a fetch with
 * `mode: 'no-cors'`, which the snippet never uses).
 *
 * @param request - The incoming request.
 * @example
 * sentVia(request) // 'beacon'
 */
export function sentVia(request: Request): 'beacon' | 'fetch' | 'unknown' {
  const mode = request.headers.get('sec-fetch-mode');
  return mode == 'no-cors' ? 'beacon' : mode ? 'fetch' : 'unknown';
}

// The default listener of relays created without `onEvent`, which serve() fills in.
const defaultSinks = new WeakMap<object, { sink?: OnRelayEvent }>();

/**
 * Makes a relay's default listener settable by {@link setDefaultEventSink}.
 *
 * @param handler - The relay's handler.
 * @returns A getter of its current default listener (none until one is set).
 * @example
 * const defaultSink = registerDefaultEventSink(leadRelay);
 */
export function registerDefaultEventSink(handler: object): () => OnRelayEvent | undefined {
  const slot: { sink?: OnRelayEvent } = {};
  defaultSinks.set(handler, slot);
  return () => slot.sink;
}

/**
 * Gives a relay created without `onEvent` a listener; what `serve()` does with JSON lines.
 *
 * @param handler - Any handler; only relays from `createLeadRelay` without `onEvent` take it.
 * @param sink - The listener.
 * @returns True when the handler took it.
 * @example
 * setDefaultEventSink(relay, jsonLines((line) => process.stdout.write(line)));
 */
export function setDefaultEventSink(handler: object, sink: OnRelayEvent): boolean {
  const slot = defaultSinks.get(handler);
  if (slot) slot.sink = sink;
  return slot !== undefined;
}

/**
 * A listener that writes each event as one line of JSON (newline included).
 *
 * @param write - Where lines go, e.g. `(line) => process.stdout.write(line)`.
 * @returns The listener.
 * @example
 * createLeadRelay({ onEvent: jsonLines((line) => process.stdout.write(line)) });
 */
export function jsonLines(write: (line: string) => void): OnRelayEvent {
  return (event) => write(JSON.stringify(event) + '\n');
}
