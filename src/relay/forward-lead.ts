/**
 * Sends a lead to the PIMMS API with the official `pimms` SDK and turns what happened into the
 * relay's answer: delivered, refused for good, or retry later. The status policy is in
 * `upstream-status.ts`, the waits in `retry-after.ts`, the pause after a 429 in
 * `rate-limit-pause.ts`, the SDK's error shapes in `sdk-error.ts`, the 200 body in `success-body.ts`.
 */
import { PimmsCore } from 'pimms/core.js';
import { trackLead } from 'pimms/funcs/trackLead.js';
import { HTTPClient } from 'pimms/lib/http.js';
import type { TrackLeadBody } from '../shared/lead.ts';
import { failure, isFinal, type RelayOutcome } from './answers.ts';
import { notRemembered, type Delivery } from './delivery.ts';
import { describeError } from './describe-error.ts';
import {
  createRateLimitPause,
  rateLimitFigures,
  type RateLimitFigures,
} from './rate-limit-pause.ts';
import { redact } from './redact.ts';
import { CONFIG_RETRY_AFTER, OUTAGE_RETRY_AFTER } from './retry-after.ts';
import { rawValueOf, upstreamErrorOf } from './sdk-error.ts';
import { successBody } from './success-body.ts';
import { mapUpstreamStatus } from './upstream-status.ts';

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

// Tags each SDK request with the call it belongs to, so that the fetcher (shared by every call)
// hands fetch that call's own signal; removed before the request leaves.
const CALL_HEADER = 'x-pimms-relay-call';
// How long after the timeout a call that still has not settled is answered anyway.
const GRACE_MS = 1000;

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
export function createForwarder(options: ForwarderOptions): Forwarder {
  const { timeoutMs, log } = options;
  const pause = createRateLimitPause(options.now);
  const signals = new Map<string, AbortSignal>();
  let calls = 0;
  const httpClient = new HTTPClient({
    fetcher: (input) => {
      const fetcher = options.fetch ?? globalThis.fetch;
      const request = input as Request;
      const call = request.headers.get(CALL_HEADER);
      request.headers.delete(CALL_HEADER);
      const signal = call === null ? undefined : signals.get(call);
      return signal ? fetcher(request, { signal }) : fetcher(request);
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
      debugLogger: { group() {}, groupEnd() {}, log() {} },
    });
  } catch (error) {
    configError = `the relay's PIMMS API URL is not valid: ${describeError(error)}`;
  }
  const timedOut = () =>
    failure(
      504,
      'upstream_timeout',
      `PIMMS did not answer within ${timeoutMs} ms; retry later`,
      OUTAGE_RETRY_AFTER,
    );

  return async (body, eventId) => {
    const key = options.apiKey() ?? '';
    const scrub = (text: string) => redact(text, key);
    const about = eventId ? ` (eventId ${eventId})` : '';
    if (!client) {
      log(configError + about);
      return notRemembered(failure(500, 'relay_not_configured', configError, CONFIG_RETRY_AFTER));
    }
    const wait = pause.admit(key, eventId);
    if (wait) {
      return notRemembered(
        failure(
          429,
          'rate_limit_exceeded',
          `PIMMS is rate limiting this site's key; the relay holds this lead for ${wait} s`,
          wait,
        ),
      );
    }

    const started = performance.now();
    const took = () => Math.round(performance.now() - started);
    const call = String(++calls);
    const aborter = new AbortController();
    signals.set(call, aborter.signal);
    let grace: ReturnType<typeof setTimeout> | undefined;
    let late!: (delivery: Delivery) => void;
    const lateAnswer = new Promise<Delivery>((resolve) => (late = resolve));
    const timer = setTimeout(() => {
      aborter.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError'));
      grace = setTimeout(() => {
        log(`PIMMS did not answer within ${timeoutMs} ms and the call did not end${about}`);
        late(notRemembered(timedOut(), { ms: took() }));
      }, GRACE_MS);
    }, timeoutMs);
    let figures: RateLimitFigures | undefined;
    try {
      const sent = trackLead(client, body, {
        retries: { strategy: 'none' },
        fetchOptions: { signal: aborter.signal, headers: { [CALL_HEADER]: call } },
      });
      // $inspect() awaits the SDK's inner promise; the APIPromise also keeps an unwrapped copy of
      // it that nobody awaits, so a rejection (the SDK's JSON.stringify overflowing on a deep
      // body) would be unhandled and end the Node process (issue 11).
      sent.catch(() => {});
      return await Promise.race([
        sent.$inspect().then(
          ([result, call]) => {
            if (call.status == 'complete') figures = rateLimitFigures(call.response.headers);
            return settle(result, call, body, eventId, key, figures, scrub, took);
          },
          (error: unknown) => thrown(error, about, scrub),
        ),
        lateAnswer,
      ]);
    } finally {
      clearTimeout(timer);
      clearTimeout(grace);
      signals.delete(call);
      pause.settle(key, figures);
    }
  };

  function thrown(error: unknown, about: string, scrub: (text: string) => string): Delivery {
    log(scrub(`the SDK failed${about}: ${describeError(error)}`));
    // A RangeError comes from the body (nested too deep to encode): the same body always fails.
    return error instanceof RangeError
      ? notRemembered(failure(400, 'bad_request', 'the lead could not be encoded for PIMMS'))
      : notRemembered(
          failure(500, 'internal_error', 'the relay failed to call PIMMS; retry later'),
        );
  }

  function settle(
    result: Awaited<ReturnType<typeof trackLead>>,
    call: Awaited<ReturnType<ReturnType<typeof trackLead>['$inspect']>>[1],
    body: TrackLeadBody,
    eventId: string | undefined,
    key: string,
    figures: RateLimitFigures | undefined,
    scrub: (text: string) => string,
    took: () => number,
  ): Delivery {
    const about = eventId ? ` (eventId ${eventId})` : '';
    if (call.status == 'complete') {
      const { status, headers } = call.response;
      if (status >= 200 && status < 300) {
        const value = result.ok ? result.value : rawValueOf(result.error);
        return {
          outcome: { status: 200, body: successBody(body, value, eventId) },
          remember: true,
          upstream: { status, ms: took() },
        };
      }
      const upstream = upstreamErrorOf(result.error);
      let outcome = mapUpstreamStatus(status, upstream, headers.get('retry-after'), scrub);
      if (status == 429) outcome = pauseFor(outcome, key, figures, eventId);
      // 404 is a click PIMMS does not know: the visitor's, not the site's problem.
      if (status != 404) {
        log(
          scrub(
            `PIMMS answered ${status} ${upstream.code ?? ''}${about}: ${upstream.message ?? ''}`,
          ),
        );
      }
      return { outcome, remember: isFinal(outcome), upstream: { status, ms: took() } };
    }

    const error = result.ok ? undefined : result.error;
    const detail = scrub(describeError(error));
    if (call.status == 'invalid') {
      // The SDK refused before sending: a bad base URL, or a body its schema rejects (the relay's
      // own validation is stricter, so the latter means the rules drifted apart).
      log(`the SDK refused the lead before sending${about}: ${detail}`);
      return error instanceof Error && error.name == 'InvalidRequestError'
        ? notRemembered(
            failure(
              500,
              'relay_not_configured',
              `the relay's PIMMS API URL is not usable`,
              CONFIG_RETRY_AFTER,
            ),
          )
        : notRemembered(failure(400, 'bad_request', `the PIMMS SDK refused the lead: ${detail}`));
    }
    log(`PIMMS could not be reached${about}: ${detail}`);
    return notRemembered(
      error instanceof Error && error.name == 'RequestTimeoutError'
        ? timedOut()
        : failure(
            502,
            'upstream_unreachable',
            'PIMMS could not be reached; retry later',
            OUTAGE_RETRY_AFTER,
          ),
      { ms: took() },
    );
  }

  // Holds the key's calls until PIMMS' reset, then paces them at its limit; tells this lead its slot.
  function pauseFor(
    outcome: RelayOutcome,
    key: string,
    figures: RateLimitFigures | undefined,
    eventId: string | undefined,
  ): RelayOutcome {
    if (!('error' in outcome.body) || outcome.body.error.retryAfter === undefined) return outcome;
    const { perMinute } = figures ?? {};
    const retryAfter = pause.pause(key, outcome.body.error.retryAfter, perMinute, eventId);
    return { ...outcome, body: { error: { ...outcome.body.error, retryAfter } } };
  }
}
