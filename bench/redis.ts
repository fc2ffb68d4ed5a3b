/**
 * The Redis rows of `npm run bench` (issue 10): two relay instances on one real Redis (repeats of
 * an eventId sent to both at once are forwarded once; requests/s against one instance next to the
 * in-memory relay, in the same run), and the burst of the sandbox-rate-limit row sent through the
 * durable queue (all recorded once; time to drain against the ideal). Redis is Debian's
 * `redis-server`, started here on a free loopback port. Nothing here asserts a figure.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import type autocannon from 'autocannon';
import { createLeadRelay } from '../src/relay/create-lead-relay.ts';
import { connectRedis } from '../src/relay/redis/connect-redis.ts';
import { serve } from '../src/relay/serve.ts';
import { startRedisServer } from '../testing/servers/redis-server.ts';
import { runBurst, type BurstResult } from '../testing/scenarios/burst.ts';
import { burstRows, BURST_DEFAULTS } from './burst.ts';
import { loadRelay } from './relay-throughput.ts';
import type { RedisBenchServers } from './redis-servers.ts';
import { PAGE_ORIGIN } from './stub-pimms.ts';
import { median, times } from './stats.ts';
import type { Row } from './table.ts';

/** What {@link measureRedis} measured. */
export interface RedisBenchResult {
  /** Distinct eventIds sent to both instances at once, and the upstream calls they made. */
  pairs: number;
  pairCalls: number;
  /** Pairs where both instances answered 200 with the same body. */
  pairsAgreeing: number;
  connections: number;
  seconds: number;
  rounds: number;
  /** Median requests/s, fresh eventIds (each forwarded): in-memory relay, and instance A on Redis. */
  freshMemory: number;
  freshRedis: number;
  /** Median requests/s, one eventId again and again (answered from the de-dup). */
  repeatMemory: number;
  repeatRedis: number;
  /** Answers that were not 2xx, over all runs. */
  failed: number;
  /** The burst through the queue. */
  burst: BurstResult;
}

/**
 * Starts Redis, the servers of bench/redis-servers.ts and the burst, and measures them.
 *
 * @param options - `seconds` per load run (default 3), `rounds` (default 3), `pairs` (default
 *   200), `burstLeads` / `burstRate` (default the burst row's 180 leads at 60 a minute).
 * @returns The figures.
 * @example
 * const rows = redisRows(await measureRedis({ seconds: 2, rounds: 1 }));
 */
export async function measureRedis(
  options: {
    seconds?: number;
    rounds?: number;
    pairs?: number;
    burstLeads?: number;
    burstRate?: number;
    onProgress?: (line: string) => void;
  } = {},
): Promise<RedisBenchResult> {
  const { seconds = 3, rounds = 3, pairs = 200, onProgress = () => {} } = options;
  const connections = 10;
  const redis = await startRedisServer();
  try {
    const child = fork(join(import.meta.dirname, 'redis-servers.ts'), [], {
      execArgv: ['--import', 'tsx'],
      stdio: 'inherit',
      env: { ...process.env, REDIS_URL: redis.url },
    });
    let loads;
    let pairCalls = 0;
    let pairsAgreeing = 0;
    try {
      const [servers] = (await once(child, 'message')) as [RedisBenchServers];
      const count = async () => {
        child.send('count');
        const [{ calls }] = (await once(child, 'message')) as [{ calls: number }];
        return calls;
      };

      onProgress(`redis: ${pairs} eventIds, each sent to both instances at once`);
      const before = await count();
      for (let n = 0; n < pairs; n++) {
        const body = lead(`ev-pair-${n}`, n);
        const answers = await Promise.all(
          [servers.redisA, servers.redisB].map(async (url) => {
            const response = await post(url, body);
            return { status: response.status, text: await response.text() };
          }),
        );
        if (answers.every((a) => a.status == 200) && answers[0].text == answers[1].text)
          pairsAgreeing++;
      }
      pairCalls = (await count()) - before;

      onProgress('redis: requests/s, in-memory relay and one instance on Redis, taking turns');
      let n = 0;
      const fresh = () => lead(`ev-${process.pid}-${++n}`, n);
      const repeat = lead('ev-repeat', 0);
      const targets: Record<string, [url: string, body: () => string]> = {
        freshMemory: [servers.memory, fresh],
        freshRedis: [servers.redisA, fresh],
        repeatMemory: [servers.memory, () => repeat],
        repeatRedis: [servers.redisA, () => repeat],
      };
      const names = Object.keys(targets);
      for (const name of names) await loadRelay(...targets[name]!, connections, 1);
      const runs: Record<string, autocannon.Result[]> = {};
      // Each round starts with another target, so that a drift of the machine's load does not
      // always fall on the same one.
      for (let round = 0; round < rounds; round++)
        for (let i = 0; i < names.length; i++) {
          const name = names[(i + round) % names.length]!;
          (runs[name] ??= []).push(await loadRelay(...targets[name]!, connections, seconds));
        }
      const rps = (name: string) => median(runs[name]!.map((r) => r.requests.average));
      const failed = Object.values(runs)
        .flat()
        .reduce((sum, r) => sum + r.non2xx + r.errors + r.timeouts, 0);
      loads = {
        freshMemory: rps('freshMemory'),
        freshRedis: rps('freshRedis'),
        repeatMemory: rps('repeatMemory'),
        repeatRedis: rps('repeatRedis'),
        failed,
      };
    } finally {
      child.disconnect();
      await once(child, 'exit');
    }

    const leads = options.burstLeads ?? BURST_DEFAULTS.leads;
    const rateLimit = options.burstRate ?? BURST_DEFAULTS.rateLimit;
    onProgress(
      `redis: burst of ${leads} leads through the queue, sandbox limit ${rateLimit}/min (about ${Math.round(leads / rateLimit)} min)`,
    );
    const burst = await runBurst({
      leads,
      rateLimit,
      forwardsAfterAnswer: true,
      onProgress,
      startRelay: async (upstream) => {
        const queueRedis = connectRedis({
          url: redis.url,
          prefix: 'burst:',
          queue: { perMinute: rateLimit, queueName: 'burst' },
        });
        const served = await serve(
          createLeadRelay({
            apiKey: upstream.apiKey,
            serverURL: upstream.serverURL,
            log: upstream.log,
            redis: queueRedis,
          }),
          { events: false },
        );
        return { url: served.url, close: () => served.close().then(() => queueRedis.close()) };
      },
    });
    return { pairs, pairCalls, pairsAgreeing, connections, seconds, rounds, ...loads, burst };
  } finally {
    await redis.stop();
  }
}

function lead(eventId: string, n: number): string {
  return JSON.stringify({
    eventId,
    clickId: 'cl_bench',
    eventName: 'Sign up',
    externalId: `visitor-${n}`,
    customerEmail: 'ada@example.com',
    metadata: { path: '/signup' },
  });
}

function post(url: string, body: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8', origin: PAGE_ORIGIN },
    body,
  });
}

/**
 * The Redis rows of the table.
 *
 * @param result - From {@link measureRedis}.
 * @example
 * rows.push(...redisRows(await measureRedis()));
 */
export function redisRows(result: RedisBenchResult): Row[] {
  const how = `${result.connections} connections, median of ${result.rounds} × ${result.seconds} s`;
  const failed = result.failed ? `; ${result.failed} answers not 2xx` : '';
  const rps = (value: number) => Math.round(value).toLocaleString('en-US');
  const queued = burstRows(result.burst).map((row) => ({
    ...row,
    section: 'redis queue',
    note: row.note.replace(/^goal: under 5%/, 'goal: 0 (the queue keeps under the limit)'),
  }));
  return [
    {
      section: 'redis',
      measure: 'two instances: an eventId sent to both at once, upstream calls',
      pimms: `${result.pairCalls} for ${result.pairs} eventIds`,
      instead: `in-memory de-dup per instance: ${2 * result.pairs}`,
      ratio: times(result.pairCalls, 2 * result.pairs),
      note: `goal: one call per eventId; ${result.pairsAgreeing} of ${result.pairs} pairs answered 200 with the same body; counted at the stub upstream`,
    },
    {
      section: 'redis',
      measure: 'one instance on Redis, fresh eventId: requests/s',
      pimms: rps(result.freshRedis),
      instead: `in-memory de-dup: ${rps(result.freshMemory)}`,
      ratio: times(result.freshRedis, result.freshMemory),
      note: `${how}; every lead claimed in Redis, forwarded with the SDK to a stub, settled${failed}`,
    },
    {
      section: 'redis',
      measure: 'one instance on Redis, repeated eventId: requests/s',
      pimms: rps(result.repeatRedis),
      instead: `in-memory de-dup: ${rps(result.repeatMemory)}`,
      ratio: times(result.repeatRedis, result.repeatMemory),
      note: `${how}; answered from Redis, no upstream call`,
    },
    ...queued,
  ];
}
