/**
 * `npm run bench:compare -- <a.js> <b.js> [--runs=N]`: two builds of the snippet measured side by
 * side in one run, the way bench/main-thread.ts measures the snippet against the inline fetch
 * (the same page, Chromium with the CPU 4x slower, a new context each load), to judge a change
 * to start-up or `lead()`. The two take turns; each ratio `b / a` comes with its 95% interval.
 * Run it with the same file twice first: what that A/A gives is the noise a change must clear.
 *
 * The old build is in git: `git show HEAD~1:dist/pimms.js > /tmp/a.js`, then `npm run build` and
 * `npm run bench:compare -- /tmp/a.js dist/pimms.js`. Not part of `npm test`; asserts nothing.
 */
import { readFileSync } from 'node:fs';
import { launchChromium } from './chromium.ts';
import {
  CPU_SLOWDOWN,
  loadLater,
  loadOnce,
  mainThreadPage,
  type LaterSample,
  type LoadSample,
} from './main-thread.ts';
import { median, ms, ratioInterval, times } from './stats.ts';
import { formatTable, type Row } from './table.ts';
import { startEndpoint } from '../testing/servers/endpoint.ts';
import { startSite } from '../testing/servers/site.ts';

const WARM_UP = 2;
const LEAD = "pimms.lead('Sign up', { customerEmail: 'ada@example.com' })";

const args = process.argv.slice(2);
const files = args.filter((arg) => !arg.startsWith('--'));
const runs = +(args.find((arg) => arg.startsWith('--runs='))?.slice(7) ?? 30);
if (files.length != 2 || !(runs > 0))
  throw new Error('usage: npm run bench:compare -- <a.js> <b.js> [--runs=N]');

const browser = await launchChromium();
const endpoint = await startEndpoint();
const site = await startSite(endpoint.url);
const samples = {
  a: { landing: [] as LoadSample[], later: [] as LaterSample[] },
  b: { landing: [] as LoadSample[], later: [] as LaterSample[] },
};
try {
  site.page('/a', mainThreadPage(readFileSync(files[0]!, 'utf8'), LEAD));
  site.page('/b', mainThreadPage(readFileSync(files[1]!, 'utf8'), LEAD));
  const clickId = await endpoint.newClick();
  for (let i = 0; i < WARM_UP + runs; i++) {
    // Each first in every other round, so that drift hits both alike.
    for (const build of i % 2 ? (['a', 'b'] as const) : (['b', 'a'] as const)) {
      const url = `${site.origin}/${build}`;
      const landing = await loadOnce(browser, `${url}?pimms_id=${clickId}`, CPU_SLOWDOWN);
      const later = await loadLater(browser, url, clickId, CPU_SLOWDOWN);
      if (!landing.delivered) throw new Error(`${files[build == 'a' ? 0 : 1]}: a lead not sent`);
      if (i >= WARM_UP) {
        samples[build].landing.push(landing);
        samples[build].later.push(later);
      }
    }
    console.error(`[compare] ${i + 1}/${WARM_UP + runs}`);
  }
} finally {
  await site.close();
  await endpoint.close();
  await browser.close();
}

const row = (measure: string, a: number[], b: number[]): Row => {
  const [low, high] = ratioInterval(b, a);
  return {
    section: 'b / a',
    measure,
    pimms: `b: ${ms(median(b))}`,
    instead: `a: ${ms(median(a))}`,
    ratio: times(median(b), median(a)),
    note: `95% interval ${times(low, 1)}–${times(high, 1)}; CPU ${CPU_SLOWDOWN}x slower, median of ${runs} loads`,
  };
};
const of = <T>(build: 'a' | 'b', kind: 'landing' | 'later', pick: (sample: T) => number) =>
  (samples[build][kind] as T[]).map(pick);
console.log(`a: ${files[0]}\nb: ${files[1]}\n`);
console.log(
  formatTable([
    row(
      'later page view: page load until settled, all script (CPU, CDP)',
      of<LaterSample>('a', 'later', (s) => s.loadScript),
      of<LaterSample>('b', 'later', (s) => s.loadScript),
    ),
    row(
      'landing: page load until settled, all script (CPU, CDP)',
      of<LoadSample>('a', 'landing', (s) => s.loadScript),
      of<LoadSample>('b', 'landing', (s) => s.loadScript),
    ),
    row(
      'lead() from call to return (wall, marks)',
      of<LoadSample>('a', 'landing', (s) => s.lead),
      of<LoadSample>('b', 'landing', (s) => s.lead),
    ),
    row(
      'lead() from click to result: all script (CPU, CDP)',
      of<LoadSample>('a', 'landing', (s) => s.leadScript),
      of<LoadSample>('b', 'landing', (s) => s.leadScript),
    ),
  ]),
);
