/**
 * `npm run bench:compare -- <a.js> <b.js> [--runs=N]`: two builds of the snippet measured side by
 * side in one run, as bench/main-thread.ts measures the snippet against the inline fetch (its
 * measurePages: the same page, Chromium with the CPU 4x slower, a new context each load, the two
 * taking turns), to judge a change to start-up or `lead()`. Each ratio `b / a` comes with its 95%
 * interval.
 * Run it with the same file twice first: what that A/A gives is the noise a change must clear.
 *
 * The old build is in git: `git show HEAD~1:dist/pimms.js > /tmp/a.js`, then `npm run build` and
 * `npm run bench:compare -- /tmp/a.js dist/pimms.js`. Not part of `npm test`; asserts nothing.
 */
import { readFileSync } from 'node:fs';
import { launchChromium } from './chromium.ts';
import { CPU_SLOWDOWN, measurePages, SNIPPET_LEAD, type PageSamples } from './main-thread.ts';
import { median, ms, ratioInterval, times } from './stats.ts';
import { formatTable, type Row } from './table.ts';

const args = process.argv.slice(2);
const files = args.filter((arg) => !arg.startsWith('--'));
const runs = +(args.find((arg) => arg.startsWith('--runs='))?.slice(7) ?? 30);
if (files.length != 2 || !(runs > 0))
  throw new Error('usage: npm run bench:compare -- <a.js> <b.js> [--runs=N]');

const browser = await launchChromium();
let samples: Record<'a' | 'b', PageSamples>;
try {
  const code = (file: string): [string, string] => [readFileSync(file, 'utf8'), SNIPPET_LEAD];
  samples = await measurePages(browser, { a: code(files[0]!), b: code(files[1]!) }, { runs });
} finally {
  await browser.close();
}
for (const [build, file] of [
  ['a', files[0]],
  ['b', files[1]],
] as const)
  if (!samples[build].landing.every((sample) => sample.delivered))
    throw new Error(`${file}: a lead was not sent`);

/** What each row compares: the loads it reads, and the figure of each. */
const MEASURES: [string, (of: PageSamples) => number[]][] = [
  [
    'later page view: script tag = start-up (wall, marks)',
    (of) => of.later.map((sample) => sample.startup),
  ],
  [
    'landing: script tag = start-up (wall, marks)',
    (of) => of.landing.map((sample) => sample.startup),
  ],
  [
    'later page view: page load until settled, all script (CPU, CDP)',
    (of) => of.later.map((sample) => sample.loadScript),
  ],
  [
    'landing: page load until settled, all script (CPU, CDP)',
    (of) => of.landing.map((sample) => sample.loadScript),
  ],
  ['lead() from call to return (wall, marks)', (of) => of.landing.map((sample) => sample.lead)],
  [
    'lead() from click to result: all script (CPU, CDP)',
    (of) => of.landing.map((sample) => sample.leadScript),
  ],
];
const rows = MEASURES.map(([measure, pick]): Row => {
  const [a, b] = [pick(samples.a), pick(samples.b)];
  const [low, high] = ratioInterval(b, a);
  return {
    section: 'b / a',
    measure,
    pimms: `b: ${ms(median(b))}`,
    instead: `a: ${ms(median(a))}`,
    ratio: times(median(b), median(a)),
    note: `95% interval ${times(low, 1)}–${times(high, 1)}; CPU ${CPU_SLOWDOWN}x slower, median of ${runs} loads`,
  };
});
console.log(`a: ${files[0]}\nb: ${files[1]}\n`);
console.log(formatTable(rows));
