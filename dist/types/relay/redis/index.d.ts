/**
 * `pimms-lead/relay/redis` (Node): the relay past one instance — the `eventId` de-dup shared in
 * Redis and the durable lead queue (BullMQ) with its worker.
 */
export { connectRedis } from './connect-redis.ts';
export type { ConnectRedisOptions, RedisQueueSettings } from './connect-redis.ts';
export { redisFromEnv, queueSettingsFromEnv } from './redis-from-env.ts';
export type { RelayRedis } from './relay-redis.ts';
export { createRedisEventIdCache, DEFAULT_REDIS_PREFIX } from './redis-event-id-cache.ts';
export type { RedisEventIdCacheOptions } from './redis-event-id-cache.ts';
export { createLeadQueue, queuedOutcome, QUEUED_STATUS } from './lead-queue.ts';
export type { LeadQueue, LeadQueueOptions, QueuedAnswer, QueuedLead } from './lead-queue.ts';
export { startLeadWorker } from './lead-worker.ts';
export type { LeadWorker, LeadWorkerOptions } from './lead-worker.ts';
export { limiterFor, PIMMS_RATE_LIMIT_PER_MINUTE } from './rate-limit.ts';
