import type { TrackLeadBody } from '../shared/lead.ts';
import { type Delivery } from './delivery.ts';
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
    /** Upstream timeout in ms: every call ends within it (plus a second's grace at most). */
    timeoutMs: number;
    /** Where failures are reported (lines must already be free of the key; they are redacted again). */
    log: (line: string) => void;
    /** The clock in ms, for tests of the pause after a 429. Default `Date.now`. */
    now?: () => number;
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
 * The timeout is the relay's own, not the SDK's: the SDK puts an `AbortSignal.timeout()` on its
 * Request and sends a `clone()` of it, and undici's clone follows the original signal through a
 * weak reference, so a garbage collection during the call (likely on a fresh process's first
 * call, which allocates the most) loses the abort and the call hangs for good (issue 11). Here each
 * call has an AbortController held by its timer, and its signal is given to `fetch` itself; a call
 * that still has not settled a second after the timeout is answered 504 anyway.
 *
 * While PIMMS rate-limits the key (a 429), no call is made: the relay answers 429 itself with the
 * time left until PIMMS' reset, plus jitter.
 *
 * @param options - Resolved settings.
 * @returns The forwarder; it never rejects.
 * @example
 * const forward = createForwarder({ serverURL: 'http://127.0.0.1:8787', apiKey: () => key, timeoutMs: 10_000, log });
 * const { outcome } = await forward({ clickId: 'cl_1', eventName: 'Sign up', externalId: 'u1' }, 'ev1');
 */
export declare function createForwarder(options: ForwarderOptions): Forwarder;
