/**
 * The worker that drains the lead queue: forwards each queued lead to PIMMS at PIMMS' pace,
 * retries what can succeed later, and drops only what PIMMS refused for good.
 */
import { Worker } from 'bullmq';
import type { OnRelayEvent } from '../relay-event.ts';
import { type QueuedLead } from './lead-queue.ts';
import type { Forwarder } from '../forward-lead.ts';
/** Default of {@link LeadWorkerOptions.concurrency}. */
export declare const DEFAULT_WORKER_CONCURRENCY = 10;
/** Default of {@link LeadWorkerOptions.lockMs}: BullMQ's own 30 s. */
export declare const DEFAULT_LOCK_MS = 30000;
/** Longest back-off between two tries of one lead, ms. */
export declare const MAX_BACKOFF_MS: number;
/** Seconds to pause the queue after a 429 that said nothing about how long. */
export declare const DEFAULT_RATE_LIMIT_PAUSE = 30;
/**
 * Longest pause after a 429, seconds. PIMMS' window is a minute, so its reset is never further
 * away; a longer advice is a misread header, and pausing a whole queue on it would hold every
 * lead for as long (at worst, the next call meets another 429 and pauses again).
 */
export declare const MAX_RATE_LIMIT_PAUSE = 65;
/** Settings of {@link startLeadWorker}. */
export interface LeadWorkerOptions {
    /** Redis URL, e.g. `redis://127.0.0.1:6379`. */
    url: string;
    /** Forwards one lead: the relay's forwarder (same key and URL). */
    forward: Forwarder;
    /** Queue name and key prefix; must match the relay's. Defaults `leads` and `pimms-lead`. */
    queueName?: string;
    prefix?: string;
    /**
     * PIMMS' limit, requests per minute for the key; every worker on the queue shares it.
     * Default 600 (PIMMS' own).
     */
    perMinute?: number;
    /** Leads in flight at once per worker. Default 10. */
    concurrency?: number;
    /**
     * How long a job's lock lasts without renewal, ms: after a worker dies mid-job, its jobs go
     * back to the queue after about this long (and are checked this often). Default 30000.
     */
    lockMs?: number;
    /**
     * Where drops and pauses are reported, one line each starting `queue: `. Default `console.warn`
     * with the `[pimms-relay]` prefix (the relay's own log adds it itself).
     */
    log?: (line: string) => void;
    /**
     * Where each try is reported as a relay event with `worker: true`: `forwarded` (PIMMS took
     * it), `retry` (the wait until the next try), `refused` (dropped for good, or out of tries).
     * `connectRedis()` passes the relay's own `onEvent`. Default: no events.
     */
    onEvent?: OnRelayEvent;
    /** The API key to scrub from every event (the forwarder holds it). Default: none. */
    apiKey?: () => string | undefined;
}
/** A running worker. */
export interface LeadWorker {
    /** The BullMQ worker (events: `completed`, `failed`, ...). */
    worker: Worker<QueuedLead>;
    /** Stops taking jobs, waits for the running ones, closes its connections. */
    close(): Promise<void>;
}
/**
 * The wait before a lead's next try: exponential (1 s, 2 s, 4 s, ...) with ±25% jitter, never
 * shorter than the answer's `Retry-After`, never longer than {@link MAX_BACKOFF_MS}.
 *
 * @param attempt - The try that failed, 1 for the first.
 * @param retryAfter - Seconds the answer advised, if any.
 * @returns Milliseconds.
 * @example
 * backoffMs(3, 10) // 10000 (4 s ± 25%, but the answer said 10 s)
 */
export declare function backoffMs(attempt: number, retryAfter: number | undefined): number;
/**
 * Starts a worker on the lead queue.
 *
 * For each job it calls `forward` and reads the relay's answer:
 *
 * - 2xx: done (the job is kept 24 h, then removed).
 * - 429 (PIMMS rate-limited the key, or the relay paused after one): the whole queue pauses for
 *   the `Retry-After` PIMMS gave (at most 65 s; every worker on it), and the job goes back to the
 *   queue without spending a try.
 * - other retryable answers (5xx, timeouts, network errors, a refused key): tried again after an
 *   exponential back-off with jitter (1 s, 2 s, ... capped at 5 min, never shorter than the
 *   answer's `Retry-After`, never longer than 5 min), up to the job's tries (300 by default, about a day); a job out of
 *   tries stays in the failed set for 7 days.
 * - a final 4xx (PIMMS refused the lead for good): dropped, logged with PIMMS' reason.
 *
 * With `onEvent`, each try is reported as exactly one relay event with `worker: true`:
 * `forwarded` (2xx: `upstreamStatus`, `ms`), `retry` (429, 5xx, network: `status`, `retryAfter`
 * until the next try, `reason`, and `upstreamStatus`/`ms` when PIMMS was called), or `refused`
 * (dropped: `status`, `code`, `reason`, for a final 4xx or the last try).
 *
 * The pace is BullMQ's rate limiter, shared in Redis by every worker on the queue
 * ({@link limiterFor}). A worker killed mid-job leaves its job locked for `lockMs`, after which
 * the next worker's stall check puts it back in the queue: the lead is forwarded again, and PIMMS
 * records it once (it ignores a repeat of the same externalId and event name).
 *
 * @param options - See {@link LeadWorkerOptions}.
 * @returns The worker and `close()`.
 * @example
 * const worker = startLeadWorker({ url: process.env.REDIS_URL!, forward });
 * process.on('SIGTERM', () => worker.close());
 */
export declare function startLeadWorker(options: LeadWorkerOptions): LeadWorker;
