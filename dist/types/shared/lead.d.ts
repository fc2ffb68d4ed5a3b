/**
 * The wire format shared by the snippet, the relay and the sandbox.
 *
 * The snippet sends a {@link LeadBody} to the relay as a text/plain JSON string; the relay
 * removes `eventId` and forwards the rest ({@link TrackLeadBody}) to `POST /track/lead`.
 */
/**
 * The fields a site may give for a lead: the body of `POST /track/lead` without `eventName`
 * (which `lead()` takes separately). Every field is optional here; the snippet fills `clickId`
 * from the `pimms_id` cookie and `externalId` from an anonymous visitor id.
 *
 * @example
 * pimms.lead('Sign up', { customerEmail: 'ada@example.com', metadata: { plan: 'pro' } })
 */
export interface LeadFields {
    /** The PIMMS click id; defaults to the `pimms_id` cookie. A string, trimmed, non-empty. */
    clickId?: string;
    /**
     * The customer's id in the site's own system: a string (a number is dropped, not converted),
     * trimmed, 1 to 100 characters. Defaults to a stable anonymous visitor id.
     */
    externalId?: string;
    /**
     * PIMMS' deprecated alias of `externalId`, with its rules; when given it becomes the
     * `externalId` (and wins over one given as `externalId`, as in PIMMS).
     */
    customerId?: string;
    /** The customer's name, at most 100 characters, not trimmed (a longer one is dropped). */
    customerName?: string | null;
    /** The customer's e-mail address, at most 100 characters, not trimmed; an invalid one (`""`, a space) is dropped. */
    customerEmail?: string | null;
    /** The customer's avatar: any string (PIMMS checks no URL). */
    customerAvatar?: string | null;
    /**
     * Any JSON object, at most 8 levels deep and 4,096 characters as JSON (page context included);
     * page context (path, referrer, title, UTM parameters) is merged under it.
     */
    metadata?: Record<string, unknown> | null;
    /** How many of the event happened (PIMMS' `eventQuantity`): a finite number. */
    eventQuantity?: number | null;
    /**
     * `async` (PIMMS' default): PIMMS answers before it writes the lead; `wait`: after. (The `pimms`
     * SDK 0.4.0 the relay forwards with does not send it.)
     */
    mode?: 'async' | 'wait';
}
/**
 * The body of the PIMMS API's `POST /track/lead` (`TrackLeadRequestBody`), as the relay forwards
 * it and the sandbox accepts it.
 */
export interface TrackLeadBody extends LeadFields {
    /** The PIMMS click id (the `pimms_id` cookie); required, trimmed, non-empty. */
    clickId: string;
    /** What happened, e.g. "Sign up"; required, 1 to 255 characters. */
    eventName: string;
}
/**
 * What the snippet sends to the relay: a {@link TrackLeadBody} plus a client `eventId`.
 *
 * @example
 * { "eventId": "k3v9x2...", "clickId": "cl_7Hq2", "eventName": "Sign up", "externalId": "anon_Zp0...",
 *   "metadata": { "path": "/signup", "title": "Sign up" } }
 */
export interface LeadBody extends TrackLeadBody {
    /** Made once per lead by the snippet and kept across resends, so the relay forwards it once. */
    eventId: string;
}
/**
 * The outcome of `pimms.lead()`. The promise always resolves with one of these; it never rejects.
 *
 * @example
 * const r = await pimms.lead('Sign up'); // { ok: true, status: 'sent', body: {...} }
 */
export interface LeadResult {
    /** True only when the endpoint confirmed the lead (status `sent`). */
    ok: boolean;
    /**
     * - `sent`: the endpoint confirmed it.
     * - `queued`: kept in the outbox and re-sent later (endpoint down, offline, rate limited, sent by
     *   beacon as the page went away, or waiting for consent).
     * - `skipped`: not sent and not kept: no click id, consent refused, Global Privacy Control.
     * - `rejected`: invalid (no event name) or refused for good by the endpoint (a 4xx other than 429).
     */
    status: 'sent' | 'queued' | 'skipped' | 'rejected';
    /** Why, for every status but a plain `sent`. */
    reason?: string;
    /** The body as sent or queued (absent when nothing was built). */
    body?: LeadBody;
}
/** The error body of the relay and of the PIMMS API: `{error: {code, message}}`. */
export interface ErrorBody {
    error: {
        /** A short code such as `bad_request`, `not_found`, `rate_limit_exceeded`. */
        code: string;
        /** A human-readable explanation naming the field at fault where there is one. */
        message: string;
    };
}
