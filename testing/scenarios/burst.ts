/**
 * The burst scenario (issue 9): a launch-day burst of sign-ups, more than the PIMMS key's
 * per-minute limit, sent through a relay to the sandbox (PIMMS) by many concurrent clients that
 * retry as the snippet does. Everything on loopback. bench/burst.ts reports it; another relay (the
 * Redis queue) can be measured by passing its own `startRelay`.
 *
 * Counted at the sandbox, i.e. at PIMMS: every upstream call, the ones refused with 429, the
 * first recording of each lead and the repeats that reached it.
 */
import { createLeadRelay } from '../../src/relay/create-lead-relay.ts';
import { serve, type ServedHandler } from '../../src/relay/serve.ts';
import { createSandbox } from '../../src/sandbox/index.ts';
import { retryDelay } from '../../src/snippet/retry-delay.ts';
import { waitFor } from './wait-for.ts';

/** What a relay under test is given: where PIMMS (the sandbox) is and the key it accepts. */
export interface BurstUpstream {
  /** The sandbox's base URL, e.g. `http://127.0.0.1:53124`: the relay's `serverURL`. */
  serverURL: string;
  /** The workspace key the sandbox accepts: the relay's `apiKey`. */
  apiKey: string;
  /** Where the relay may log (kept quiet by default, counted in {@link BurstResult.relayLogLines}). */
  log: (line: string) => void;
}

/** Settings of {@link runBurst}; all optional. */
export interface BurstOptions {
  /** Leads in the burst, one per visitor (distinct externalId and eventId). Default 180. */
  leads?: number;
  /** The sandbox's requests a minute for the key (PIMMS: 600). Default 60. */
  rateLimit?: number;
  /** Concurrent clients; the leads are dealt to them in turn. Default: one per lead. */
  clients?: number;
  /** The clients start spread evenly over this many ms (a burst, not one instant). Default 1000. */
  spreadMs?: number;
  /**
   * When the run gives up, from its start, in ms. A client told to wait past it stops trying (the
   * lead counts as held, as a browser holding it in its outbox would). Default: the ideal drain
   * time plus 60 s.
   */
  deadlineMs?: number;
  /**
   * The relay answers before it forwards (a queue): once the clients are done, wait until the
   * sandbox holds every lead or the deadline passes. Default false: the relay answers after
   * PIMMS did, so the run ends when the clients do.
   */
  forwardsAfterAnswer?: boolean;
  /** Starts the relay under test, served on loopback. Default {@link startDefaultRelay}. */
  startRelay?: (upstream: BurstUpstream) => Promise<ServedHandler>;
  /** Progress lines (one every 10 s). Default none. */
  onProgress?: (line: string) => void;
}

/** What {@link runBurst} measured. */
export interface BurstResult {
  /** Leads in the burst. */
  leads: number;
  /** The sandbox's limit, requests a minute. */
  rateLimit: number;
  /** Concurrent clients. */
  clients: number;
  /** Leads the sandbox holds exactly one row of (goal: all). */
  recordedOnce: number;
  /** Rows beyond the first of a lead (goal: 0). */
  duplicates: number;
  /** Calls that reached the sandbox for a lead it had recorded already (answered 200, nothing recorded). */
  repeatsUpstream: number;
  /** Leads a client gave up on: refused (a final 4xx) or told to wait past the deadline. */
  givenUp: number;
  /** From the first send to the sandbox holding every lead, ms; undefined when it never did. */
  drainMs?: number;
  /** The ideal: `leads / rateLimit` minutes, in ms. */
  idealMs: number;
  /** How long the run took, ms (the deadline at most). */
  elapsedMs: number;
  /** Every `POST /track/lead` that reached the sandbox. */
  upstreamCalls: number;
  /** Of those, answered 429 by the sandbox's rate limit (goal: under 5% of upstreamCalls). */
  upstream429: number;
  /** Every request the clients sent to the relay (first tries and retries). */
  clientRequests: number;
  /** The relay's answers by status (`0`: no answer), e.g. `{ 200: 180, 429: 95 }`. */
  relayStatuses: Record<number, number>;
  /** The longest `Retry-After` the relay told a client, in seconds. */
  maxRetryAfterSeconds: number;
  /** Lines the relay logged. */
  relayLogLines: number;
}

const API_KEY = 'pimms_burst_key';

/**
 * The relay as a site runs it: `createLeadRelay` forwarding to the sandbox with the real SDK,
 * served on loopback.
 *
 * @param upstream - The sandbox's URL and key.
 * @example
 * await runBurst({ startRelay: startDefaultRelay })
 */
export function startDefaultRelay(upstream: BurstUpstream): Promise<ServedHandler> {
  return serve(
    createLeadRelay({ apiKey: upstream.apiKey, serverURL: upstream.serverURL, log: upstream.log }),
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs the burst: starts a sandbox (rate-limited, in memory) and the relay on loopback, lets the
 * clients send every lead and retry it the way the snippet does (a 2xx ends it; a 4xx other than
 * 408/429 is final; otherwise wait the relay's `Retry-After` plus up to 1 s of jitter, or without
 * one the snippet's exponential back-off, and resend the same body with the same eventId), waits
 * until the sandbox holds every lead or the deadline passes, and stops everything.
 *
 * @param options - See {@link BurstOptions}; every field has a default.
 * @returns The counts and times of {@link BurstResult}.
 * @example
 * const result = await runBurst({ leads: 180, rateLimit: 60 });
 * console.log(result.recordedOnce, result.upstream429 / result.upstreamCalls);
 */
export async function runBurst(options: BurstOptions = {}): Promise<BurstResult> {
  const leads = options.leads ?? 180;
  const rateLimit = options.rateLimit ?? 60;
  const clients = Math.max(1, Math.min(options.clients ?? leads, leads));
  const spreadMs = options.spreadMs ?? 1000;
  const idealMs = (leads / rateLimit) * 60_000;
  const deadlineMs = options.deadlineMs ?? idealMs + 60_000;

  const sandbox = createSandbox({
    file: ':memory:',
    apiKeys: [API_KEY],
    links: [{ key: 'burst', url: 'http://127.0.0.1/' }],
    rateLimit,
    log: () => {},
  });
  let upstreamCalls = 0;
  let upstream429 = 0;
  let repeatsUpstream = 0;
  let recorded = 0;
  let lastRecordedAt = 0;
  const recordedIds = new Set<string>();
  // Counts at the sandbox's door, as PIMMS' own logs would.
  const api = await serve(async (request) => {
    if (request.method != 'POST' || new URL(request.url).pathname != '/track/lead')
      return sandbox.handler(request);
    upstreamCalls++;
    let externalId = '';
    try {
      externalId = String(JSON.parse(await request.clone().text()).externalId ?? '');
    } catch {}
    const response = await sandbox.handler(request);
    if (response.status == 429) upstream429++;
    if (response.status == 200) {
      if (recordedIds.has(externalId)) repeatsUpstream++;
      else {
        recordedIds.add(externalId);
        recorded++;
        lastRecordedAt = Date.now();
      }
    }
    return response;
  });

  let relayLogLines = 0;
  const relay = await (options.startRelay ?? startDefaultRelay)({
    serverURL: api.url,
    apiKey: API_KEY,
    log: () => void relayLogLines++,
  });

  const click = await sandbox.handler(new Request(`${api.url}/go/burst`));
  const clickId = new URL(click.headers.get('location')!).searchParams.get('pimms_id')!;

  const started = Date.now();
  const deadline = started + deadlineMs;
  let clientRequests = 0;
  let givenUp = 0;
  let maxRetryAfterSeconds = 0;
  const relayStatuses: Record<number, number> = {};

  async function deliver(index: number): Promise<void> {
    const body = JSON.stringify({
      eventId: `ev_burst_${index}`,
      clickId,
      eventName: 'Sign up',
      externalId: `burst_${index}`,
    });
    for (let attempt = 1; ; attempt++) {
      let status = 0;
      let retryAfter = 0;
      try {
        const response = await fetch(relay.url, {
          method: 'POST',
          headers: { 'Content-Type': 'text/plain;charset=UTF-8' },
          body,
        });
        status = response.status;
        retryAfter = Number(response.headers.get('retry-after')) || 0;
        await response.arrayBuffer();
      } catch {
        // A network error: retried with the back-off, as the snippet does.
      }
      clientRequests++;
      relayStatuses[status] = (relayStatuses[status] ?? 0) + 1;
      if (status >= 200 && status < 300) return;
      if (status >= 400 && status < 500 && status != 408 && status != 429) {
        givenUp++;
        return;
      }
      maxRetryAfterSeconds = Math.max(maxRetryAfterSeconds, retryAfter);
      const wait = retryAfter ? retryAfter * 1e3 + Math.random() * 1e3 : retryDelay(attempt);
      if (Date.now() + wait > deadline) {
        givenUp++;
        return;
      }
      await sleep(wait);
    }
  }

  const progress = setInterval(
    () =>
      options.onProgress?.(
        `burst: ${recorded}/${leads} recorded, ${upstreamCalls} upstream calls (${upstream429} got 429), ${((Date.now() - started) / 1e3).toFixed(0)} s`,
      ),
    10_000,
  );
  try {
    let next = 0;
    await Promise.all(
      Array.from({ length: clients }, async (_, lane) => {
        await sleep((spreadMs * lane) / clients);
        while (next < leads) await deliver(next++);
      }),
    );
    // A relay that answers before it forwards (a queue) may still be draining.
    if (options.forwardsAfterAnswer)
      await waitFor(() => recorded >= leads, Math.max(0, deadline - Date.now()), 100);
  } finally {
    clearInterval(progress);
  }
  const elapsedMs = Date.now() - started;

  const rows = new Map<string, number>();
  for (const lead of sandbox.leads())
    rows.set(lead.externalId, (rows.get(lead.externalId) ?? 0) + 1);
  let recordedOnce = 0;
  let duplicates = 0;
  for (const count of rows.values()) {
    if (count == 1) recordedOnce++;
    duplicates += count - 1;
  }
  await relay.close();
  await api.close();
  sandbox.close();
  return {
    leads,
    rateLimit,
    clients,
    recordedOnce,
    duplicates,
    repeatsUpstream,
    givenUp,
    drainMs: recorded >= leads ? lastRecordedAt - started : undefined,
    idealMs,
    elapsedMs,
    upstreamCalls,
    upstream429,
    clientRequests,
    relayStatuses,
    maxRetryAfterSeconds,
    relayLogLines,
  };
}
