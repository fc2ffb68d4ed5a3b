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
}

/**
 * One decision of the relay.
 *
 * - `received`: a POST reached the relay (before any check). `via` is how the page sent it:
 *   `beacon` (`Sec-Fetch-Mode: no-cors`), `fetch`, or `unknown` (no Fetch Metadata: curl, a server).
 * - `refused`: answered 4xx by the relay itself without calling PIMMS (origin, size, type, a field);
 *   `status`, the error `code` and `reason` (the message the body carries).
 * - `duplicate`: a repeat of an `eventId` already answered; `status` is the stored answer's.
 * - `forwarded`: PIMMS answered; `upstreamStatus`, `ms` spent on the call, and the relay's `status`.
 * - `retry`: the relay told the page to try again later (`status`, `retryAfter` seconds, `reason`):
 *   PIMMS down, slow, rate-limited, a refused key, or the relay paused by an earlier 429.
 * - `queued`: accepted into the durable queue (Redis), to be forwarded by the worker.
 */
export type RelayEvent = RelayEventBase &
  (
    | { type: 'received'; via: 'beacon' | 'fetch' | 'unknown'; origin?: string }
    | { type: 'refused'; status: number; code: string; reason: string }
    | { type: 'duplicate'; status: number }
    | {
        type: 'forwarded';
        status: number;
        upstreamStatus: number;
        ms: number;
        customer: CustomerFieldsPresent;
      }
    | { type: 'retry'; status: number; retryAfter: number; reason: string }
    | { type: 'queued'; status: number; customer: CustomerFieldsPresent }
  );

/** The `type`s of {@link RelayEvent}. */
export type RelayEventType = RelayEvent['type'];
