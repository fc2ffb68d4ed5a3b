/**
 * Delivery: the navigation and outage scenarios of the browser tests (testing/scenarios/
 * delivery-scenarios.ts, issue 4), run here for their counts rather than asserted, with the
 * scenarios' own baseline for navigation: the hand-written cross-origin `fetch` with an
 * `application/json` body that people usually write, which waits for a CORS preflight.
 *
 * The counts come from the endpoint (relay + sandbox on another loopback origin) of each run: how
 * many runs' leads PIMMS (the sandbox) recorded, how many times one got there beyond the first, how
 * many lead POSTs and preflights reached the endpoint. Running the very functions the tests assert
 * on keeps the benchmark and the tests from drifting apart. The navigation variant whose next page
 * loads the snippet (an outbox resend the relay de-duplicates) is left to the tests: it adds over a
 * minute, and the outage scenario already counts resends and duplicates.
 *
 * Each engine of the browser tests gets its rows (Chromium, Firefox ESR, WebKitGTK), launched
 * here as the tests launch it, one engine after the other so that they do not compete for the
 * CPUs. A scenario that does not finish in {@link scenarioTimeoutMs} (or an engine that does not
 * start) gets a row that says so, and the benchmark goes on.
 */
import type { Browser } from '@playwright/test';
import { ENGINES, launchEngine, type Engine } from '../testing/browsers/engines.ts';
import {
  formatFigures,
  runNavigationScenario,
  runOutageScenario,
  type ScenarioResult,
} from '../testing/scenarios/delivery-scenarios.ts';
import type { Row } from './table.ts';

/** A scenario's figures, or why there are none. */
export type ScenarioOutcome = { result: ScenarioResult } | { failure: string };

/** The scenarios' outcomes, in one engine. */
export interface EngineDelivery {
  /** Which engine. */
  engine: Engine;
  /** Its version, as the browser reports it (empty if it never started). */
  version: string;
  /** Navigation, next page without the snippet. */
  navigation: ScenarioOutcome;
  /** The same with the naive fetch in place of the snippet. */
  naive: ScenarioOutcome;
  /** Endpoint down (503) during the lead and the next page, then back. */
  outage: ScenarioOutcome;
}

/** Every engine's figures, in {@link ENGINES} order. */
export type DeliveryResult = EngineDelivery[];

type ScenarioName = 'navigation' | 'naive' | 'outage';

const SCENARIOS: [
  ScenarioName,
  string,
  (browser: Browser, runs: number) => Promise<ScenarioResult>,
][] = [
  ['navigation', 'navigation', (browser, runs) => runNavigationScenario({ browser, runs })],
  [
    'naive',
    'navigation with the naive fetch',
    (browser, runs) => runNavigationScenario({ browser, runs, variant: 'naive-fetch' }),
  ],
  ['outage', 'outage', (browser, runs) => runOutageScenario({ browser, runs })],
];

/** How long an engine may take to start, in ms (a second or two on a quiet machine; Firefox up to 15 s on a busy one). */
const LAUNCH_TIMEOUT_MS = 60_000;

/** The scenarios' runs at once (their default). */
const CONCURRENCY = 4;

/**
 * How long one scenario of `runs` runs may take before its row says it did not finish: 90 s per
 * batch of {@link CONCURRENCY} runs, and 90 s more. A batch takes 5-25 s on a 2-core machine with
 * a few other jobs (one lease of 5 s and a few page loads at most); WebKitGTK's, a MiniBrowser
 * session per run, took up to 80 s with the load average at 27 (delivery-navigation.spec.ts in
 * WebKit: 8 runs in 160 s). A run's own waits are bounded (15 s for its lead, 30 s for a page or
 * a click), so only a stuck browser or a machine much busier than that comes near this.
 *
 * @param runs - Runs of the scenario.
 * @returns The limit in ms: 360 s for 10 runs (as the browser tests allow for 8), 810 s for 30.
 * @example
 * scenarioTimeoutMs(10); // 360000
 */
export function scenarioTimeoutMs(runs: number): number {
  return (Math.ceil(runs / CONCURRENCY) + 1) * 90_000;
}

/**
 * Runs the scenarios one after the other, `runs` times each, in every engine (or those asked for),
 * each engine launched here and closed after its scenarios.
 *
 * @param options - `runs` per scenario (default 30); `engines` (default all three); `progress`
 *   gets a line as each engine starts and as each scenario starts and ends.
 * @returns Each engine's outcomes.
 * @example
 * const [{ navigation }] = await measureDelivery({ runs: 10, engines: ['firefox'], progress: console.error });
 */
export async function measureDelivery(
  options: { runs?: number; engines?: Engine[]; progress?: (line: string) => void } = {},
): Promise<DeliveryResult> {
  const runs = options.runs ?? 30;
  const progress = options.progress ?? (() => {});
  const results: DeliveryResult = [];
  for (const engine of options.engines ?? ENGINES) {
    const outcomes = {} as Record<ScenarioName, ScenarioOutcome>;
    let version = '';
    let browser: Browser | undefined;
    let notStarted = '';
    for (const [name, title, scenario] of SCENARIOS) {
      if (notStarted) {
        outcomes[name] = { failure: notStarted };
        continue;
      }
      if (!browser) {
        progress(`delivery: ${engine}: launching`);
        const started = Date.now();
        const launch = launchEngine(engine);
        try {
          browser = await withTimeout(launch, LAUNCH_TIMEOUT_MS);
        } catch (error) {
          // One that starts after all is closed at once.
          launch.then((late) => late.close()).catch(() => {});
          notStarted = `${engine} did not start: ${firstLine(error)}`;
          outcomes[name] = { failure: notStarted };
          progress(`delivery: ${notStarted}`);
          continue;
        }
        progress(`delivery: ${engine}: ${browser.version()}, started in ${seconds(started)}`);
      }
      const limit = scenarioTimeoutMs(runs);
      progress(`delivery: ${engine} ${title}: ${runs} runs (at most ${limit / 1e3} s)`);
      const started = Date.now();
      const work = scenario(browser, runs);
      try {
        const result = await withTimeout(work, limit);
        outcomes[name] = { result };
        version = browser.version();
        progress(`delivery: ${engine} ${formatFigures(title, result)}`);
      } catch (error) {
        const timedOut = error instanceof TimeoutError;
        outcomes[name] = {
          failure: timedOut
            ? `did not finish in ${limit / 1e3} s`
            : `broke after ${seconds(started)}: ${firstLine(error)}`,
        };
        progress(`delivery: ${engine} ${title}: ${outcomes[name].failure}`);
        // The browser goes with the scenario's runs still in it: they fail at once; the next
        // scenario gets a new browser.
        await browser.close().catch(() => {});
        browser = undefined;
        await withTimeout(work, 30_000).catch(() => {});
      }
    }
    await browser?.close();
    results.push({ engine, version, ...outcomes });
  }
  return results;
}

/**
 * The delivery rows of the table.
 *
 * @param result - From {@link measureDelivery}.
 * @returns Per engine, one row per scenario: leads recorded out of runs, against the baseline
 *   where there is one; a scenario without figures says why.
 * @example
 * const rows = deliveryRows(await measureDelivery({ runs: 10 }));
 */
export function deliveryRows(result: DeliveryResult): Row[] {
  const count = (o: ScenarioOutcome) =>
    'result' in o ? `${o.result.delivered}/${o.result.runs} recorded` : 'no figures';
  const details = (o: ScenarioOutcome) => {
    if (!('result' in o)) return o.failure;
    const r = o.result;
    const broken = r.records.filter((record) => record.error);
    return (
      `${r.duplicates} duplicates, ${(r.posts / r.runs).toFixed(2)} POSTs and ${(r.preflights / r.runs).toFixed(2)} preflights per run` +
      (broken.length
        ? `; ${broken.length} run(s) broke, first: ${firstLine(broken[0].error).slice(0, 160)}`
        : '')
    );
  };
  return result.flatMap(({ engine, version, navigation, naive, outage }) => {
    const row = (measure: string, o: ScenarioOutcome, instead: string, note: string): Row => ({
      section: 'delivery',
      measure: `${engine}: ${measure}`,
      pimms: count(o),
      instead,
      ratio: '',
      note: `${details(o)}${note}${version ? `; ${version}` : ''}`,
    });
    const baseline =
      'result' in naive
        ? `; baseline: ${naive.result.duplicates} duplicates, ${(naive.result.preflights / naive.result.runs).toFixed(2)} preflights per run`
        : `; baseline: ${naive.failure}`;
    return [
      row(
        'lead() then navigate at once, endpoint on another origin, preflight answered after 400 ms',
        navigation,
        `fetch with JSON: ${count(naive)}`,
        baseline,
      ),
      row(
        'endpoint answers 503 during the lead and the next page, then recovers',
        outage,
        '',
        '; a plain fetch has no retry',
      ),
    ];
  });
}

class TimeoutError extends Error {}

/** The work's result, or a {@link TimeoutError} once `ms` have passed (the work goes on). */
function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`no answer in ${ms / 1e3} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function firstLine(error: unknown): string {
  return String(error instanceof Error ? error.message : error).split('\n')[0];
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1e3).toFixed(1)} s`;
}
