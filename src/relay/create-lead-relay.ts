/**
 * The relay: a Web-standard `(Request) => Promise<Response>` handler that takes a lead from the
 * browser, checks it, adds the secret key and forwards it to PIMMS once.
 */
import { checkLead, missingField } from '../shared/field-rules.ts';
import type { LeadBody, TrackLeadBody } from '../shared/lead.ts';
import { DUPLICATE_HEADER, failure, toResponse } from './answers.ts';
import {
  createLandingAnswer,
  withClickIdFromCookie,
  type ClickIdCookieOptions,
} from './click-cookie.ts';
import { corsHeaders, createOriginCheck, preflight, type AllowedOrigins } from './cors.ts';
import { createDeduper, type Delivery } from './dedupe.ts';
import { describeError } from './describe-error.ts';
import { readEnv } from './env.ts';
import {
  createMemoryEventIdStore,
  type EventIdStore,
  type MemoryEventIdStoreOptions,
} from './event-id-cache.ts';
import { CONFIG_RETRY_AFTER, createForwarder, OUTAGE_RETRY_AFTER } from './forward-lead.ts';
import { readJsonBody } from './read-body.ts';
import { redact } from './redact.ts';

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
   * How repeated `eventId`s are recognised: bounds of the in-memory store (default 24 h and
   * 10 000 entries), or a shared {@link EventIdStore} (Redis, KV) for a site on several instances.
   */
  dedupe?: MemoryEventIdStoreOptions | EventIdStore;
  /** The `fetch` the SDK uses to reach PIMMS. Default: `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** How long to wait for PIMMS, in ms, before answering 504 `upstream_timeout`. Default 10000. */
  timeoutMs?: number;
  /**
   * Where failures are reported (upstream errors, enrich and store failures), one line each,
   * prefixed `[pimms-relay]`, with the API key replaced by `[redacted]`. Default: `console.warn`.
   */
  log?: (line: string) => void;
}

/** A Web-standard request handler, as Next.js route handlers, Hono, Workers and Deno take it. */
export type LeadRelay = (request: Request) => Promise<Response>;

/** Default of {@link LeadRelayOptions.maxBodyBytes}. */
export const DEFAULT_MAX_BODY_BYTES = 16_384;
/** Default of {@link LeadRelayOptions.timeoutMs}. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** Default of {@link LeadRelayOptions.serverURL} when `PIMMS_API_URL` is unset. */
export const DEFAULT_SERVER_URL = 'https://api.pimms.io';

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
 * Every answer has `Cache-Control: no-store` and `Vary: Origin`; answers to an allowed
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
  const store =
    options.dedupe && 'get' in options.dedupe
      ? options.dedupe
      : createMemoryEventIdStore(options.dedupe);
  const dedupe = createDeduper(store, log);
  const forward = createForwarder({
    serverURL: options.serverURL ?? readEnv('PIMMS_API_URL') ?? DEFAULT_SERVER_URL,
    apiKey,
    fetch: options.fetch,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    log,
  });

  async function deliver(
    request: Request,
    lead: TrackLeadBody,
    eventId?: string,
  ): Promise<Delivery> {
    if (!apiKey()) {
      log('PIMMS_API_KEY is not set: the lead was answered 500 for a later retry');
      return retry(
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
        if (typeof enriched != 'object' || enriched === null || Array.isArray(enriched)) {
          throw new TypeError('enrich must return the lead body');
        }
      } catch (error) {
        log(`enrich failed: ${describeError(error)}`);
        return retry(
          failure(
            500,
            'enrich_failed',
            'the relay could not complete the lead; retry later',
            OUTAGE_RETRY_AFTER,
          ),
        );
      }
      const checked = checkLead(enriched as Record<string, unknown>);
      const problem = checked.problems.join('; ');
      if (problem) return refuse(problem);
      const { eventId: _ignored, ...rest } = checked.body;
      body = rest as TrackLeadBody;
    }
    const missing = missingField(body);
    return missing ? refuse(missing) : forward(body, eventId);
  }

  return async function leadRelay(request) {
    const origin = request.headers.get('origin');
    let headers: Record<string, string> = { Vary: 'Origin' };
    try {
      if (origin !== null && !isAllowed(request, origin)) {
        const forbidden = failure(
          403,
          'forbidden_origin',
          `the origin ${origin} may not send leads to this relay`,
        );
        // Readable by the refused page (not on preflight, where nothing is readable anyway) so the
        // snippet there stops retrying: the request is not acted on, and the refusal leaks nothing.
        return toResponse(forbidden, request.method == 'OPTIONS' ? headers : corsHeaders(origin));
      }
      headers = corsHeaders(origin);
      if (request.method == 'OPTIONS') return preflight(origin);
      if (request.method != 'POST') {
        return toResponse(failure(405, 'method_not_allowed', 'use POST'), {
          ...headers,
          Allow: 'POST, OPTIONS',
        });
      }
      const landed = landing(request, headers);
      if (landed) return landed;

      const read = await readJsonBody(request, maxBodyBytes);
      if (!read.ok) return toResponse(read.outcome, headers);
      const checked = checkLead(withClickIdFromCookie(request, read.value));
      // clickId and eventName are needed before enrich (its body type promises them); externalId
      // only after, since enrich is where a site fills it.
      const problem =
        checked.problems.join('; ') || missingField(checked.body, ['clickId', 'eventName']);
      if (problem) return toResponse(refuse(problem).outcome, headers);

      const { eventId, ...lead } = checked.body as LeadBody;
      const run = () => deliver(request, lead, eventId);
      const { outcome, duplicate } = eventId
        ? await dedupe(eventId, run)
        : { ...(await run()), duplicate: false };
      return toResponse(outcome, duplicate ? { ...headers, [DUPLICATE_HEADER]: '1' } : headers);
    } catch (error) {
      log(`unexpected error: ${describeError(error)}`);
      return toResponse(
        failure(500, 'internal_error', 'the relay failed; retry later', OUTAGE_RETRY_AFTER),
        headers,
      );
    }
  };
}

function refuse(message: string): Delivery {
  return { outcome: failure(400, 'bad_request', message), remember: false };
}

function retry(outcome: Delivery['outcome']): Delivery {
  return { outcome, remember: false };
}
