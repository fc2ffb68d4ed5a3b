/**
 * A relay with its Redis queue and in-process worker, run as a child process of its own so that a
 * test can SIGKILL it mid-drain and start another (src/relay/redis/queue-kill.test.ts), as a
 * crash or a deploy would. Settings from the environment, as a site's would be: `REDIS_URL`,
 * `PIMMS_QUEUE=1`, `PIMMS_QUEUE_RATE`, `PIMMS_QUEUE_LOCK_MS`, `PIMMS_API_KEY`, `PIMMS_API_URL`.
 * Sends its URL to the parent as one IPC message; exits when the parent disconnects.
 */
import { createLeadRelay } from '../../src/relay/create-lead-relay.ts';
import { redisFromEnv } from '../../src/relay/redis/redis-from-env.ts';
import { serve } from '../../src/relay/serve.ts';

const redis = redisFromEnv();
if (!redis) throw new Error('queued-relay-process: REDIS_URL is unset');
const served = await serve(createLeadRelay({ redis }), { events: false });
process.send?.({ url: served.url });
process.on('disconnect', () => {
  void Promise.allSettled([served.close(), redis.close()]).then(() => process.exit(0));
});
