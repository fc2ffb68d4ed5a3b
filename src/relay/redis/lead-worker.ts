/**
 * The worker that drains the lead queue: forwards each queued lead to PIMMS at PIMMS' pace,
 * retries what can succeed later, and drops only what PIMMS refused for good.
 */
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { failure, type RelayErrorBody } from '../answers.ts';
import { notRemembered, type Delivery } from '../delivery.ts';
import { describeError } from '../describe-error.ts';
import { deliveryEvent, startTrace } from '../event-reporter.ts';
import type { OnRelayEvent, RelayDecision } from '../relay-event.ts';
import { DEFAULT_QUEUE_NAME, DEFAULT_QUEUE_PREFIX, type QueuedLead } from './lead-queue.ts';
import { limiterFor, PIMMS_RATE_LIMIT_PER_MINUTE } from './rate-limit.ts';
import type { Forwarder } from '../forward-lead.ts';

/** Default of {@link LeadWorkerOptions.concurrency}. */
export const DEFAULT_WORKER_CONCURRENCY = 10;
/** Default of {@link LeadWorkerOptions.lockMs}: BullMQ's own 30 s. */
export const DEFAULT_LOCK_MS = 30_000;
/** Longest back-off between two tries of one lead, ms. */
export const MAX_BACKOFF_MS = 5 * 60_000;
/** Seconds to pause the queue after a 429 that said nothing about how long. */
export const DEFAULT_RATE_LIMIT_PAUSE = 30;
/**
 * Longest pause after a 429, seconds. PIMMS' window is a minute, so its reset is never further
 * away; a longer advice is a misread header, and pausing a whole queue on it would hold every
 * lead for as long (at worst, the next call meets another 429 and pauses again).
 */
export const MAX_RATE_LIMIT_PAUSE = 65;

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

/** A retryable failure, with the wait until its next try. */
class RetryLater extends Error {
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
    this.name = 'RetryLater';
  }
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
export function backoffMs(attempt: number, retryAfter: number | undefined): number {
  const exponential = Math.min(1000 * 2 ** Math.max(attempt - 1, 0), MAX_BACKOFF_MS);
  const jittered = exponential * (0.75 + Math.random() * 0.5);
  const advised = (retryAfter ?? 0) * 1000;
  return Math.round(Math.min(Math.max(jittered, advised), MAX_BACKOFF_MS));
}

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
export function startLeadWorker(options: LeadWorkerOptions): LeadWorker {
  const {
    url,
    forward,
    queueName = DEFAULT_QUEUE_NAME,
    prefix = DEFAULT_QUEUE_PREFIX,
    perMinute = PIMMS_RATE_LIMIT_PER_MINUTE,
    concurrency = DEFAULT_WORKER_CONCURRENCY,
    lockMs = DEFAULT_LOCK_MS,
  } = options;
  const write = options.log ?? ((line: string) => console.warn(`[pimms-relay] ${line}`));
  const log = (line: string) => {
    try {
      write(`queue: ${line}`);
    } catch {
      // A failing logger must not fail a job.
    }
  };
  // Workers block on Redis: BullMQ needs `maxRetriesPerRequest: null` on their connection.
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  connection.on('error', () => {});
  const pauser = new Queue<QueuedLead>(queueName, { connection, prefix });
  pauser.on('error', () => {});

  const emit = (job: Job<QueuedLead>, decision: Exclude<RelayDecision, { type: 'received' }>) => {
    if (!options.onEvent) return;
    const { body, eventId } = job.data;
    // A trace of its own per try: the lead's ids, and its key and e-mail scrubbed from every text.
    const trace = startTrace(options.onEvent, options.apiKey?.(), { worker: true });
    trace.lead({ ...body, ...(eventId ? { eventId } : {}) });
    trace.emit(decision);
  };

  const worker = new Worker<QueuedLead>(
    queueName,
    async (job: Job<QueuedLead>) => {
      const { body, eventId } = job.data;
      const about = eventId ? `eventId ${eventId}` : `job ${job.id}`;
      // BullMQ retries a job while attemptsMade + 1 < attempts (job.ts, shouldRetryJob).
      const lastTry = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      let delivery: Delivery;
      try {
        delivery = await forward(body, eventId);
      } catch (error) {
        // The relay's forwarder never rejects; another one is retried as a network error would be.
        delivery = notRemembered(
          failure(502, 'upstream_unreachable', `the forwarder failed: ${describeError(error)}`),
        );
      }
      const { outcome, upstream } = delivery;
      if (outcome.status >= 200 && outcome.status < 300) {
        emit(job, deliveryEvent(delivery, body));
        return { status: outcome.status };
      }
      const { code, message, retryable, retryAfter } = (outcome.body as RelayErrorBody).error;
      const reason = `${outcome.status} ${code}: ${message}`;
      const called = {
        ...(upstream?.status !== undefined ? { upstreamStatus: upstream.status } : {}),
        ...(upstream ? { ms: upstream.ms } : {}),
      };
      if (!retryable) {
        log(`dropped ${about}: PIMMS refused it for good (${reason})`);
        emit(job, {
          type: 'refused',
          status: outcome.status,
          code,
          reason: `PIMMS refused it for good: ${message}`,
        });
        throw new UnrecoverableError(reason);
      }
      if (outcome.status == 429) {
        const wait = Math.max(
          1,
          Math.min(retryAfter ?? DEFAULT_RATE_LIMIT_PAUSE, MAX_RATE_LIMIT_PAUSE),
        );
        log(`rate-limited (${about}): the queue pauses ${wait} s`);
        emit(job, {
          type: 'retry',
          status: outcome.status,
          retryAfter: wait,
          reason: `${message}; the queue pauses ${wait} s`,
          ...called,
        });
        await pauser.rateLimit(wait * 1000);
        throw Worker.RateLimitError();
      }
      if (lastTry) {
        const tries = job.attemptsMade + 1;
        emit(job, {
          type: 'refused',
          status: outcome.status,
          code,
          reason: `gave up after ${tries} ${tries == 1 ? 'try' : 'tries'}: ${message}`,
        });
        throw new RetryLater(reason, 0);
      }
      const delayMs = backoffMs(job.attemptsMade + 1, retryAfter);
      emit(job, {
        type: 'retry',
        status: outcome.status,
        retryAfter: Math.ceil(delayMs / 1000),
        reason: message,
        ...called,
      });
      throw new RetryLater(reason, delayMs);
    },
    {
      connection,
      prefix,
      concurrency,
      limiter: limiterFor(perMinute),
      lockDuration: lockMs,
      stalledInterval: lockMs,
      // A lead must not be dropped because workers kept dying under it.
      maxStalledCount: 100,
      settings: {
        // The wait was drawn when the try failed, so that its `retry` event tells the real one.
        backoffStrategy: (attemptsMade: number, _type?: string, error?: Error) =>
          error instanceof RetryLater ? error.delayMs : backoffMs(attemptsMade, undefined),
      },
    },
  );
  worker.on('error', (error) => log(`worker error: ${describeError(error)}`));
  worker.on('failed', (job, error) => {
    if (
      job &&
      !(error instanceof UnrecoverableError) &&
      job.attemptsMade >= (job.opts.attempts ?? 1)
    )
      log(
        `gave up on ${job.data.eventId ?? job.id} after ${job.attemptsMade} tries: ${error.message}`,
      );
  });

  let closing: Promise<void> | undefined;
  return {
    worker,
    close: () =>
      (closing ??= (async () => {
        await worker.close();
        await pauser.close();
        await connection.quit().catch(() => connection.disconnect());
      })()),
  };
}
