import type { TrackLeadBody } from '../shared/lead.ts';
import { type ClickIdCookieOptions } from './click-cookie.ts';
import { type AllowedOrigins } from './cors.ts';
import { type EventIdCache, type MemoryEventIdCacheOptions } from './event-id-cache.ts';
import { type Forwarder } from './forward-lead.ts';
import type { RelayRedis } from './redis/relay-redis.ts';
import type { OnRelayEvent } from './relay-event.ts';
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
export declare const DEFAULT_MAX_BODY_BYTES = 16384;
/** Default of {@link LeadRelayOptions.timeoutMs}. */
export declare const DEFAULT_TIMEOUT_MS = 10000;
/** Default of {@link LeadRelayOptions.serverURL} when `PIMMS_API_URL` is unset. */
export declare const DEFAULT_SERVER_URL = "https://api.pimms.io";
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
export declare function createLeadRelay(options?: LeadRelayOptions): LeadRelay;
