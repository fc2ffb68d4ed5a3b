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
 */
import type { Browser } from '@playwright/test';
import {
  runNavigationScenario,
  runOutageScenario,
  type ScenarioResult,
} from '../testing/scenarios/delivery-scenarios.ts';
import type { Row } from './table.ts';

/** The scenarios' figures. */
export interface DeliveryResult {
  /** Navigation, next page without the snippet. */
  navigation: ScenarioResult;
  /** The same with the naive fetch in place of the snippet. */
  naive: ScenarioResult;
  /** Endpoint down (503) during the lead and the next page, then back. */
  outage: ScenarioResult;
}

/**
 * Runs the scenarios one after the other, `runs` times each.
 *
 * @param browser - A launched Chromium.
 * @param options - `runs` per scenario (default 30).
 * @returns Each scenario's figures.
 * @example
 * const { navigation, naive } = await measureDelivery(browser, { runs: 30 });
 */
export async function measureDelivery(
  browser: Browser,
  options: { runs?: number } = {},
): Promise<DeliveryResult> {
  const runs = options.runs ?? 30;
  return {
    navigation: await runNavigationScenario({ browser, runs }),
    naive: await runNavigationScenario({ browser, runs, variant: 'naive-fetch' }),
    outage: await runOutageScenario({ browser, runs }),
  };
}

/**
 * The delivery rows of the table.
 *
 * @param result - From {@link measureDelivery}.
 * @returns One row per scenario: leads recorded out of runs, against the baseline where there is one.
 * @example
 * const rows = deliveryRows(await measureDelivery(browser));
 */
export function deliveryRows(result: DeliveryResult): Row[] {
  const count = (r: ScenarioResult) => `${r.delivered}/${r.runs} recorded`;
  const details = (r: ScenarioResult) =>
    `${r.duplicates} duplicates, ${(r.posts / r.runs).toFixed(2)} POSTs and ${(r.preflights / r.runs).toFixed(2)} preflights per run`;
  const row = (measure: string, r: ScenarioResult, instead: string, note: string): Row => ({
    section: 'delivery',
    measure,
    pimms: count(r),
    instead,
    ratio: '',
    note: `${details(r)}${note}`,
  });
  const { navigation, naive, outage } = result;
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
}
