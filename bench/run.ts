/**
 * `npm run bench`: size, main-thread cost, delivery and relay throughput, each next to what a site
 * would use instead, measured in one run and printed as one table (Markdown, for the README).
 * Not part of `npm test`; nothing here asserts a timing.
 *
 * Usage: `npm run bench [-- [--quick] [--only=size,main,delivery,relay,burst,redis]
 * [--engines=chromium,firefox,webkit]]`. `--quick` takes 10 page loads and runs instead of 30 and
 * one short relay round: for trying changes, not for the README. `--engines` limits the delivery
 * rows to some engines (default all three). Progress goes to stderr, the table to stdout.
 */
import { loadavg } from 'node:os';
import { launchChromium } from './chromium.ts';
import { burstRows, measureBurst } from './burst.ts';
import { compileRows, measureCompile } from './compile.ts';
import { deliveryRows, measureDelivery } from './delivery.ts';
import { describeMachine } from './machine.ts';
import { measureRedis, redisRows } from './redis.ts';
import { mainThreadRows, measureMainThread } from './main-thread.ts';
import { measureRelayThroughput, relayRows } from './relay-throughput.ts';
import { sizeRows } from './size.ts';
import { measureSizeByFile, sizeByFileRows } from './size-by-file.ts';
import { ENGINES, type Engine } from '../testing/browsers/engines.ts';
import { formatTable, type Row } from './table.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args
  .find((arg) => arg.startsWith('--only='))
  ?.slice(7)
  .split(',');
const wanted = (section: string) => !only || only.includes(section);
const engines = (args
  .find((arg) => arg.startsWith('--engines='))
  ?.slice(10)
  .split(',') ?? ENGINES) as Engine[];
for (const engine of engines)
  if (!ENGINES.includes(engine))
    throw new Error(`--engines=: "${engine}" is not one of ${ENGINES.join(', ')}`);
const runs = quick ? 10 : 30;
const started = Date.now();
const progress = (line: string) =>
  console.error(`[bench] ${((Date.now() - started) / 1e3).toFixed(0).padStart(3)} s  ${line}`);

const rows: Row[] = [];
const load = loadavg();
let chromium: string | undefined;
if (wanted('size')) {
  progress('size');
  rows.push(...(await sizeRows()));
  rows.push(...sizeByFileRows(await measureSizeByFile()));
}
if (wanted('main')) {
  const browser = await launchChromium();
  chromium = browser.version();
  try {
    progress(`main thread: ${runs} page loads of each page, CPU 4x slower`);
    rows.push(...mainThreadRows(await measureMainThread(browser, { runs })));
  } finally {
    await browser.close();
  }
  // Its own browsers, each logging V8's function events: after the throttled loads, not beside them.
  progress('main thread: what V8 compiles at start-up');
  rows.push(...compileRows(await measureCompile()));
}
if (wanted('delivery')) {
  // Every engine of the browser tests (or those of --engines=), each launched as the tests do.
  progress(`delivery: ${runs} runs of each scenario in ${engines.join(', ')}`);
  const delivery = await measureDelivery({ runs, engines, progress });
  chromium ??= delivery.find((engine) => engine.engine == 'chromium')?.version || undefined;
  rows.push(...deliveryRows(delivery));
}
if (wanted('relay')) {
  progress('relay throughput');
  // Last, once Chromium is closed: it would compete with the servers and autocannon for the CPUs.
  rows.push(...relayRows(await measureRelayThroughput(quick ? { seconds: 2, rounds: 1 } : {})));
}
if (wanted('burst')) {
  // Paced by the sandbox's rate limit (3 minutes ideal), not by the CPU: last, on its own.
  progress('burst: 180 leads through the relay, sandbox limit 60/min (3 minutes ideal, 7 at most)');
  rows.push(...burstRows(await measureBurst({ onProgress: progress })));
}
if (wanted('redis')) {
  // Two relays on one Redis, then the same burst through the durable queue (paced: minutes).
  progress('redis: two instances on one Redis, then the burst through the queue');
  const options = quick ? { seconds: 2, rounds: 1, burstLeads: 60 } : {};
  rows.push(...redisRows(await measureRedis({ ...options, onProgress: progress })));
}
progress('done');

console.log(`npm run bench${args.length ? ' -- ' + args.join(' ') : ''}`);
console.log(
  [...describeMachine(chromium, load), `took: ${((Date.now() - started) / 1e3).toFixed(0)} s`].join(
    '\n',
  ),
);
console.log();
console.log(formatTable(rows));
