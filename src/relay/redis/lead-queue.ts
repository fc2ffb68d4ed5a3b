/**
 * The durable queue of leads (BullMQ on Redis): the relay puts a checked lead in it and answers
 * 202 at once; a worker (./lead-worker.ts) forwards it to PIMMS at PIMMS' pace.
 */
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { TrackLeadBody } from '../../shared/lead.ts';
import type { RelayOutcome, RelayQueuedAnswer } from '../answers.ts';
import type { Delivery } from '../delivery.ts';
import { describeError } from '../describe-error.ts';
import type { Forwarder } from '../forward-lead.ts';

/** Default BullMQ queue name; the keys are `<prefix><name>:…`. One queue per PIMMS key. */
export const DEFAULT_QUEUE_NAME = 'leads';
/** Default BullMQ key prefix (without the trailing colon BullMQ adds). */
export const DEFAULT_QUEUE_PREFIX = 'pimms-lead';
/** How long a forwarded job is kept (ms), so that a repeat of its eventId adds no second job: 24 h. */
export const COMPLETED_KEEP_MS = 24 * 60 * 60 * 1000;
/** How long a dropped or exhausted job is kept for inspection (ms): 7 days. */
export const FAILED_KEEP_MS = 7 * 24 * 60 * 60 * 1000;
/** Default tries of a lead on retryable failures; with back-off capped at 5 min, about a day. */
export const DEFAULT_MAX_ATTEMPTS = 300;
/** How long the relay waits for Redis to take a job before it forwards the lead itself (ms). */
export const ENQUEUE_TIMEOUT_MS = 5_000;

/** What a queued job carries: the lead as the relay would have forwarded it. */
export interface QueuedLead {
  /** The checked (and enriched) body, without `eventId`. */
  body: TrackLeadBody;
  /** The snippet's `eventId`, when the request had one. */
  eventId?: string;
  /** When the relay accepted it, ms since the epoch. */
  queuedAt: number;
}

/** The 202 body of a lead accepted into the queue (the relay's {@link RelayQueuedAnswer}). */
export type QueuedAnswer = RelayQueuedAnswer;

/** The HTTP status of a queued lead. */
export const QUEUED_STATUS = 202;

/**
 * The BullMQ job id of a lead: its `eventId` (so a repeat adds nothing), or a random one. BullMQ
 * refuses an id that is an integer; an all-digit eventId gets a `.` (a character eventIds never
 * hold, so it cannot meet another eventId).
 *
 * @param eventId - The lead's eventId.
 * @example
 * jobIdOf('k3v9x2') // 'k3v9x2'
 */
export function jobIdOf(eventId: string | undefined): string | undefined {
  if (!eventId) return undefined;
  return /^\d+$/.test(eventId) ? eventId + '.' : eventId;
}

/** Settings of {@link createLeadQueue}. */
export interface LeadQueueOptions {
  /** The ioredis client the queue adds jobs with (with `enableOfflineQueue: false`, so adds fail fast). */
  connection: Redis;
  /** Queue name. Default {@link DEFAULT_QUEUE_NAME}. */
  name?: string;
  /** BullMQ key prefix. Default {@link DEFAULT_QUEUE_PREFIX}. */
  prefix?: string;
  /** Tries on retryable failures. Default {@link DEFAULT_MAX_ATTEMPTS}. */
  maxAttempts?: number;
}

/** The queue, as the relay uses it. */
export interface LeadQueue {
  /** The BullMQ queue (counts, inspection). */
  queue: Queue<QueuedLead>;
  /**
   * Returns the relay's step for a checked lead: add it to the queue and answer 202; if Redis
   * does not take it within {@link ENQUEUE_TIMEOUT_MS}, forward it now with `forward` (logged).
   */
  deliverer(forward: Forwarder, log: (line: string) => void): Forwarder;
  /** Closes the queue (not the connection it was given). */
  close(): Promise<void>;
}

/**
 * Opens the lead queue.
 *
 * Jobs are kept 24 h once forwarded (a repeat of the eventId within that time adds nothing,
 * even without the de-dup cache) and 7 days once dropped or out of tries (for inspection: a
 * failed job can be retried from Redis).
 *
 * @param options - The connection and the queue's name, prefix and tries.
 * @returns The queue.
 * @example
 * const queue = createLeadQueue({ connection: new Redis(url, { enableOfflineQueue: false }) });
 * const relay = createLeadRelay({ ... }); // connectRedis() does this wiring
 */
export function createLeadQueue(options: LeadQueueOptions): LeadQueue {
  const queue = new Queue<QueuedLead>(options.name ?? DEFAULT_QUEUE_NAME, {
    connection: options.connection,
    prefix: options.prefix ?? DEFAULT_QUEUE_PREFIX,
  });
  // An unhandled 'error' event would crash the process; the relay reports failures per lead.
  queue.on('error', () => {});
  const jobOptions: JobsOptions = {
    attempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    backoff: { type: 'pimms' },
    removeOnComplete: { age: COMPLETED_KEEP_MS / 1000 },
    removeOnFail: { age: FAILED_KEEP_MS / 1000 },
  };

  return {
    queue,
    deliverer: (forward, log) => async (body, eventId) => {
      const data: QueuedLead = { body, ...(eventId ? { eventId } : {}), queuedAt: Date.now() };
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        await Promise.race([
          queue.add('lead', data, { ...jobOptions, jobId: jobIdOf(eventId) }),
          new Promise((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`no answer from Redis within ${ENQUEUE_TIMEOUT_MS} ms`)),
              ENQUEUE_TIMEOUT_MS,
            );
          }),
        ]);
      } catch (error) {
        // Nothing lost: the lead goes now, as it would without the queue.
        log(
          `the queue could not take the lead${eventId ? ` (eventId ${eventId})` : ''}, forwarding it now: ${describeError(error)}`,
        );
        return forward(body, eventId);
      } finally {
        clearTimeout(timer);
      }
      return { outcome: queuedOutcome(eventId), remember: true, queued: true } satisfies Delivery;
    },
    close: () => queue.close(),
  };
}

/**
 * The relay's answer to a lead accepted into the queue: 202 `{ok: true, queued: true, eventId}`.
 *
 * @param eventId - The lead's eventId.
 * @example
 * queuedOutcome('k3v9x2') // { status: 202, body: { ok: true, queued: true, eventId: 'k3v9x2' } }
 */
export function queuedOutcome(eventId?: string): RelayOutcome {
  const body: QueuedAnswer = { ok: true, queued: true, ...(eventId ? { eventId } : {}) };
  return { status: QUEUED_STATUS, body };
}
