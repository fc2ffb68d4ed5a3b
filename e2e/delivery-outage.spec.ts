// Issue 4, outage: the endpoint answers 503 while the lead is made and while the visitor moves to
// the next page; then it recovers, and the next page view delivers the lead. 30 independent runs:
// every lead recorded, each once. A run whose first send was still in flight as the page went away
// waits for that send's 5 s lease to end before the next page resends it: runs go 6 at a time.
import { expect, test } from '@playwright/test';
import {
  describeFailedRuns,
  formatFigures,
  runOutageScenario,
} from '../testing/scenarios/delivery-scenarios.ts';

const RUNS = 30;

test.describe.configure({ timeout: 120_000 });

test(`a lead made during a 503 outage is delivered after it, ${RUNS} runs out of ${RUNS}, once each`, async ({
  browser,
}) => {
  const result = await runOutageScenario({ browser, runs: RUNS, concurrency: 6 });
  console.log(formatFigures('outage', result));
  expect(result.delivered, describeFailedRuns(result)).toBe(RUNS);
  expect(result.duplicates, describeFailedRuns(result)).toBe(0);
  expect(
    result.records.filter((r) => r.eventIds.length != 1 || r.forwarded != 1),
    describeFailedRuns(result),
  ).toEqual([]);
});
