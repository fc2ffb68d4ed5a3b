/**
 * The relay: a Web-standard `(Request) => Promise<Response>` handler that takes a lead from the
 * browser, checks it, adds the secret key and forwards it to PIMMS once.
 */
import { checkLead, missingField } from '../shared/field-rules.ts';
import { isJsonObject } from '../shared/is-json-object.ts';
import type { LeadBody, TrackLeadBody } from '../shared/lead.ts';
import { DUPLICATE_HEADER, failure, toResponse, type RelayOutcome } from './answers.ts';
import {
  createLandingAnswer,
  isLandingRequest,
  withClickIdFromCookie,
  type ClickIdCookieOptions,
} from './click-cookie.ts';
import { corsHeaders, createOriginCheck, preflight, type AllowedOrigins } from './cors.ts';
import { createDeduper } from './dedupe.ts';
import { notRemembered, refusal, type Delivery } from './delivery.ts';
import { describeError } from './describe-error.ts';
import { readEnv } from './env.ts';
import {
  createMemoryEventIdCache,
  isEventIdCache,
  type EventIdCache,
  type MemoryEventIdCacheOptions,
} from './event-id-cache.ts';
import {
  deliveryEvent,
  registerDefaultEventSink,
  sentVia,
  startTrace,
  type RequestTrace,
} from './event-reporter.ts';
import { createForwarder, type Forwarder } from './forward-lead.ts';
import { readJsonBody } from './read-body.ts';
import type { RelayRedis } from './redis/relay-redis.ts';
import { redact } from './redact.ts';
import { CONFIG_RETRY_AFTER, OUTAGE_RETRY_AFTER } from './retry-after.ts';
import type { OnRelayEvent, RelayEvent } from './relay-event.ts';

/**
 * Settings of {@link createLeadRelay}; all optional. The cookie options
 * ({@link ClickIdCookieOptions}: `cookieDays`, `cookieDomain`, `attributionModel`) shape the
 * `pimms_id` cookie the relay sets in answer to the snippet's landing request.
 */
export interface LeadRelayOptions extends ClickIdCookieOptions {
  /**
   * The PIMMS workspace API key. Default: `PIMMS_API_KEY` from the environment, read on each
   * request. Never taken from the request. Without one the relay answers 500
   * `relay_not_configured`, retryable, so the snippet keeps the lead until the site is fixed.
   */
  apiKey?: string;
  /**
   * The PIMMS API base URL. Default: `PIMMS_API_URL` from the environment, else
   * `https://api.pimms.io`. The local sandbox serves the API at its root: `http://127.0.0.1:8787`.
   */
  serverURL?: string;
  /**
   * Pages on other origins that may send leads: exact origins (`https://shop.example.com`) or a
   * predicate. The relay's own site is always allowed, and so are requests without an Origin
   * (server to server, curl). Anything else gets 403 `forbidden_origin`, preflights included.
   * Default: only the relay's own site.
   */
  allowedOrigins?: AllowedOrigins;
  /** The largest request body accepted, in bytes; bigger gets 413. Default 16384. */
  maxBodyBytes?: number;
  /**
   * Fills or overrides fields the site knows server-side, e.g. the signed-in user's id as
   * `externalId`. Called after the body passed the field rules and has a `clickId` and an
   * `eventName` (the request's body is already read; use its headers and cookies). Its result is
   * checked again with the same rules and must have `externalId`; a throw answers 500
   * `enrich_failed`, retryable. Default: none.
   *
   * @example
   * enrich: async (request, body) => {
   *   const user = await userFromSession(request.headers.get('cookie'));
   *   return user ? { ...body, externalId: user.id, customerEmail: user.email } : body;
   * }
   */
  enrich?: (request: Request, body: TrackLeadBody) => TrackLeadBody | Promise<TrackLeadBody>;
  /**
   * How repeated `eventId`s are recognised: bounds of the in-memory cache (default 24 h and
   * 10 000 entries), or a shared {@link EventIdCache} (Redis, KV) for a site on several instances.
   */
  dedupe?: MemoryEventIdCacheOptions | EventIdCache;
  /** The `fetch` the SDK uses to reach PIMMS. Default: `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** How long to wait for PIMMS, in ms, before answering 504 `upstream_timeout`. Default 10000. */
  timeoutMs?: number;
  /**
   * Where failures are reported (upstream errors, enrich and store failures), one line each,
   * prefixed `[pimms-relay]`, with the API key replaced by `[redacted]`. Default: `console.warn`.
   */
  log?: (line: string) => void;
  /**
   * Called with one {@link RelayEvent} per decision (and a `received` before it): what the relay
   * received, refused, answered from its de-dup cache, forwarded, advised to retry, or queued.
   * Events never hold the API key or a customer's e-mail; customer fields appear only as
   * present/absent. A throw is ignored. Default: none, except that `serve()` writes the events of
   * a relay created without `onEvent` to stdout as JSON lines.
   *
   * @example
   * createLeadRelay({ onEvent: (event) => console.log(JSON.stringify(event)) });
   */
  onEvent?: OnRelayEvent;
  /**
   * Replaces how a checked lead reaches PIMMS, given the relay's own forwarder: e.g. a durable
   * queue that forwards now and, when PIMMS is down, keeps the lead for a worker (returning a
   * {@link Delivery} with `queued: true`, which the relay reports as a `queued` event).
   * Default: the relay's forwarder (the `pimms` SDK).
   *
   * @example
   * forwarder: (direct) => async (body, eventId) => {
   *   const delivery = await direct(body, eventId);
   *   return isFinal(delivery.outcome) ? delivery : queue.add(body, eventId);
   * }
   */
  forwarder?: (direct: Forwarder) => Forwarder;
  /**
   * Redis shared by every instance, from `connectRedis()` (`src/relay/redis/`, Node only): its
   * `eventId` de-dup replaces `dedupe`, and with its queue on, a checked lead is queued for the
   * worker (answered 202) instead of forwarded at once. Default: none (in-memory, as before).
   *
   * @example
   * createLeadRelay({ redis: connectRedis({ url: process.env.REDIS_URL, queue: true }) });
   */
  redis?: RelayRedis;
}

/** A Web-standard request handler, as Next.js route handlers, Hono, Workers and Deno take it. */
export type LeadRelay = (request: Request) => Promise<Response>;

/** Default of {@link LeadRelayOptions.maxBodyBytes}. */
export const DEFAULT_MAX_BODY_BYTES = 16_384;
/** Default of {@link LeadRelayOptions.timeoutMs}. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** Default of {@link LeadRelayOptions.serverURL} when `PIMMS_API_URL` is unset. */
export const DEFAULT_SERVER_URL = 'https://api.pimms.io';
// How much longer than the upstream timeout an eventId's claim lasts, and a repeat on another
// instance waits for it: no forward lasts longer than the timeout.
const CLAIM_MARGIN_MS = 5_000;

/**
 * Creates the lead relay.
 *
 * - `OPTIONS`: CORS preflight, 204 for allowed origins.
 * - `POST` with a text/plain or application/json {@link LeadBody}: checked with the shared field
 *   rules, enriched, forwarded with the `pimms` SDK; 200 with a `RelayAnswer`, or an error
 *   `{error: {code, message, retryable, retryAfter?}}` with `X-Pimms-Retryable: 1|0`.
 * - A repeated `eventId` gets the first final answer again with `X-Pimms-Duplicate: 1` and no
 *   upstream call; concurrent repeats share one upstream call. The match is on `eventId` alone
 *   (the snippet resends the same body under it). Without an `eventId` every request is forwarded.
 * - `POST ?pimms_id=<id>` with an empty body, the snippet's landing request: 204 with
 *   `Set-Cookie: pimms_id=<id>` (see `click-cookie.ts`), 400 for an implausible id. A lead without
 *   a `clickId` takes the one of the request's `pimms_id` cookie.
 * - Anything else: 405 with `Allow: POST, OPTIONS`.
 *
 * Every answer has `Cache-Control: no-store`, `X-Content-Type-Options: nosniff` and `Vary: Origin`; answers to an allowed
 * cross-origin request carry `Access-Control-Allow-Origin: <origin>`.
 *
 * @param options - See {@link LeadRelayOptions}; every field has a default.
 * @returns The handler. Create it once (module scope): it holds the SDK client and the de-dup state.
 * @example
 * // app/api/pimms/route.ts (Next.js)
 * import { createLeadRelay } from 'pimms-lead/relay';
 * const relay = createLeadRelay({ allowedOrigins: ['https://www.example.com'] });
 * export const POST = relay;
 * export const OPTIONS = relay;
 */
export function createLeadRelay(options: LeadRelayOptions = {}): LeadRelay {
  const apiKey = () => (options.apiKey ?? readEnv('PIMMS_API_KEY'))?.trim() || undefined;
  const write = options.log ?? ((line: string) => console.warn(line));
  const log = (line: string) => {
    try {
      write(redact(`[pimms-relay] ${line}`, apiKey()));
    } catch {
      // A failing logger must not turn a delivered lead into an error.
    }
  };
  const isAllowed = createOriginCheck(options.allowedOrigins);
  const landing = createLandingAnswer(options);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const cache =
    options.redis?.dedupe ??
    (isEventIdCache(options.dedupe) ? options.dedupe : createMemoryEventIdCache(options.dedupe));
  const dedupe = createDeduper(
    cache,
    { leaseMs: timeoutMs + CLAIM_MARGIN_MS, waitMs: timeoutMs + CLAIM_MARGIN_MS },
    log,
  );
  const direct = createForwarder({
    serverURL: options.serverURL ?? readEnv('PIMMS_API_URL') ?? DEFAULT_SERVER_URL,
    apiKey,
    fetch: options.fetch,
    timeoutMs,
    log,
  });
  const own = options.forwarder ? options.forwarder(direct) : direct;
  // The queue's worker reports its tries through the same listener (read when it reports, so a
  // default set later by serve() counts too).
  const forward = options.redis
    ? options.redis.deliverer(own, log, {
        listener: () => options.onEvent ?? defaultSink(),
        apiKey,
      })
    : own;

  async function deliver(
    request: Request,
    lead: TrackLeadBody,
    eventId: string | undefined,
    trace: RequestTrace | undefined,
  ): Promise<Delivery> {
    if (!apiKey()) {
      log('PIMMS_API_KEY is not set: the lead was answered 500 for a later retry');
      return notRemembered(
        failure(
          500,
          'relay_not_configured',
          'the relay has no PIMMS_API_KEY; retry later',
          CONFIG_RETRY_AFTER,
        ),
      );
    }
    let body = lead;
    if (options.enrich) {
      let enriched: unknown;
      try {
        enriched = await options.enrich(request, { ...lead });
        if (!isJsonObject(enriched)) throw new TypeError('enrich must return the lead body');
      } catch (error) {
        log(`enrich failed: ${describeError(error)}`);
        return notRemembered(
          failure(
            500,
            'enrich_failed',
            'the relay could not complete the lead; retry later',
            OUTAGE_RETRY_AFTER,
          ),
        );
      }
      trace?.lead({}, [enriched.customerEmail]);
      const checked = checkLead(enriched);
      const problem = checked.problems.join('; ');
      if (problem) return refusal(problem);
      const { eventId: _ignored, ...rest } = checked.body;
      body = rest as TrackLeadBody;
    }
    const missing = missingField(body);
    if (missing) return refusal(missing);
    const delivery = await forward(body, eventId);
    // The event of this delivery is reported here, where the forwarded body is known.
    trace?.emit(deliveryEvent(delivery, body));
    return delivery;
  }

  const leadRelay: LeadRelay = async (request) => {
    const origin = request.headers.get('origin');
    const sink = options.onEvent ?? defaultSink();
    // The landing request (click-cookie.ts) is not a lead: no events for it.
    const trace =
      sink && request.method != 'OPTIONS' && !isLandingRequest(request)
        ? startTrace(sink, apiKey())
        : undefined;
    let headers: Record<string, string> = { Vary: 'Origin' };
    // Reports a refusal of the relay's own (no upstream call) and answers it.
    const refused = (outcome: RelayOutcome, extra: Record<string, string> = headers) => {
      if (trace && 'error' in outcome.body) {
        const { code, message } = outcome.body.error;
        trace.emit({ type: 'refused', status: outcome.status, code, reason: message });
      }
      return toResponse(outcome, extra);
    };
    try {
      trace?.receive({ via: sentVia(request), ...(origin !== null ? { origin } : {}) });
      if (origin !== null && !isAllowed(request, origin)) {
        const forbidden = failure(
          403,
          'forbidden_origin',
          `the origin ${origin} may not send leads to this relay`,
        );
        if (request.method == 'OPTIONS') {
          return refusedPreflight(forbidden, headers, sink, apiKey());
        }
        // Readable by the refused page (not on preflight, where nothing is readable anyway) so the
        // snippet there stops retrying: the request is not acted on, and the refusal leaks nothing.
        return refused(forbidden, corsHeaders(origin));
      }
      headers = corsHeaders(origin);
      if (request.method == 'OPTIONS') return preflight(origin);
      if (request.method != 'POST') {
        return refused(failure(405, 'method_not_allowed', 'use POST'), {
          ...headers,
          Allow: 'POST, OPTIONS',
        });
      }
      const landed = landing(request, headers);
      if (landed) return landed;

      const read = await readJsonBody(request, maxBodyBytes);
      if (!read.ok) return refused(read.outcome);
      const checked = checkLead(withClickIdFromCookie(request, read.value));
      trace?.lead(checked.body, [read.value.customerEmail]);
      // clickId and eventName are needed before enrich (its body type promises them); externalId
      // only after, since enrich is where a site fills it.
      const problem =
        checked.problems.join('; ') || missingField(checked.body, ['clickId', 'eventName']);
      if (problem) return refused(refusal(problem).outcome);

      const { eventId, ...lead } = checked.body as LeadBody;
      const run = () => deliver(request, lead, eventId, trace);
      const delivery = eventId
        ? await dedupe(eventId, run)
        : { ...(await run()), duplicate: false };
      const { outcome, duplicate } = delivery;
      if (duplicate) trace?.emit({ type: 'duplicate', status: outcome.status });
      // What deliver() did not report itself: a refusal after enrich, or a busy claim.
      else if (trace && !trace.decided) trace.emit(deliveryEvent(delivery, lead));
      return toResponse(outcome, duplicate ? { ...headers, [DUPLICATE_HEADER]: '1' } : headers);
    } catch (error) {
      log(`unexpected error: ${describeError(error)}`);
      const outcome = failure(
        500,
        'internal_error',
        'the relay failed; retry later',
        OUTAGE_RETRY_AFTER,
      );
      trace?.emit(deliveryEvent({ outcome, remember: false }, {}));
      return toResponse(outcome, headers);
    }
  };
  const defaultSink = options.onEvent ? () => undefined : registerDefaultEventSink(leadRelay);
  return leadRelay;
}

// A refused preflight is the one OPTIONS request with an event: the page's lead will not come.
function refusedPreflight(
  outcome: RelayOutcome,
  headers: Record<string, string>,
  sink: OnRelayEvent | undefined,
  key: string | undefined,
): Response {
  if (sink && 'error' in outcome.body) {
    const { code, message } = outcome.body.error;
    startTrace(sink, key).emit({ type: 'refused', status: outcome.status, code, reason: message });
  }
  return toResponse(outcome, headers);
}
