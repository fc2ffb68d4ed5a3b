/**
 * The two delivery scenarios of "no lead lost, none counted twice", run many times each: the
 * browser tests assert on their figures, and the benchmark prints them (with the naive baseline).
 *
 * Every run is independent: its own endpoint (relay + sandbox on 127.0.0.2, another origin than
 * the page) and site, a fresh browser context (a new visitor) and a new click id, so that runs can
 * go a few at a time and an endpoint fault of one run never touches another.
 */
import type { Browser, Page } from '@playwright/test';
import { startEndpoint, type Endpoint } from '../servers/endpoint.ts';
import { describeReceived, tallyLead, type LeadTally } from './lead-tally.ts';
import { runPool } from './run-pool.ts';
import { startSite } from '../servers/site.ts';
import { waitFor } from './wait-for.ts';

/** One run of a scenario: what the endpoint saw of its lead. */
export interface RunRecord extends LeadTally {
  /** The run's number, from 0. */
  index: number;
  /** Every request the run's endpoint received, when the run lost or doubled its lead (else empty). */
  trace: string;
  /** Why the run broke (a page that never loaded, a browser that went away), if it did. */
  error?: string;
}

/** The figures of a scenario. */
export interface ScenarioResult {
  /** How many runs. */
  runs: number;
  /** Runs whose lead the sandbox (PIMMS) recorded. */
  delivered: number;
  /** Times a lead reached PIMMS beyond the first, over all runs (see {@link LeadTally.duplicates}). */
  duplicates: number;
  /** Lead POSTs that reached the endpoints, over all runs. */
  posts: number;
  /** CORS preflights the endpoints received, over all runs. */
  preflights: number;
  /** Wall time of the whole scenario, in ms. */
  wallMs: number;
  /** Each run's counts, by index. */
  records: RunRecord[];
}

/** Options both scenarios take. */
export interface ScenarioOptions {
  /** A launched Chromium (Playwright's `browser` fixture, or the benchmark's). */
  browser: Browser;
  /** How many independent runs. */
  runs: number;
  /** Runs at once; default 4 (a 2-core machine keeps up). */
  concurrency?: number;
  /** How long a run waits for its lead (and the outbox to drain) before counting it lost; default 15000. */
  waitMs?: number;
}

/** Options of {@link runNavigationScenario}. */
export interface NavigationOptions extends ScenarioOptions {
  /**
   * `snippet` (default): the page calls `pimms.lead()` and navigates in the same click handler.
   * `naive-fetch`: no snippet; the page does what people write by hand, a cross-origin
   * `fetch(endpoint, {method: 'POST', headers: {'content-type': 'application/json'}, body})`, then
   * navigates. A baseline for the benchmark, expected to lose leads; `waitMs` defaults to 3000 for it
   * (it never retries, so a lead not there by then is lost).
   */
  variant?: 'snippet' | 'naive-fetch';
  /**
   * The page navigated to: `plain` (default), without the snippet, so no outbox resend can help;
   * `snippet`, which loads it, so the outbox resends what it holds (the relay de-duplicates).
   */
  nextPage?: 'plain' | 'snippet';
  /** How long the endpoint waits before answering a CORS preflight; default 400. */
  preflightDelayMs?: number;
  /** How long the endpoint waits before answering a lead POST; default 200. */
  answerDelayMs?: number;
}

/** Options of {@link runOutageScenario}. */
export interface OutageOptions extends ScenarioOptions {
  /** The status the endpoint answers during the outage; default 503. */
  status?: number;
}

const SIGNUP = '/fixtures/delivery-signup.html';
const NAIVE_SIGNUP = '/fixtures/delivery-naive-signup.html';
const WELCOME = '/fixtures/delivery-welcome.html';

/**
 * Navigation: on a sign-up page, a click handler calls `pimms.lead()` and navigates at once; the
 * endpoint is on another origin and answers CORS preflights only after `preflightDelayMs`. Each run
 * waits for its lead (and, when the next page loads the snippet, for the outbox to drain, so that a
 * late resend would be counted), then counts what the sandbox recorded for its click.
 *
 * @param options - See {@link NavigationOptions}.
 * @returns The figures: `delivered == runs && duplicates == 0` is the snippet's promise.
 * @example
 * const { delivered, runs, duplicates } = await runNavigationScenario({ browser, runs: 30 });
 * const baseline = await runNavigationScenario({ browser, runs: 30, variant: 'naive-fetch' });
 */
export function runNavigationScenario(options: NavigationOptions): Promise<ScenarioResult> {
  const naive = options.variant == 'naive-fetch';
  const next = options.nextPage == 'snippet' ? WELCOME : '/next';
  const waitMs = options.waitMs ?? (naive ? 3_000 : 15_000);
  return runScenario(options, async (endpoint, origin, page, clickId) => {
    endpoint.preflightDelayMs = options.preflightDelayMs ?? 400;
    endpoint.answerDelayMs = options.answerDelayMs ?? 200;
    await page.goto(
      `${origin}${naive ? NAIVE_SIGNUP : SIGNUP}?pimms_id=${clickId}&next=${encodeURIComponent(next)}`,
    );
    if (!naive) await snippetLoaded(page);
    await page.click('#signup');
    await page.waitForURL(origin + next);
    await waitFor(
      async () =>
        tallyLead(endpoint, clickId).leads > 0 &&
        (next != WELCOME || (await outboxSize(page)) == 0),
      waitMs,
    );
  });
}

/**
 * Outage: the endpoint answers `status` (503) while the lead is made and while the visitor moves to
 * the next page, which loads the snippet; then it recovers, and the visitor views one more page.
 * That page view sends the lead at once, or, when the first page's send was still in flight as it
 * went away (so it is leased, `LEASE_MS`), when the lease ends. Each run waits for its lead to be
 * recorded and the outbox to drain, then counts what the sandbox recorded for its click.
 *
 * @param options - See {@link OutageOptions}.
 * @returns The figures: `delivered == runs && duplicates == 0` is the snippet's promise.
 * @example
 * const { delivered, runs, duplicates, posts } = await runOutageScenario({ browser, runs: 30 });
 */
export function runOutageScenario(options: OutageOptions): Promise<ScenarioResult> {
  return runScenario(options, async (endpoint, origin, page, clickId) => {
    endpoint.fault = { status: options.status ?? 503 };
    await page.goto(`${origin}${SIGNUP}?pimms_id=${clickId}&next=${encodeURIComponent(WELCOME)}`);
    await snippetLoaded(page);
    await page.click('#signup');
    await page.waitForURL(origin + WELCOME);
    await snippetLoaded(page);
    // Still down while the next page starts; every POST so far has had its fault answer.
    await waitFor(() => endpoint.received.every((r) => r.status), 5_000);
    endpoint.fault = undefined;
    await page.goto(origin + WELCOME);
    await snippetLoaded(page);
    await waitFor(
      async () => tallyLead(endpoint, clickId).leads > 0 && (await outboxSize(page)) == 0,
      options.waitMs ?? 15_000,
    );
  });
}

type Run = (endpoint: Endpoint, origin: string, page: Page, clickId: string) => Promise<void>;

async function runScenario(options: ScenarioOptions, run: Run): Promise<ScenarioResult> {
  const started = Date.now();
  const records = await runPool(
    options.runs,
    options.concurrency ?? 4,
    async (index): Promise<RunRecord> => {
      // Closed in reverse order whatever happens, even when a later one never opened (a browser
      // that went away refuses the context): a server left open would keep the process alive.
      const opened: (() => Promise<void>)[] = [];
      try {
        const endpoint = await startEndpoint();
        opened.push(() => endpoint.close());
        const site = await startSite(endpoint.url);
        opened.push(() => site.close());
        const context = await options.browser.newContext();
        opened.push(() => context.close());
        const clickId = await endpoint.newClick();
        const page = await context.newPage();
        let broke: string | undefined;
        try {
          await run(endpoint, site.origin, page, clickId);
        } catch (error) {
          // A run that breaks (a page that never loads) counts with what its endpoint saw, and says why.
          broke = String(error);
          endpoint.received.push({ at: -1, method: 'ERROR', headers: {}, text: broke });
        }
        const tally = tallyLead(endpoint, clickId);
        const failed = tally.leads != 1 || tally.duplicates > 0 || broke != undefined;
        return {
          index,
          ...tally,
          trace: failed ? describeReceived(endpoint) : '',
          ...(broke ? { error: broke } : {}),
        };
      } finally {
        await closeAll(opened.reverse());
      }
    },
  );
  return {
    runs: records.length,
    delivered: records.filter((r) => r.leads > 0).length,
    duplicates: records.reduce((sum, r) => sum + r.duplicates, 0),
    posts: records.reduce((sum, r) => sum + r.posts, 0),
    preflights: records.reduce((sum, r) => sum + r.preflights, 0),
    wallMs: Date.now() - started,
    records,
  };
}

/**
 * The runs that lost or doubled their lead, with what their endpoint received: for a failure message.
 *
 * @param result - A scenario's figures.
 * @returns One block per such run, or an empty string.
 * @example
 * expect(result.delivered, describeFailedRuns(result)).toBe(result.runs);
 */
export function describeFailedRuns(result: ScenarioResult): string {
  return result.records
    .filter((r) => r.trace)
    .map(
      (r) =>
        `run ${r.index} (click ${r.clickId}): ${r.leads} lead(s), ${r.duplicates} duplicate(s), ${r.posts} POST(s)\n${r.trace}`,
    )
    .join('\n');
}

/**
 * The figures as one line, for a test's output or the benchmark.
 *
 * @param name - The scenario's name.
 * @param result - Its figures.
 * @returns e.g. `navigation: 30/30 delivered, 0 duplicates, 1.00 POSTs per run, 0 preflights, 14.7 s`.
 * @example
 * console.log(formatFigures('navigation', result));
 */
export function formatFigures(name: string, result: ScenarioResult): string {
  const perRun = (result.posts / result.runs).toFixed(2);
  return `${name}: ${result.delivered}/${result.runs} delivered, ${result.duplicates} duplicates, ${perRun} POSTs per run, ${result.preflights} preflights, ${(result.wallMs / 1e3).toFixed(1)} s`;
}

/** Runs every close, in order, each even if one before it threw; then throws the first error. */
async function closeAll(closes: (() => Promise<void>)[]): Promise<void> {
  const errors: unknown[] = [];
  for (const close of closes) await close().catch((error: unknown) => errors.push(error));
  if (errors.length) throw errors[0];
}

async function snippetLoaded(page: Page): Promise<void> {
  await page.waitForFunction(
    () => (window as { pimms?: { loaded?: boolean } }).pimms?.loaded === true,
  );
}

function outboxSize(page: Page): Promise<number> {
  return page.evaluate(
    () => Object.keys(localStorage).filter((key) => key.startsWith('pimms_ob_')).length,
  );
}
