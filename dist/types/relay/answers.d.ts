/**
 * What the relay answers, as types the snippet relies on, and how an answer becomes a `Response`.
 */
import type { ErrorBody } from '../shared/lead.ts';
/**
 * The body of a 200 answer: PIMMS recorded the lead.
 *
 * @example
 * { "ok": true, "eventId": "k3v9x2", "click": { "id": "cl_7Hq2" },
 *   "customer": { "name": null, "email": "ada@example.com", "avatar": null, "externalId": "user_42" } }
 */
export interface RelayAnswer {
    /** Always `true`; error bodies have no `ok`. */
    ok: true;
    /** The request's `eventId`, when it had one. */
    eventId?: string;
    /** The click the lead was attributed to. */
    click: {
        id: string;
    };
    /** The customer PIMMS recorded, as the API returned it. */
    customer: {
        name: string | null;
        email: string | null;
        avatar: string | null;
        externalId: string | null;
    };
}
/**
 * The `code` of an error the relay makes itself. Upstream 4xx answers other than 401, 403, 408 and
 * 429 keep the API's own code instead (`bad_request`, `not_found`, `conflict`, `invite_expired`,
 * `unprocessable_entity`, ...).
 *
 * | code | status | retryable | when |
 * |---|---|---|---|
 * | `bad_request` | 400 | no | body not a JSON object, a field breaks a rule, a required field is missing |
 * | `forbidden_origin` | 403 | no | the Origin is not allowed (also on preflight) |
 * | `method_not_allowed` | 405 | no | not POST or OPTIONS |
 * | `payload_too_large` | 413 | no | body over `maxBodyBytes` |
 * | `unsupported_media_type` | 415 | no | not text/plain or application/json |
 * | `relay_not_configured` | 500 | yes | no API key, or an unusable `serverURL` |
 * | `enrich_failed` | 500 | yes | the `enrich` option threw |
 * | `internal_error` | 500 | yes | a bug in the relay or a custom de-dup store |
 * | `rate_limit_exceeded` | 429 | yes | PIMMS answered 429 |
 * | `upstream_auth` | 502 | yes | PIMMS refused the relay's key (401/403) |
 * | `upstream_unavailable` | 502 | yes | PIMMS answered 5xx |
 * | `upstream_unreachable` | 502 | yes | no answer from PIMMS (DNS, refused, reset) |
 * | `upstream_timeout` | 504 | yes | PIMMS did not answer within `timeoutMs` (or answered 408) |
 * | `upstream_error` | 502 | yes | PIMMS answered something unexpected (e.g. a 3xx) |
 * | `lead_in_progress` | 503 | yes | another instance is forwarding the same `eventId` (shared de-dup cache) |
 */
export type RelayErrorCode = 'bad_request' | 'forbidden_origin' | 'method_not_allowed' | 'payload_too_large' | 'unsupported_media_type' | 'relay_not_configured' | 'enrich_failed' | 'internal_error' | 'rate_limit_exceeded' | 'upstream_auth' | 'upstream_unavailable' | 'upstream_unreachable' | 'upstream_timeout' | 'upstream_error' | 'lead_in_progress';
/**
 * The body of every error answer: the API's `{error: {code, message}}` plus whether to retry.
 * The same facts are in the headers `X-Pimms-Retryable: 1|0` and `Retry-After` (seconds).
 *
 * @example
 * { "error": { "code": "rate_limit_exceeded", "message": "PIMMS is rate limiting this site; retry later",
 *   "retryable": true, "retryAfter": 30 } }
 */
export interface RelayErrorBody extends ErrorBody {
    error: {
        /** A {@link RelayErrorCode}, or the PIMMS API's code for an upstream 4xx passed through. */
        code: RelayErrorCode | (string & {});
        /** A human-readable explanation naming the field at fault where there is one. Never holds the API key. */
        message: string;
        /** True when the same request may succeed later (429 and 5xx); false for every other 4xx. */
        retryable: boolean;
        /** Seconds to wait before retrying, on retryable answers (also sent as `Retry-After`). */
        retryAfter?: number;
    };
}
/**
 * An answer before it becomes a `Response`; also what a de-dup store keeps for an `eventId`
 * (plain JSON, so a Redis or KV store can serialise it as is).
 */
export interface RelayOutcome {
    /** The HTTP status. */
    status: number;
    /** The JSON body. */
    body: RelayAnswer | RelayQueuedAnswer | RelayErrorBody;
}
/**
 * The body of a 202 answer: the lead is in the durable Redis queue (`connectRedis({ queue })`)
 * and a worker forwards it. The snippet treats it as delivered, as a 200.
 *
 * @example
 * { "ok": true, "queued": true, "eventId": "k3v9x2" }
 */
export interface RelayQueuedAnswer {
    ok: true;
    queued: true;
    /** The request's `eventId`, when it had one. */
    eventId?: string;
}
/** Header on every error answer: `1` when the client should retry later, `0` when it should give up. */
export declare const RETRYABLE_HEADER = "X-Pimms-Retryable";
/** Header on an answer replayed for a repeated `eventId` (nothing was sent upstream for it). */
export declare const DUPLICATE_HEADER = "X-Pimms-Duplicate";
/**
 * An error outcome.
 *
 * @param status - The HTTP status.
 * @param code - The error code.
 * @param message - What went wrong (must already be free of the API key).
 * @param retryAfter - Seconds before a retry; only kept when the outcome is retryable.
 * @param retryable - Defaults to true for 429 and 5xx, false otherwise.
 * @example
 * failure(400, 'bad_request', 'externalId is required')
 */
export declare function failure(status: number, code: RelayErrorCode | (string & {}), message: string, retryAfter?: number, retryable?: boolean): RelayOutcome;
/**
 * Whether an outcome is settled for good (delivered, or refused for a reason a retry cannot fix).
 *
 * @param outcome - An outcome.
 * @returns False only for retryable errors.
 * @example
 * isFinal(failure(404, 'not_found', 'Click not found')) // true
 */
export declare function isFinal(outcome: RelayOutcome): boolean;
/**
 * Turns an outcome into a JSON `Response` that is never cached, with `X-Pimms-Retryable` and
 * `Retry-After` on errors.
 *
 * @param outcome - The status and body.
 * @param headers - More headers, e.g. CORS or `Allow`.
 * @returns The response.
 * @example
 * toResponse(failure(405, 'method_not_allowed', 'Use POST'), { Allow: 'POST, OPTIONS' })
 */
export declare function toResponse(outcome: RelayOutcome, headers?: HeadersInit): Response;
