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
 * Each engine of the browser tests gets its rows (Chromium, Firefox ESR, WebKitGTK), one engine
 * after the other so that they do not compete for the CPUs.
 */
import type { Browser } from '@playwright/test';
import { ENGINES, launchEngine, type Engine } from '../testing/browsers/engines.ts';
import {
  runNavigationScenario,
  runOutageScenario,
  type ScenarioResult,
} from '../testing/scenarios/delivery-scenarios.ts';
import type { Row } from './table.ts';

/** The scenarios' figures, in one engine. */
export interface EngineDelivery {
  /** Which engine. */
  engine: Engine;
  /** Its version, as the browser reports it. */
  version: string;
  /** Navigation, next page without the snippet. */
  navigation: ScenarioResult;
  /** The same with the naive fetch in place of the snippet. */
  naive: ScenarioResult;
  /** Endpoint down (503) during the lead and the next page, then back. */
  outage: ScenarioResult;
}

/** Every engine's figures, in {@link ENGINES} order. */
export type DeliveryResult = EngineDelivery[];

/**
 * Runs the scenarios one after the other, `runs` times each, in every engine (or those asked for).
 *
 * @param chromium - A launched Chromium (the benchmark's own); the other engines are launched here.
 * @param options - `runs` per scenario (default 30); `engines` (default all three).
 * @returns Each engine's figures.
 * @example
 * const [{ navigation, naive }] = await measureDelivery(browser, { runs: 30, engines: ['chromium'] });
 */
export async function measureDelivery(
  chromium: Browser,
  options: { runs?: number; engines?: Engine[]; progress?: (line: string) => void } = {},
): Promise<DeliveryResult> {
  const runs = options.runs ?? 30;
  const results: DeliveryResult = [];
  for (const engine of options.engines ?? ENGINES) {
    options.progress?.(`delivery: ${engine}`);
    const browser = engine == 'chromium' ? chromium : await launchEngine(engine);
    try {
      const navigation = await runNavigationScenario({ browser, runs });
      const naive = await runNavigationScenario({ browser, runs, variant: 'naive-fetch' });
      const outage = await runOutageScenario({ browser, runs });
      // After the runs: WebKitGTK knows its version once a session has started.
      results.push({ engine, version: browser.version(), navigation, naive, outage });
    } finally {
      if (browser != chromium) await browser.close();
    }
  }
  return results;
}

/**
 * The delivery rows of the table.
 *
 * @param result - From {@link measureDelivery}.
 * @returns Per engine, one row per scenario: leads recorded out of runs, against the baseline where there is one.
 * @example
 * const rows = deliveryRows(await measureDelivery(browser));
 */
export function deliveryRows(result: DeliveryResult): Row[] {
  const count = (r: ScenarioResult) => `${r.delivered}/${r.runs} recorded`;
  const details = (r: ScenarioResult) =>
    `${r.duplicates} duplicates, ${(r.posts / r.runs).toFixed(2)} POSTs and ${(r.preflights / r.runs).toFixed(2)} preflights per run`;
  return result.flatMap(({ engine, version, navigation, naive, outage }) => {
    const row = (measure: string, r: ScenarioResult, instead: string, note: string): Row => ({
      section: 'delivery',
      measure: `${engine}: ${measure}`,
      pimms: count(r),
      instead,
      ratio: '',
      note: `${details(r)}${note}; ${version}`,
    });
    return [
      row(
        'lead() then navigate at once, endpoint on another origin, preflight answered after 400 ms',
        navigation,
        `fetch with JSON: ${count(naive)}`,
        `; baseline: ${naive.duplicates} duplicates, ${(naive.preflights / naive.runs).toFixed(2)} preflights per run`,
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
