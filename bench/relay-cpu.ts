/**
 * The relay's own CPU cost per lead, in process: requests per CPU-second of the relay handler
 * called directly (no sockets), with an in-process upstream that answers as PIMMS does, so that
 * what is measured is the relay's work (origin check, body bound, field rules, de-dup, SDK call
 * and answer) and nothing else. CPU time (`process.cpuUsage`) rather than wall time: on a shared
 * machine the wall clock measures the neighbours, CPU time the code.
 *
 * The variants take turns for several rounds and each figure is the median of its rounds:
 * - `without onEvent`, `with onEvent` (each event a JSON line to /dev/null, as `serve()` writes
 *   them to stdout; and a listener that does nothing: the relay's own part of the cost);
 * - with `--before=<dir>` (a checkout of another commit with the same layout, e.g. today's main),
 *   that commit's relay too, in the same process and the same rounds, for a before/after ratio.
 *
 * Usage: `npx tsx bench/relay-cpu.ts [--before=/tmp/relay-main] [--requests=1500] [--rounds=5]`.
 * Prints one table row per variant.
 */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median } from './stats.ts';

type Relay = (request: Request) => Promise<Response>;
type Create = (options: Record<string, unknown>) => Relay;

const arg = (name: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const REQUESTS = Number(arg('requests') ?? 1500);
const ROUNDS = Number(arg('rounds') ?? 5);
const ORIGIN = 'http://127.0.0.1:8080';
const TRACKED = JSON.stringify({
  click: { id: 'cl_bench' },
  customer: { name: null, email: 'ada@example.com', avatar: null, externalId: 'visitor' },
});

async function load(dir: string): Promise<Create> {
  const module = await import(pathToFileURL(join(dir, 'src/relay/create-lead-relay.ts')).href);
  return module.createLeadRelay as Create;
}

function make(create: Create, events: boolean | 'no-op'): Relay {
  const devNull = createWriteStream('/dev/null');
  return create({
    apiKey: 'pimms_bench_key',
    serverURL: 'http://pimms.invalid',
    fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
      await new Request(input, init).text();
      return new Response(TRACKED, {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    },
    allowedOrigins: [ORIGIN],
    log: () => {},
    ...(events == 'no-op'
      ? { onEvent: () => {} }
      : events
        ? { onEvent: (event: unknown) => devNull.write(JSON.stringify(event) + '\n') }
        : {}),
  });
}

let n = 0;
// What the snippet sends: a fresh lead (eventId and externalId) each time, text/plain, cross-origin.
const request = () =>
  new Request('http://127.0.0.1:8788/api/pimms/lead', {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8', origin: ORIGIN },
    body: JSON.stringify({
      eventId: `ev-${++n}`,
      clickId: 'cl_bench',
      eventName: 'Sign up',
      externalId: `visitor-${n}`,
      customerEmail: 'ada@example.com',
      metadata: { path: '/signup' },
    }),
  });

/** Requests per CPU-second for `count` sequential leads (10 in flight, as 10 connections). */
async function measure(relay: Relay, count: number): Promise<number> {
  const start = process.cpuUsage();
  let failed = 0;
  for (let i = 0; i < count; i += 10) {
    const answers = await Promise.all(Array.from({ length: 10 }, () => relay(request())));
    for (const answer of answers) {
      if (answer.status != 200) failed++;
      await answer.arrayBuffer();
    }
  }
  if (failed) throw new Error(`${failed} answers were not 200`);
  const used = process.cpuUsage(start);
  return count / ((used.user + used.system) / 1e6);
}

const after = await load(join(import.meta.dirname, '..'));
const variants: [string, Relay][] = [
  ['after, without onEvent', make(after, false)],
  ['after, with onEvent (JSON lines to /dev/null)', make(after, true)],
  ['after, with onEvent (a listener that does nothing)', make(after, 'no-op')],
];
const beforeDir = arg('before');
if (beforeDir) variants.unshift(['before (' + beforeDir + ')', make(await load(beforeDir), false)]);

for (const [, relay] of variants) await measure(relay, 500);
const results = new Map<string, number[]>();
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, relay] of variants) {
    const list = results.get(name) ?? [];
    list.push(await measure(relay, REQUESTS));
    results.set(name, list);
  }
}
const base = median(results.get('after, without onEvent')!);
console.log(`relay CPU cost: ${REQUESTS} leads × ${ROUNDS} rounds per variant, median`);
console.log('| variant | requests per CPU-second | ratio to after, without onEvent |');
console.log('|---|---|---|');
for (const [name, list] of results) {
  const value = median(list);
  console.log(
    `| ${name} | ${Math.round(value).toLocaleString('en-US')} | ${(value / base).toFixed(3)} |`,
  );
}
process.exit(0);
