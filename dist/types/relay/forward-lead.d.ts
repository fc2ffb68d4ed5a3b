import type { TrackLeadBody } from '../shared/lead.ts';
import { type RelayOutcome } from './answers.ts';
import type { Delivery } from './dedupe.ts';
/** Seconds to wait before retrying when PIMMS rate limits and does not say how long. */
export declare const RATE_LIMIT_RETRY_AFTER = 30;
/** Seconds to wait before retrying after an outage, a timeout or an unreachable API. */
export declare const OUTAGE_RETRY_AFTER = 10;
/** Seconds to wait before retrying a configuration problem (missing or refused key). */
export declare const CONFIG_RETRY_AFTER = 60;
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
export declare function createForwarder(options: ForwarderOptions): (body: TrackLeadBody, eventId?: string) => Promise<Delivery>;
/** The `{code, message}` an upstream error body carried, as far as it can be found. */
export interface UpstreamError {
    code?: string;
    message?: string;
}
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
export declare function mapUpstreamStatus(status: number, upstream: UpstreamError, retryAfter: string | null, scrub: (text: string) => string): RelayOutcome;
/**
 * Reads a `Retry-After` header (seconds or an HTTP date) as whole seconds from now.
 *
 * @param value - The header value, or null.
 * @param now - The current time in ms, for tests.
 * @returns Seconds in [0, 86400], or `undefined` when absent or unreadable.
 * @example
 * parseRetryAfter('120') // 120
 */
export declare function parseRetryAfter(value: string | null, now?: number): number | undefined;
