// Issue 4, navigation: a click handler calls pimms.lead() and navigates at once, to an endpoint on
// another origin that answers CORS preflights only after 400 ms. Every lead of 30 independent runs
// (a new visitor and a new click each) must arrive, and none twice. The same scenario, with a naive
// fetch in place of the snippet, is the benchmark's baseline (bench/); it is not asserted here.
import { expect, test } from '@playwright/test';
import {
  describeFailedRuns,
  formatFigures,
  runNavigationScenario,
} from '../testing/scenarios/delivery-scenarios.ts';

const RUNS = 30;

test.describe.configure({ timeout: 120_000 });

test(`a lead made as the page navigates away arrives, ${RUNS} runs out of ${RUNS}, once each`, async ({
  browser,
}) => {
  const result = await runNavigationScenario({ browser, runs: RUNS });
  console.log(formatFigures('navigation, next page without the snippet', result));
  expect(result.delivered, describeFailedRuns(result)).toBe(RUNS);
  expect(result.duplicates, describeFailedRuns(result)).toBe(0);
  // text/plain JSON is CORS-safelisted: the slow preflight is never waited for, because none is sent.
  expect(result.preflights).toBe(0);
});

// Each of these runs waits out the 5 s lease of the send the first page made, for the next page's
// resend: fewer runs, more at once (they are idle while they wait).
test('with the snippet on the next page too, its outbox resend counts no lead twice (10 runs)', async ({
  browser,
}) => {
  const result = await runNavigationScenario({
    browser,
    runs: 10,
    concurrency: 5,
    nextPage: 'snippet',
  });
  console.log(formatFigures('navigation, next page with the snippet', result));
  expect(result.delivered, describeFailedRuns(result)).toBe(result.runs);
  expect(result.duplicates, describeFailedRuns(result)).toBe(0);
  // However often it was resent, each run's lead is one lead: one eventId, forwarded to PIMMS once.
  expect(
    result.records.filter((r) => r.eventIds.length != 1 || r.forwarded != 1),
    describeFailedRuns(result),
  ).toEqual([]);
});
