import {
  DEFAULT_DEDUPE_TTL_MS,
  describeError,
  notRemembered,
  readEnv
} from "./relay-shared-AD6GXZIJ.mjs";
import {
  deliveryEvent,
  failure,
  startTrace
} from "./relay-shared-JRCYW5SR.mjs";

// src/relay/redis/connect-redis.ts
import { Redis as Redis2 } from "ioredis";

// src/relay/redis/lead-queue.ts
import { Queue } from "bullmq";
var DEFAULT_QUEUE_NAME = "leads";
var DEFAULT_QUEUE_PREFIX = "pimms-lead";
var COMPLETED_KEEP_MS = 24 * 60 * 60 * 1e3;
var FAILED_KEEP_MS = 7 * 24 * 60 * 60 * 1e3;
var DEFAULT_MAX_ATTEMPTS = 300;
var ENQUEUE_TIMEOUT_MS = 5e3;
var QUEUED_STATUS = 202;
function jobIdOf(eventId) {
  if (!eventId) return void 0;
  return /^\d+$/.test(eventId) ? eventId + "." : eventId;
}
function createLeadQueue(options) {
  const queue = new Queue(options.name ?? DEFAULT_QUEUE_NAME, {
    connection: options.connection,
    prefix: options.prefix ?? DEFAULT_QUEUE_PREFIX
  });
  queue.on("error", () => {
  });
  const jobOptions = {
    attempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    backoff: { type: "pimms" },
    removeOnComplete: { age: COMPLETED_KEEP_MS / 1e3 },
    removeOnFail: { age: FAILED_KEEP_MS / 1e3 }
  };
  return {
    queue,
    deliverer: (forward, log) => async (body, eventId) => {
      const data = { body, ...eventId ? { eventId } : {}, queuedAt: Date.now() };
      let timer;
      try {
        await Promise.race([
          queue.add("lead", data, { ...jobOptions, jobId: jobIdOf(eventId) }),
          new Promise((_, reject) => {
            timer = setTimeout(
              () => reject(new Error(`no answer from Redis within ${ENQUEUE_TIMEOUT_MS} ms`)),
              ENQUEUE_TIMEOUT_MS
            );
          })
        ]);
      } catch (error) {
        log(
          `the queue could not take the lead${eventId ? ` (eventId ${eventId})` : ""}, forwarding it now: ${describeError(error)}`
        );
        return forward(body, eventId);
      } finally {
        clearTimeout(timer);
      }
      return { outcome: queuedOutcome(eventId), remember: true, queued: true };
    },
    close: () => queue.close()
  };
}
function queuedOutcome(eventId) {
  const body = { ok: true, queued: true, ...eventId ? { eventId } : {} };
  return { status: QUEUED_STATUS, body };
}

// src/relay/redis/lead-worker.ts
import { Queue as Queue2, UnrecoverableError, Worker } from "bullmq";
import { Redis } from "ioredis";

// src/relay/redis/rate-limit.ts
var PIMMS_RATE_LIMIT_PER_MINUTE = 600;
function limiterFor(perMinute = PIMMS_RATE_LIMIT_PER_MINUTE) {
  if (!Number.isFinite(perMinute) || perMinute < 2)
    throw new RangeError(
      `[pimms-relay] the queue's rate must be at least 2 a minute, not ${perMinute}`
    );
  const max = Math.max(1, Math.floor(perMinute / 60));
  const windows = Math.floor(perMinute / max) - 1;
  return { max, duration: Math.ceil(6e4 / windows) };
}

// src/relay/redis/lead-worker.ts
var DEFAULT_WORKER_CONCURRENCY = 10;
var DEFAULT_LOCK_MS = 3e4;
var MAX_BACKOFF_MS = 5 * 6e4;
var DEFAULT_RATE_LIMIT_PAUSE = 30;
var MAX_RATE_LIMIT_PAUSE = 65;
var RetryLater = class extends Error {
  constructor(message, delayMs) {
    super(message);
    this.delayMs = delayMs;
    this.name = "RetryLater";
  }
  delayMs;
};
function backoffMs(attempt, retryAfter) {
  const exponential = Math.min(1e3 * 2 ** Math.max(attempt - 1, 0), MAX_BACKOFF_MS);
  const jittered = exponential * (0.75 + Math.random() * 0.5);
  const advised = (retryAfter ?? 0) * 1e3;
  return Math.round(Math.min(Math.max(jittered, advised), MAX_BACKOFF_MS));
}
function startLeadWorker(options) {
  const {
    url,
    forward,
    queueName = DEFAULT_QUEUE_NAME,
    prefix = DEFAULT_QUEUE_PREFIX,
    perMinute = PIMMS_RATE_LIMIT_PER_MINUTE,
    concurrency = DEFAULT_WORKER_CONCURRENCY,
    lockMs = DEFAULT_LOCK_MS
  } = options;
  const write = options.log ?? ((line) => console.warn(`[pimms-relay] ${line}`));
  const log = (line) => {
    try {
      write(`queue: ${line}`);
    } catch {
    }
  };
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  connection.on("error", () => {
  });
  const pauser = new Queue2(queueName, { connection, prefix });
  pauser.on("error", () => {
  });
  const emit = (job, decision) => {
    if (!options.onEvent) return;
    const { body, eventId } = job.data;
    const trace = startTrace(options.onEvent, options.apiKey?.(), { worker: true });
    trace.lead({ ...body, ...eventId ? { eventId } : {} });
    trace.emit(decision);
  };
  const worker = new Worker(
    queueName,
    async (job) => {
      const { body, eventId } = job.data;
      const about = eventId ? `eventId ${eventId}` : `job ${job.id}`;
      const lastTry = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      let delivery;
      try {
        delivery = await forward(body, eventId);
      } catch (error) {
        delivery = notRemembered(
          failure(502, "upstream_unreachable", `the forwarder failed: ${describeError(error)}`)
        );
      }
      const { outcome, upstream } = delivery;
      if (outcome.status >= 200 && outcome.status < 300) {
        emit(job, deliveryEvent(delivery, body));
        return { status: outcome.status };
      }
      const { code, message, retryable, retryAfter } = outcome.body.error;
      const reason = `${outcome.status} ${code}: ${message}`;
      const called = {
        ...upstream?.status !== void 0 ? { upstreamStatus: upstream.status } : {},
        ...upstream ? { ms: upstream.ms } : {}
      };
      if (!retryable) {
        log(`dropped ${about}: PIMMS refused it for good (${reason})`);
        emit(job, {
          type: "refused",
          status: outcome.status,
          code,
          reason: `PIMMS refused it for good: ${message}`
        });
        throw new UnrecoverableError(reason);
      }
      if (outcome.status == 429) {
        const wait = Math.max(
          1,
          Math.min(retryAfter ?? DEFAULT_RATE_LIMIT_PAUSE, MAX_RATE_LIMIT_PAUSE)
        );
        log(`rate-limited (${about}): the queue pauses ${wait} s`);
        emit(job, {
          type: "retry",
          status: outcome.status,
          retryAfter: wait,
          reason: `${message}; the queue pauses ${wait} s`,
          ...called
        });
        await pauser.rateLimit(wait * 1e3);
        throw Worker.RateLimitError();
      }
      if (lastTry) {
        const tries = job.attemptsMade + 1;
        emit(job, {
          type: "refused",
          status: outcome.status,
          code,
          reason: `gave up after ${tries} ${tries == 1 ? "try" : "tries"}: ${message}`
        });
        throw new RetryLater(reason, 0);
      }
      const delayMs = backoffMs(job.attemptsMade + 1, retryAfter);
      emit(job, {
        type: "retry",
        status: outcome.status,
        retryAfter: Math.ceil(delayMs / 1e3),
        reason: message,
        ...called
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
        backoffStrategy: (attemptsMade, _type, error) => error instanceof RetryLater ? error.delayMs : backoffMs(attemptsMade, void 0)
      }
    }
  );
  worker.on("error", (error) => log(`worker error: ${describeError(error)}`));
  worker.on("failed", (job, error) => {
    if (job && !(error instanceof UnrecoverableError) && job.attemptsMade >= (job.opts.attempts ?? 1))
      log(
        `gave up on ${job.data.eventId ?? job.id} after ${job.attemptsMade} tries: ${error.message}`
      );
  });
  let closing;
  return {
    worker,
    close: () => closing ??= (async () => {
      await worker.close();
      await pauser.close();
      await connection.quit().catch(() => connection.disconnect());
    })()
  };
}

// src/relay/redis/redis-event-id-cache.ts
import { randomUUID } from "node:crypto";
var DEFAULT_REDIS_PREFIX = "pimms-lead:";
var CLAIM = `
local answer = redis.call('GET', KEYS[1])
if answer then return {1, answer} end
if redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2], 'NX') then return {2} end
return {3}`;
var END = `
if ARGV[2] ~= '' then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) end
if redis.call('GET', KEYS[2]) == ARGV[1] then redis.call('DEL', KEYS[2]) end
return 1`;
function createRedisEventIdCache(redis, options = {}) {
  const { prefix = DEFAULT_REDIS_PREFIX, ttlMs = DEFAULT_DEDUPE_TTL_MS, pollMs = 25 } = options;
  const client = redis;
  if (typeof client.pimmsLeadClaim != "function") {
    redis.defineCommand("pimmsLeadClaim", { numberOfKeys: 2, lua: CLAIM });
    redis.defineCommand("pimmsLeadEnd", { numberOfKeys: 2, lua: END });
  }
  return {
    async claim(eventId, { leaseMs, waitMs }) {
      const answerKey = `${prefix}answer:${eventId}`;
      const claimKey = `${prefix}claim:${eventId}`;
      const token = randomUUID();
      const deadline = Date.now() + waitMs;
      for (; ; ) {
        const [state, answer] = await client.pimmsLeadClaim(
          answerKey,
          claimKey,
          token,
          Math.max(1, Math.ceil(leaseMs))
        );
        if (state == 1)
          return { state: "answered", outcome: JSON.parse(String(answer)) };
        if (state == 2) break;
        const left = deadline - Date.now();
        if (left <= 0) return { state: "busy" };
        await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs, left)));
      }
      let ended = false;
      const end = async (outcome) => {
        if (ended) return;
        ended = true;
        await client.pimmsLeadEnd(
          answerKey,
          claimKey,
          token,
          outcome ? JSON.stringify(outcome) : "",
          ttlMs
        );
      };
      return { state: "claimed", settle: (outcome) => end(outcome), release: () => end() };
    }
  };
}

// src/relay/redis/connect-redis.ts
function connectRedis(options = {}) {
  const url = options.url?.trim() || readEnv("REDIS_URL");
  if (!url) throw new TypeError("[pimms-relay] connectRedis: no url given and REDIS_URL is unset");
  const client = new Redis2(url, {
    maxRetriesPerRequest: 1,
    connectTimeout: 5e3,
    commandTimeout: 5e3
  });
  client.on("error", () => {
  });
  const dedupe = createRedisEventIdCache(client, {
    prefix: options.prefix ?? DEFAULT_REDIS_PREFIX
  });
  const settings = options.queue === true ? {} : options.queue || void 0;
  let queueClient;
  let queue;
  if (settings) {
    queueClient = new Redis2(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    queueClient.on("error", () => {
    });
    queue = createLeadQueue({
      connection: queueClient,
      name: settings.queueName,
      prefix: settings.prefix,
      maxAttempts: settings.maxAttempts
    });
  }
  let worker;
  return {
    dedupe,
    deliverer(forward, log, events) {
      if (!queue || !settings) return forward;
      if (settings.worker !== false && !worker) {
        worker = startLeadWorker({
          url,
          forward,
          queueName: settings.queueName,
          prefix: settings.prefix,
          perMinute: settings.perMinute,
          concurrency: settings.concurrency,
          lockMs: settings.lockMs,
          log,
          onEvent: (event) => (options.onEvent ?? events?.listener())?.(event),
          apiKey: () => events?.apiKey()
        });
      }
      return queue.deliverer(forward, log);
    },
    async close() {
      await worker?.close();
      await queue?.close();
      for (const connection of [queueClient, client])
        await connection?.quit().catch(() => connection.disconnect());
    }
  };
}

// src/relay/redis/redis-from-env.ts
function queueSettingsFromEnv() {
  if (!isOn(readEnv("PIMMS_QUEUE"), false)) return false;
  const lockMs = Number(readEnv("PIMMS_QUEUE_LOCK_MS") ?? "") || void 0;
  return { perMinute: rateFromEnv(), worker: isOn(readEnv("PIMMS_QUEUE_WORKER"), true), lockMs };
}
function rateFromEnv() {
  const text = readEnv("PIMMS_QUEUE_RATE");
  if (text === void 0) return void 0;
  const rate = Number(text);
  if (!Number.isFinite(rate) || rate < 2)
    throw new TypeError(
      `[pimms-relay] PIMMS_QUEUE_RATE must be PIMMS' limit in requests per minute (at least 2), not ${JSON.stringify(text)}`
    );
  return rate;
}
function redisFromEnv() {
  const url = readEnv("REDIS_URL");
  return url ? connectRedis({ url, queue: queueSettingsFromEnv() }) : void 0;
}
function isOn(value, fallback) {
  if (value === void 0) return fallback;
  const text = value.toLowerCase();
  if (["1", "true", "on", "yes"].includes(text)) return true;
  if (["0", "false", "off", "no"].includes(text)) return false;
  throw new TypeError(`[pimms-relay] expected 1 or 0 (on or off), not ${JSON.stringify(value)}`);
}
export {
  DEFAULT_REDIS_PREFIX,
  PIMMS_RATE_LIMIT_PER_MINUTE,
  QUEUED_STATUS,
  connectRedis,
  createLeadQueue,
  createRedisEventIdCache,
  limiterFor,
  queueSettingsFromEnv,
  queuedOutcome,
  redisFromEnv,
  startLeadWorker
};
