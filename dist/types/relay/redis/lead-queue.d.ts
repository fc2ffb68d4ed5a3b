/**
 * The durable queue of leads (BullMQ on Redis): the relay puts a checked lead in it and answers
 * 202 at once; a worker (./lead-worker.ts) forwards it to PIMMS at PIMMS' pace.
 */
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { TrackLeadBody } from '../../shared/lead.ts';
import type { RelayOutcome, RelayQueuedAnswer } from '../answers.ts';
import type { Forwarder } from '../forward-lead.ts';
/** Default BullMQ queue name; the keys are `<prefix><name>:…`. One queue per PIMMS key. */
export declare const DEFAULT_QUEUE_NAME = "leads";
/** Default BullMQ key prefix (without the trailing colon BullMQ adds). */
export declare const DEFAULT_QUEUE_PREFIX = "pimms-lead";
/** How long a forwarded job is kept (ms), so that a repeat of its eventId adds no second job: 24 h. */
export declare const COMPLETED_KEEP_MS: number;
/** How long a dropped or exhausted job is kept for inspection (ms): 7 days. */
export declare const FAILED_KEEP_MS: number;
/** Default tries of a lead on retryable failures; with back-off capped at 5 min, about a day. */
export declare const DEFAULT_MAX_ATTEMPTS = 300;
/** How long the relay waits for Redis to take a job before it forwards the lead itself (ms). */
export declare const ENQUEUE_TIMEOUT_MS = 5000;
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
export declare const QUEUED_STATUS = 202;
/**
 * The BullMQ job id of a lead: its `eventId` (so a repeat adds nothing), or a random one. BullMQ
 * refuses an id that is an integer; an all-digit eventId gets a `.` (a character eventIds never
 * hold, so it cannot meet another eventId).
 *
 * @param eventId - The lead's eventId.
 * @example
 * jobIdOf('k3v9x2') // 'k3v9x2'
 */
export declare function jobIdOf(eventId: string | undefined): string | undefined;
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
export declare function createLeadQueue(options: LeadQueueOptions): LeadQueue;
/**
 * The relay's answer to a lead accepted into the queue: 202 `{ok: true, queued: true, eventId}`.
 *
 * @param eventId - The lead's eventId.
 * @example
 * queuedOutcome('k3v9x2') // { status: 202, body: { ok: true, queued: true, eventId: 'k3v9x2' } }
 */
export declare function queuedOutcome(eventId?: string): RelayOutcome;
