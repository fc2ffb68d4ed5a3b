/**
 * The servers bench/redis.ts loads, in a child process of their own (as bench/relay-servers.ts,
 * so that autocannon in the parent does not share their event loop). All on 127.0.0.1; the Redis
 * URL comes from the parent (`REDIS_URL`), which started the Redis.
 *
 * - `memory`: the relay with its in-memory de-dup, forwarding with the real `pimms` SDK to an
 *   in-process stub that answers 200 as PIMMS does: the baseline, one instance.
 * - `redisA`, `redisB`: two instances of the same relay on one Redis (each its own connections,
 *   handler and in-flight map), the same stub upstream, which counts the calls it gets.
 *
 * Sends the URLs to the parent as one IPC message; answers `{ calls }` to a `count` message;
 * exits when the parent disconnects.
 */
import { createLeadRelay } from '../src/relay/create-lead-relay.ts';
import { connectRedis } from '../src/relay/redis/connect-redis.ts';
import { serve } from '../src/relay/serve.ts';
import { answerTracked, BENCH_KEY, PAGE_ORIGIN } from './stub-pimms.ts';

/** The URLs the child sends its parent. */
export interface RedisBenchServers {
  memory: string;
  redisA: string;
  redisB: string;
}

let calls = 0;
// PIMMS as a stub: answers at once, counts every call. A few ms of upstream time would make
// the overlap of the two instances' repeats likelier; at once is the harder case for the
// cache's claim (the first answer may land before the repeat asks).
const upstream: typeof fetch = (input, init) => {
  calls++;
  return answerTracked(input, init);
};

async function start(): Promise<RedisBenchServers> {
  const relay = (redis?: ReturnType<typeof connectRedis>) =>
    createLeadRelay({
      apiKey: BENCH_KEY,
      serverURL: 'http://pimms.invalid',
      fetch: upstream,
      allowedOrigins: [PAGE_ORIGIN],
      log: () => {},
      onEvent: () => {},
      redis,
    });
  const [memory, redisA, redisB] = await Promise.all([
    serve(relay()),
    serve(relay(connectRedis())),
    serve(relay(connectRedis())),
  ]);
  return { memory: memory.url, redisA: redisA.url, redisB: redisB.url };
}

if (process.send) {
  process.send(await start());
  process.on('message', (message) => {
    if (message == 'count') process.send!({ calls });
  });
  process.on('disconnect', () => process.exit(0));
}
