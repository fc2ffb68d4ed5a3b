/**
 * Relay throughput on loopback with autocannon: requests per second and p99 latency of the relay
 * (bench/relay-servers.ts says what each server is and why), next to a bare `node:http` handler
 * measured in the same run, as ratios.
 *
 * The same relay with `onEvent` set (every event written as a JSON line to /dev/null) is measured
 * as its own target, next to the one without, for the events' cost.
 *
 * Each lead to the relay has a fresh `eventId` (and `externalId`, which the sandbox de-duplicates
 * on), made by autocannon's `setupRequest`, so that every request is forwarded upstream; the repeat
 * path (one `eventId` sent again and again, answered from the de-dup store without an upstream
 * call) is measured on its own. Every target gets a warm-up run first (JIT), then the targets take
 * turns for a few rounds and each figure is the median of its rounds: on a shared machine the load
 * from other processes drifts, and taking turns spreads it over all targets instead of one. Every
 * answer must be a 2xx; the note says when some were not.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import autocannon from 'autocannon';
import type { RelayServers } from './relay-servers.ts';
import { PAGE_ORIGIN } from './stub-pimms.ts';
import { median, times } from './stats.ts';
import type { Row } from './table.ts';

/** What the runs of one target measured. */
export interface LoadResult {
  /** Median over the rounds of the mean requests per second. */
  rps: number;
  /** Median over the rounds of the 99th percentile latency, ms. */
  p99: number;
  /** Requests answered in all rounds, and how many of them were not 2xx (errors and timeouts included). */
  requests: number;
  failed: number;
}

/** The four targets' results. */
export interface ThroughputResult {
  connections: number;
  /** Seconds per run. */
  seconds: number;
  /** Runs per target. */
  rounds: number;
  bare: LoadResult;
  fresh: LoadResult;
  /** `fresh` with `onEvent` set (JSON lines to /dev/null). */
  events: LoadResult;
  repeat: LoadResult;
  sandbox: LoadResult;
}

/**
 * Runs the servers in a child process and loads each in turn.
 *
 * @param options - `seconds` per run (default 3), `rounds` (default 3) and `connections` (default 10).
 * @returns Each target's figures.
 * @example
 * const { bare, fresh } = await measureRelayThroughput({ seconds: 3, rounds: 3 });
 */
export async function measureRelayThroughput(
  options: { seconds?: number; rounds?: number; connections?: number } = {},
): Promise<ThroughputResult> {
  const { seconds = 3, rounds = 3, connections = 10 } = options;
  const child = fork(join(import.meta.dirname, 'relay-servers.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: 'inherit',
  });
  try {
    const [servers] = (await once(child, 'message')) as [RelayServers];
    let n = 0;
    // A fresh lead per request: a new eventId and externalId each time.
    const fresh = (clickId: string) => () =>
      JSON.stringify({
        eventId: `ev-${process.pid}-${++n}`,
        clickId,
        eventName: 'Sign up',
        externalId: `visitor-${n}`,
        customerEmail: 'ada@example.com',
        metadata: { path: '/signup' },
      });
    const repeat = JSON.stringify({
      eventId: 'ev-repeat',
      clickId: 'cl_bench',
      eventName: 'Sign up',
      externalId: 'visitor-repeat',
      customerEmail: 'ada@example.com',
      metadata: { path: '/signup' },
    });
    const targets: Record<
      'bare' | 'fresh' | 'events' | 'repeat' | 'sandbox',
      [url: string, body: () => string]
    > = {
      bare: [servers.bare, fresh('cl_bench')],
      fresh: [servers.relayStub, fresh('cl_bench')],
      events: [servers.relayStubEvents, fresh('cl_bench')],
      repeat: [servers.relayStub, () => repeat],
      sandbox: [servers.relaySandbox, fresh(servers.sandboxClickId)],
    };
    const names = Object.keys(targets) as (keyof typeof targets)[];
    for (const name of names) await loadRelay(...targets[name], connections, 1);
    const runs: Record<string, autocannon.Result[]> = {};
    for (let round = 0; round < rounds; round++) {
      for (const name of names)
        (runs[name] ??= []).push(await loadRelay(...targets[name], connections, seconds));
    }
    const summary = (results: autocannon.Result[]): LoadResult => ({
      rps: median(results.map((result) => result.requests.average)),
      p99: median(results.map((result) => result.latency.p99)),
      requests: results.reduce((sum, result) => sum + result.requests.total, 0),
      failed: results.reduce(
        (sum, result) => sum + result.non2xx + result.errors + result.timeouts,
        0,
      ),
    });
    return {
      connections,
      seconds,
      rounds,
      bare: summary(runs.bare!),
      fresh: summary(runs.fresh!),
      events: summary(runs.events!),
      repeat: summary(runs.repeat!),
      sandbox: summary(runs.sandbox!),
    };
  } finally {
    child.disconnect();
    await once(child, 'exit');
  }
}

/**
 * Loads a relay with autocannon: `connections` clients posting what the snippet sends (text/plain
 * JSON from a page on another origin) for `seconds`, each body made by `body`.
 *
 * @example
 * const result = await loadRelay(url, () => leadBody(), 10, 3);
 */
export function loadRelay(
  url: string,
  body: () => string,
  connections: number,
  seconds: number,
): Promise<autocannon.Result> {
  return autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'text/plain;charset=UTF-8', origin: PAGE_ORIGIN },
        setupRequest: (request) => ({ ...request, body: body() }),
      },
    ],
  });
}

/**
 * The relay rows of the table.
 *
 * @param result - From {@link measureRelayThroughput}.
 * @returns Requests per second and p99 latency of each relay path, against the bare handler.
 * @example
 * const rows = relayRows(await measureRelayThroughput());
 */
export function relayRows(result: ThroughputResult): Row[] {
  const { bare, connections, seconds, rounds } = result;
  const how = `${connections} connections, median of ${rounds} × ${seconds} s`;
  const failed = (load: LoadResult) =>
    load.failed ? `; ${load.failed} of ${load.requests} answers not 2xx` : '';
  const rows = (name: string, load: LoadResult, note: string): Row[] => [
    {
      section: 'relay',
      measure: `${name}: requests/s`,
      pimms: Math.round(load.rps).toLocaleString('en-US'),
      instead: `bare node:http: ${Math.round(bare.rps).toLocaleString('en-US')}`,
      ratio: times(load.rps, bare.rps),
      note: `${how}; ${note}${failed(load)}${failed(bare)}`,
    },
    {
      section: 'relay',
      measure: `${name}: p99 latency`,
      pimms: `${load.p99} ms`,
      instead: `bare node:http: ${bare.p99} ms`,
      ratio: times(load.p99, bare.p99),
      note: how,
    },
  ];
  return [
    ...rows(
      'relay, fresh eventId, PIMMS stub upstream',
      result.fresh,
      'every lead forwarded with the SDK',
    ),
    {
      section: 'relay',
      measure: 'relay with onEvent: requests/s',
      pimms: Math.round(result.events.rps).toLocaleString('en-US'),
      instead: `without onEvent: ${Math.round(result.fresh.rps).toLocaleString('en-US')}`,
      ratio: times(result.events.rps, result.fresh.rps),
      note: `${how}; fresh eventId, PIMMS stub upstream, each event a JSON line to /dev/null${failed(result.events)}`,
    },
    {
      section: 'relay',
      measure: 'relay with onEvent: p99 latency',
      pimms: `${result.events.p99} ms`,
      instead: `without onEvent: ${result.fresh.p99} ms`,
      ratio: times(result.events.p99, result.fresh.p99),
      note: how,
    },
    ...rows('relay, repeated eventId', result.repeat, 'answered from the de-dup store'),
    ...rows(
      'relay, fresh eventId, sandbox upstream',
      result.sandbox,
      'plus sandbox checks and an SQLite insert',
    ),
  ];
}
