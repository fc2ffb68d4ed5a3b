/**
 * Sends a lead to the PIMMS API with the official `pimms` SDK and turns what happened into the
 * relay's answer: delivered, refused for good, or retry later.
 */
import { PimmsCore } from 'pimms/core.js';
import { trackLead } from 'pimms/funcs/trackLead.js';
import { HTTPClient } from 'pimms/lib/http.js';
import type { TrackLeadBody } from '../shared/lead.ts';
import { failure, isFinal, type RelayAnswer, type RelayOutcome } from './answers.ts';
import type { Delivery } from './dedupe.ts';
import { describeError } from './describe-error.ts';
import { redact } from './redact.ts';

/** Seconds to wait before retrying when PIMMS rate limits and does not say how long. */
export const RATE_LIMIT_RETRY_AFTER = 30;
/** Seconds to wait before retrying after an outage, a timeout or an unreachable API. */
export const OUTAGE_RETRY_AFTER = 10;
/** Seconds to wait before retrying a configuration problem (missing or refused key). */
export const CONFIG_RETRY_AFTER = 60;

/**
 * Sends one checked lead upstream and says what happened; never rejects for upstream failures.
 *
 * @example
 * const { outcome, upstream } = await forward({ clickId: 'c1', eventName: 'Sign up', externalId: 'u1' }, 'ev1');
 */
export type Forwarder = (body: TrackLeadBody, eventId?: string) => Promise<Delivery>;

/** Settings of {@link createForwarder}, already resolved to their defaults. */
export interface ForwarderOptions {
  /** The PIMMS API base URL. */
  serverURL: string;
  /** Reads the API key at call time. */
  apiKey: () => string | undefined;
  /** The fetch the SDK uses; `globalThis.fetch` (looked up per call) when absent. */
  fetch?: typeof fetch;
  /** Upstream timeout in ms. */
  timeoutMs: number;
  /** Where failures are reported (lines must already be free of the key; they are redacted again). */
  log: (line: string) => void;
}

/**
 * Makes the upstream half of a relay: one SDK client, reused for every lead.
 *
 * The SDK is called through its standalone function `trackLead(client, body).$inspect()`, which
 * runs the same generated code as `new Pimms().track.lead()` but also hands back the raw upstream
 * `Response` of this very call. That is how the relay reads `Retry-After` and the real status: the
 * SDK's typed errors (`RateLimitExceeded`, ...) keep neither, and a shared HTTPClient response hook
 * cannot tell concurrent calls apart. `PimmsCore` also keeps the other API groups' code out of
 * edge bundles. The SDK's own retries stay off (the snippet's outbox retries with back-off), and
 * its debug logger is silenced because with `PIMMS_DEBUG` set it prints the `Authorization` header.
 *
 * @param options - Resolved settings.
 * @returns `(body, eventId?) => Promise<Delivery>`; never rejects for upstream failures.
 * @example
 * const forward = createForwarder({ serverURL: 'http://127.0.0.1:8787', apiKey: () => key, timeoutMs: 10_000, log });
 * const { outcome } = await forward({ clickId: 'cl_1', eventName: 'Sign up', externalId: 'u1' }, 'ev1');
 */
export function createForwarder(options: ForwarderOptions): Forwarder {
  const { timeoutMs, log } = options;
  const httpClient = new HTTPClient({
    fetcher: (input, init) => {
      const fetcher = options.fetch ?? globalThis.fetch;
      return init == null ? fetcher(input) : fetcher(input, init);
    },
  });
  let client: PimmsCore | undefined;
  let configError = '';
  try {
    client = new PimmsCore({
      token: async () => options.apiKey() ?? '',
      serverURL: options.serverURL,
      httpClient,
      retryConfig: { strategy: 'none' },
      timeoutMs,
      debugLogger: { group() {}, groupEnd() {}, log() {} },
    });
  } catch (error) {
    configError = `the relay's PIMMS API URL is not valid: ${describeError(error)}`;
  }

  return async (body, eventId) => {
    const key = options.apiKey();
    const scrub = (text: string) => redact(text, key);
    const about = eventId ? ` (eventId ${eventId})` : '';
    if (!client) {
      log(configError + about);
      return retry(failure(500, 'relay_not_configured', configError, CONFIG_RETRY_AFTER));
    }

    let result, call;
    const started = performance.now();
    const took = () => Math.round(performance.now() - started);
    try {
      [result, call] = await trackLead(client, body, {
        timeoutMs,
        retries: { strategy: 'none' },
      }).$inspect();
    } catch (error) {
      log(scrub(`the SDK failed${about}: ${describeError(error)}`));
      return retry(failure(500, 'internal_error', 'the relay failed to call PIMMS; retry later'));
    }

    if (call.status == 'complete') {
      const { status, headers } = call.response;
      if (status >= 200 && status < 300) {
        const value = result.ok ? result.value : rawValue(result.error);
        return {
          outcome: { status: 200, body: successBody(body, value, eventId) },
          remember: true,
          upstream: { status, ms: took() },
        };
      }
      const upstream = upstreamError(result.error);
      const outcome = mapUpstreamStatus(status, upstream, headers.get('retry-after'), scrub);
      if (status != 404 && status != 409 && status != 410) {
        log(
          scrub(
            `PIMMS answered ${status} ${upstream.code ?? ''}${about}: ${upstream.message ?? ''}`,
          ),
        );
      }
      return { outcome, remember: isFinal(outcome), upstream: { status, ms: took() } };
    }

    const error = result.ok ? undefined : result.error;
    const ms = took();
    const detail = scrub(describeError(error));
    if (call.status == 'invalid') {
      // The SDK refused before sending: a bad base URL, or a body its schema rejects (the relay's
      // own validation is stricter, so the latter means the rules drifted apart).
      log(`the SDK refused the lead before sending${about}: ${detail}`);
      return error instanceof Error && error.name == 'InvalidRequestError'
        ? retry(
            failure(
              500,
              'relay_not_configured',
              `the relay's PIMMS API URL is not usable`,
              CONFIG_RETRY_AFTER,
            ),
          )
        : {
            outcome: failure(400, 'bad_request', `the PIMMS SDK refused the lead: ${detail}`),
            remember: false,
          };
    }
    log(`PIMMS could not be reached${about}: ${detail}`);
    return {
      remember: false,
      upstream: { ms },
      outcome:
        error instanceof Error && error.name == 'RequestTimeoutError'
          ? failure(
              504,
              'upstream_timeout',
              `PIMMS did not answer within ${timeoutMs} ms; retry later`,
              OUTAGE_RETRY_AFTER,
            )
          : failure(
              502,
              'upstream_unreachable',
              'PIMMS could not be reached; retry later',
              OUTAGE_RETRY_AFTER,
            ),
    };
  };
}

/** The `{code, message}` an upstream error body carried, as far as it can be found. */
export interface UpstreamError {
  code?: string;
  message?: string;
}

// Codes the API uses per status, for an error body that carries none.
const DEFAULT_CODES: Record<number, string> = {
  400: 'bad_request',
  404: 'not_found',
  409: 'conflict',
  410: 'invite_expired',
  422: 'unprocessable_entity',
};

/**
 * Maps a non-2xx upstream status to the relay's answer.
 *
 * - 401 / 403: the site's key is wrong or revoked. Answered 502 `upstream_auth`, **retryable**:
 *   the lead is fine, and dropping it for good because the site operator misconfigured the key
 *   would lose it; once the key is fixed, queued leads go through.
 * - 408: 504 `upstream_timeout`, retryable.
 * - 429: 429 `rate_limit_exceeded`, retryable, with the upstream `Retry-After` (default 30 s).
 * - Other 4xx (400, 404 click not found, 409 already recorded, 410, 422, ...): same status, final,
 *   with the API's code and message.
 * - 5xx: 502 `upstream_unavailable`, retryable, with the upstream `Retry-After` (default 10 s).
 * - Anything else (an unfollowed 3xx, ...): 502 `upstream_error`, retryable.
 *
 * @param status - The upstream HTTP status.
 * @param upstream - The code and message of the upstream error body.
 * @param retryAfter - The upstream `Retry-After` header, or null.
 * @param scrub - Removes the API key from upstream text.
 * @returns The outcome.
 * @example
 * mapUpstreamStatus(429, {}, '5', (t) => t) // 429 rate_limit_exceeded, retryAfter 5
 */
export function mapUpstreamStatus(
  status: number,
  upstream: UpstreamError,
  retryAfter: string | null,
  scrub: (text: string) => string,
): RelayOutcome {
  const wait = parseRetryAfter(retryAfter);
  if (status == 401 || status == 403) {
    return failure(
      502,
      'upstream_auth',
      `PIMMS refused the relay's PIMMS_API_KEY (${status}): the site's key is missing a permission, wrong or revoked; the lead is kept for a retry`,
      wait ?? CONFIG_RETRY_AFTER,
    );
  }
  if (status == 408)
    return failure(
      504,
      'upstream_timeout',
      'PIMMS timed out; retry later',
      wait ?? OUTAGE_RETRY_AFTER,
    );
  if (status == 429) {
    return failure(
      429,
      'rate_limit_exceeded',
      scrub(upstream.message || 'PIMMS is rate limiting this site; retry later'),
      wait ?? RATE_LIMIT_RETRY_AFTER,
    );
  }
  if (status >= 400 && status < 500) {
    return failure(
      status,
      upstream.code || DEFAULT_CODES[status] || 'bad_request',
      scrub(upstream.message || `PIMMS refused the lead (${status})`),
      undefined,
      false,
    );
  }
  if (status >= 500 && status < 600) {
    return failure(
      502,
      'upstream_unavailable',
      `PIMMS is unavailable (${status}); retry later`,
      wait ?? OUTAGE_RETRY_AFTER,
    );
  }
  return failure(
    502,
    'upstream_error',
    `PIMMS answered an unexpected ${status}; retry later`,
    OUTAGE_RETRY_AFTER,
  );
}

/**
 * Reads a `Retry-After` header (seconds or an HTTP date) as whole seconds from now.
 *
 * @param value - The header value, or null.
 * @param now - The current time in ms, for tests.
 * @returns Seconds in [0, 86400], or `undefined` when absent or unreadable.
 * @example
 * parseRetryAfter('120') // 120
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  const seconds = /^\d+$/.test(text) ? Number(text) : Math.ceil((Date.parse(text) - now) / 1000);
  return Number.isNaN(seconds) ? undefined : Math.min(Math.max(seconds, 0), 86_400);
}

function retry(outcome: RelayOutcome): Delivery {
  return { outcome, remember: false };
}

// The SDK keeps the upstream error body in a different place per error class: typed errors in
// `data$`, a schema mismatch (e.g. a code outside the SDK's enum) in `rawValue`, and an
// unexpected status or content type as text in `body`.
function upstreamError(error: unknown): UpstreamError {
  const holder = error as { data$?: unknown; rawValue?: unknown; body?: unknown } | undefined;
  let data = holder?.data$ ?? holder?.rawValue;
  if (data === undefined && typeof holder?.body == 'string') {
    try {
      data = JSON.parse(holder.body);
    } catch {
      data = undefined;
    }
  }
  const inner = (data as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  return {
    code: typeof inner?.code == 'string' ? inner.code : undefined,
    message: typeof inner?.message == 'string' ? inner.message : undefined,
  };
}

function rawValue(error: unknown): unknown {
  return (error as { rawValue?: unknown } | undefined)?.rawValue;
}

// A 2xx means PIMMS recorded the lead, even when its body does not match the SDK's schema; what
// the answer lacks is filled from what was sent.
function successBody(sent: TrackLeadBody, value: unknown, eventId?: string): RelayAnswer {
  const got = (value ?? {}) as { click?: { id?: unknown }; customer?: Record<string, unknown> };
  const customer = got.customer ?? {};
  const text = (field: unknown, fallback?: string | null) =>
    typeof field == 'string' || field === null ? field : (fallback ?? null);
  return {
    ok: true,
    ...(eventId ? { eventId } : {}),
    click: { id: text(got.click?.id, sent.clickId) as string },
    customer: {
      name: text(customer.name, sent.customerName),
      email: text(customer.email, sent.customerEmail),
      avatar: text(customer.avatar, sent.customerAvatar),
      externalId: text(customer.externalId, sent.externalId),
    },
  };
}
