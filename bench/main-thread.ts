/**
 * Main-thread cost in Chromium with the CPU throttled 4x (CDP `Emulation.setCPUThrottlingRate`,
 * the slowdown Lighthouse uses for a mid-range phone): the snippet's start-up and one `lead()`
 * call, against the hand-written inline fetch of bench/pages/naive-lead.js, as medians over many
 * fresh page loads of bench/pages/main-thread.html.
 *
 * Two sources, because each misses something the other has:
 * - Performance API marks in the page, wall-clock time of exactly the code in question: the
 *   script tag's parse, compile and run (the snippet's whole synchronous start-up), and the lead
 *   call from its start to its return (what a sign-up button's click handler waits for before the
 *   page may navigate). Wall time is what the visitor feels, blocking calls included (the first
 *   `localStorage` access and `document.cookie` are synchronous IPC to the browser process), but it
 *   also counts time the OS gave to other processes: on a busy machine it spreads. The page is
 *   cross-origin isolated, for a 5 µs `performance.now()` instead of 100 µs.
 * - CDP `Performance.getMetrics` `ScriptDuration` with `timeDomain: 'threadTicks'`: the CPU time
 *   of the main thread spent in script, which other processes do not inflate. Read once the page
 *   has settled (start-up and its later tasks: the outbox flush, the load handler) and again once
 *   the lead's result is in (the call and the handling of the answer, which the marks cannot see
 *   because it runs in later tasks). It counts all the page's script, the harness's few lines
 *   included, alike for both pages; the benchmark runs none of its own in the page (the click is
 *   a CDP input event, results come back as console lines).
 * Every load is a new browser context (no storage, no code cache). Each page is loaded two ways:
 * as a landing from a short link (`?pimms_id=`, no cookie yet: both write the cookie, and
 * pimms-lead also sends its landing request, `POST <endpoint>?pimms_id=`, after the load event when
 * the page is idle, which the baseline has no equivalent of), and as a later page view (the
 * `pimms_id` cookie already set, no query: nothing to write, nothing to announce). The landing's
 * own cost is the difference of the two, reported in a row of its own, so that start-up is compared
 * like for like and no work is left out of the table. The pages take turns, so that drift hits them
 * alike, and the first loads are a warm-up and dropped. The lead goes to the real relay and sandbox on another loopback
 * origin (testing/servers/endpoint.ts) and must come back `sent`.
 *
 * A third page, the floor (bench/pages/floor-lead.js), makes only the browser calls the snippet's
 * guarantees need (the outbox look on every page, its listeners, the landing's cookie and beacon,
 * the lead's storage writes and fetch), none of its logic: no implementation with those guarantees
 * costs less, so the snippet's own share is its distance to the floor, not to the inline fetch.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, CDPSession, Page } from '@playwright/test';
import { startEndpoint } from '../testing/servers/endpoint.ts';
import { startSite, type SitePage } from '../testing/servers/site.ts';
import { median, ms, ratioInterval, times } from './stats.ts';
import type { Row } from './table.ts';

const ROOT = join(import.meta.dirname, '..');
const WARM_UP = 3;
/** The lead call the snippet's page makes (the same in bench/compare-builds.ts). */
export const SNIPPET_LEAD = "pimms.lead('Sign up', { customerEmail: 'ada@example.com' })";
/** How many times slower than this machine the CPU runs by default. */
export const CPU_SLOWDOWN = 4;

/** What one page load measured, in ms. */
export interface LoadSample {
  /** Wall time of the script tag (marks). */
  startup: number;
  /** Wall time of the lead call until it returned (marks). */
  lead: number;
  /** Main-thread script CPU time from navigation until the page settled (CDP). */
  loadScript: number;
  /** Main-thread script CPU time from the click until the lead's result (CDP). */
  leadScript: number;
  /** True when the page was cross-origin isolated (5 µs timer resolution). */
  isolated: boolean;
  /** True when the lead reached the endpoint (`sent`, or a 2xx for the baseline). */
  delivered: boolean;
}

/** What one later page view (cookie set, no `?pimms_id=`, no lead) measured, in ms. */
export interface LaterSample {
  /** Wall time of the script tag (marks). */
  startup: number;
  /** Main-thread script CPU time from navigation until the page settled (CDP). */
  loadScript: number;
  /** True when the page was cross-origin isolated. */
  isolated: boolean;
}

/** The samples of both pages, and how they were taken. */
export interface MainThreadResult {
  /** Loads per page, warm-up excluded. */
  runs: number;
  /** The CPU slowdown used. */
  slowdown: number;
  /** Landings (`?pimms_id=`, no cookie yet), with one lead each. */
  snippet: LoadSample[];
  naive: LoadSample[];
  /** The floor (bench/pages/floor-lead.js): the browser operations alone. */
  floor: LoadSample[];
  /** Later page views (the cookie set, no query), without a lead. */
  snippetLater: LaterSample[];
  naiveLater: LaterSample[];
  floorLater: LaterSample[];
}

const TEMPLATE = readFileSync(join(ROOT, 'bench/pages/main-thread.html'), 'utf8');

/** The 0-based line of bench/pages/main-thread.html where the script under test starts. */
export const SCRIPT_LINE = TEMPLATE.split('\n').findIndex((line) => line.includes('%SCRIPT_TAG%'));

/**
 * bench/pages/main-thread.html with a script under test inline and the lead call its button makes,
 * served cross-origin isolated (COOP + COEP, for a 5 µs timer).
 *
 * @param script - The script's code (the endpoint is its `data-endpoint`).
 * @param lead - The expression the click handler evaluates, a promise of the lead's result.
 * @returns The page, for `site.page()`.
 * @example
 * site.page('/snippet', mainThreadPage(code, "pimms.lead('Sign up')"));
 */
export function mainThreadPage(script: string, lead: string): SitePage {
  return {
    // Replacer functions: `$` in the bundle must not be read as a replacement pattern.
    html: TEMPLATE.replace(
      '%SCRIPT_TAG%',
      () => `<script data-endpoint="%ENDPOINT%">${script}</script>`,
    ).replace('%LEAD%', () => lead),
    headers: {
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    },
  };
}

/** What {@link measurePages} collected of one page: its landings and its later page views. */
export interface PageSamples {
  landing: LoadSample[];
  later: LaterSample[];
}

/**
 * Loads each page `runs` times as a landing (with a lead) and as a later page view, after a
 * warm-up, the pages taking turns (each in a different place of every round, so that drift hits
 * them alike), against a new endpoint and site.
 *
 * @param browser - A launched Chromium.
 * @param pages - Each page's name, and its script and lead call (see {@link mainThreadPage}).
 * @param options - `runs` per page (default 30) and the CPU `slowdown` (default {@link CPU_SLOWDOWN}).
 * @returns Every page's samples, warm-up excluded.
 * @example
 * const { a, b } = await measurePages(browser, { a: [codeA, LEAD], b: [codeB, LEAD] });
 */
export async function measurePages<Name extends string>(
  browser: Browser,
  pages: Record<Name, [script: string, lead: string]>,
  options: { runs?: number; slowdown?: number } = {},
): Promise<Record<Name, PageSamples>> {
  const { runs = 30, slowdown = CPU_SLOWDOWN } = options;
  const names = Object.keys(pages) as Name[];
  const samples = Object.fromEntries(
    names.map((name) => [name, { landing: [], later: [] }]),
  ) as unknown as Record<Name, PageSamples>;
  const endpoint = await startEndpoint();
  const site = await startSite(endpoint.url);
  try {
    for (const name of names) site.page(`/${name}`, mainThreadPage(pages[name][0], pages[name][1]));
    const clickId = await endpoint.newClick();
    for (let i = 0; i < WARM_UP + runs; i++) {
      const order = names.map((_, k) => names[(i + k) % names.length]!);
      for (const name of order) {
        const url = `${site.origin}/${name}`;
        const landing = await loadOnce(browser, `${url}?pimms_id=${clickId}`, slowdown);
        const later = await loadLater(browser, url, clickId, slowdown);
        if (i >= WARM_UP) {
          samples[name].landing.push(landing);
          samples[name].later.push(later);
        }
      }
    }
    return samples;
  } finally {
    await site.close();
    await endpoint.close();
  }
}

/**
 * Loads the snippet's, the inline fetch's and the floor's pages `runs` times each (after a
 * warm-up) and collects their samples.
 *
 * @param browser - A launched Chromium.
 * @param options - `runs` per page (default 30) and the CPU `slowdown` (default {@link CPU_SLOWDOWN}).
 * @returns Every sample of the three pages.
 * @example
 * const { snippet, naive } = await measureMainThread(browser, { runs: 30 });
 */
export async function measureMainThread(
  browser: Browser,
  options: { runs?: number; slowdown?: number } = {},
): Promise<MainThreadResult> {
  const { runs = 30, slowdown = CPU_SLOWDOWN } = options;
  const code = (file: string) => readFileSync(join(ROOT, file), 'utf8');
  const { snippet, naive, floor } = await measurePages(
    browser,
    {
      snippet: [code('dist/pimms.js'), SNIPPET_LEAD],
      naive: [
        code('bench/pages/naive-lead.js'),
        // The relay needs an externalId: the snippet makes a visitor id, the baseline gets one here.
        "naiveLead('Sign up', { customerEmail: 'ada@example.com', externalId: 'visitor-' + Math.random().toString(36).slice(2) })",
      ],
      floor: [
        code('bench/pages/floor-lead.js'),
        "floorLead('Sign up', { customerEmail: 'ada@example.com' })",
      ],
    },
    { runs, slowdown },
  );
  return {
    runs,
    slowdown,
    snippet: snippet.landing,
    naive: naive.landing,
    floor: floor.landing,
    snippetLater: snippet.later,
    naiveLater: naive.later,
    floorLater: floor.later,
  };
}

/**
 * Loads `url` in a new context with the CPU slowed down and CDP's script timer on, and waits for
 * the page's start-up report; `before` may prepare the context (cookies).
 */
async function loadThrottled(
  browser: Browser,
  url: string,
  slowdown: number,
  use: (loaded: Loaded) => Promise<void>,
  before?: (context: BrowserContext) => Promise<void>,
): Promise<void> {
  const context = await browser.newContext();
  try {
    await before?.(context);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: slowdown });
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    const ready = report(page, 'ready');
    await page.goto(url);
    const { startup, isolated } = (await ready) as { startup: number; isolated: boolean };
    await use({ page, cdp, startup, isolated });
  } finally {
    await context.close();
  }
}

/** A page {@link loadThrottled} loaded, with what its start-up reported. */
interface Loaded {
  page: Page;
  cdp: CDPSession;
  startup: number;
  isolated: boolean;
}

/**
 * One landing: the page loaded with the CPU slowed down, then its button clicked for a lead.
 *
 * @param browser - A launched Chromium.
 * @param url - A page of {@link mainThreadPage}, with its `?pimms_id=`.
 * @param slowdown - How many times slower the CPU runs.
 * @returns What the load and the lead measured.
 * @example
 * const sample = await loadOnce(browser, `${site.origin}/snippet?pimms_id=${clickId}`, 4);
 */
export async function loadOnce(
  browser: Browser,
  url: string,
  slowdown: number,
): Promise<LoadSample> {
  let sample!: LoadSample;
  await loadThrottled(browser, url, slowdown, async ({ page, cdp, startup, isolated }) => {
    const settled = await scriptTime(cdp);
    const done = report(page, 'result');
    await page.mouse.click(100, 50);
    const { lead, result } = (await done) as {
      lead: number;
      result: { status?: string } | boolean;
    };
    sample = {
      startup,
      lead,
      loadScript: settled,
      leadScript: (await scriptTime(cdp)) - settled,
      isolated,
      delivered: result === true || (typeof result == 'object' && result.status == 'sent'),
    };
  });
  return sample;
}

/**
 * A later page view: the `pimms_id` cookie set as the landing left it, no query, no lead.
 *
 * @example
 * const sample = await loadLater(browser, `${site.origin}/snippet`, clickId, 4);
 */
export async function loadLater(
  browser: Browser,
  url: string,
  clickId: string,
  slowdown: number,
): Promise<LaterSample> {
  let sample!: LaterSample;
  await loadThrottled(
    browser,
    url,
    slowdown,
    async ({ cdp, startup, isolated }) => {
      sample = { startup, loadScript: await scriptTime(cdp), isolated };
    },
    (context) => context.addCookies([{ name: 'pimms_id', value: clickId, url, sameSite: 'Lax' }]),
  );
  return sample;
}

/**
 * The next `bench:<name>:<json>` console line of the page, parsed.
 *
 * @example
 * const { startup } = (await report(page, 'ready')) as { startup: number };
 */
export async function report(page: Page, name: string): Promise<unknown> {
  const prefix = `bench:${name}:`;
  const message = await page.waitForEvent('console', {
    predicate: (line) => line.text().startsWith(prefix),
    timeout: 30_000,
  });
  return JSON.parse(message.text().slice(prefix.length));
}

/** The main thread's script time so far, in ms of the time domain `Performance.enable` chose. */
async function scriptTime(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((metric) => metric.name == 'ScriptDuration')?.value ?? NaN) * 1e3;
}

/**
 * The main-thread rows of the table.
 *
 * @param result - From {@link measureMainThread}.
 * @returns Start-up and the lead call, wall time and CPU time, each against the baseline.
 * @example
 * const rows = mainThreadRows(await measureMainThread(browser));
 */
export function mainThreadRows(result: MainThreadResult): Row[] {
  const { runs, slowdown, snippet, naive, floor, snippetLater, naiveLater, floorLater } = result;
  const isolated = [
    ...snippet,
    ...naive,
    ...floor,
    ...snippetLater,
    ...naiveLater,
    ...floorLater,
  ].every((sample) => sample.isolated);
  const medianOf = (
    samples: (LoadSample | LaterSample)[],
    key: keyof LaterSample & keyof LoadSample,
  ) => median(samples.map((sample) => sample[key] as number));
  const row = (
    measure: string,
    key: 'startup' | 'lead' | 'loadScript' | 'leadScript',
    note: string,
    later?: 'later' | 'landing minus later',
    subject: 'pimms-lead' | 'floor' = 'pimms-lead',
  ): Row => {
    const samples = (landing: LoadSample[], other: LaterSample[]) =>
      later == 'later'
        ? other.map((sample) => sample[key as 'startup'])
        : landing.map((sample) => sample[key]);
    const pick = (landing: LoadSample[], other: LaterSample[]) =>
      later == 'landing minus later'
        ? median(landing.map((sample) => sample[key])) - medianOf(other, key as 'startup')
        : median(samples(landing, other));
    const [subjectLanding, subjectLater] =
      subject == 'floor' ? [floor, floorLater] : [snippet, snippetLater];
    const a = pick(subjectLanding, subjectLater);
    const b = pick(naive, naiveLater);
    // How far the ratio could move with other loads of the same pages (not for a difference).
    const [low, high] = ratioInterval(
      samples(subjectLanding, subjectLater),
      samples(naive, naiveLater),
    );
    const spread =
      later == 'landing minus later' ? '' : `; 95% interval ${times(low, 1)}–${times(high, 1)}`;
    // The difference too: the budget is absolute, and the baseline's share is the page's, not the snippet's.
    return {
      section: 'main thread',
      measure,
      pimms: ms(a),
      instead: `inline fetch: ${ms(b)}`,
      ratio: times(a, b),
      note: `${a >= b ? '+' : '-'}${ms(Math.abs(a - b))}${spread}; ${note}`,
    };
  };
  const how = `CPU ${slowdown}x slower, median of ${runs} loads`;
  const sent = (samples: LoadSample[]) => `${samples.filter((s) => s.delivered).length}/${runs}`;
  const delivered = `leads sent: ${sent(snippet)}, baseline ${sent(naive)}`;
  const timer = isolated ? '' : '; NOT isolated: 100 µs timer';
  return [
    row(
      'landing (?pimms_id=): script tag: parse, compile, run = start-up (wall, marks)',
      'startup',
      `budget: well under 1 ms; ${how}${timer}`,
    ),
    row(
      'later page view (cookie set): script tag = start-up (wall, marks)',
      'startup',
      `${how}${timer}`,
      'later',
    ),
    row(
      'later page view (cookie set): page load until settled, all script (CPU, CDP)',
      'loadScript',
      `start-up like for like: nothing to write or announce; ${how}`,
      'later',
    ),
    row(
      'landing (?pimms_id=): page load until settled, all script (CPU, CDP)',
      'loadScript',
      `everything: pimms-lead's cookie write and landing request included; ${how}`,
    ),
    row(
      "the landing's own cost: landing minus later page view (CPU, CDP)",
      'loadScript',
      `pimms-lead: cookie write + landing request (POST ?pimms_id=, after load when idle), which the baseline does not send; inline fetch: its cookie write; ${how}`,
      'landing minus later',
    ),
    row('lead() from call to return (wall, marks)', 'lead', `budget: well under 1 ms; ${how}`),
    row('lead() from click to result: all script (CPU, CDP)', 'leadScript', `${how}; ${delivered}`),
    // What no implementation with the snippet's guarantees can go below (bench/pages/floor-lead.js).
    row(
      'floor, later page view: page load until settled, all script (CPU, CDP)',
      'loadScript',
      `the browser operations alone (the outbox look, five listeners), none of pimms-lead's code; ${how}`,
      'later',
      'floor',
    ),
    row(
      'floor, landing: page load until settled, all script (CPU, CDP)',
      'loadScript',
      `+ the cookie written and read back, the landing beacon after load; ${how}`,
      undefined,
      'floor',
    ),
    row(
      'floor, lead(): from click to result, all script (CPU, CDP)',
      'leadScript',
      `cookie, visitor id and outbox entry in localStorage, fetch; ${how}; sent: ${sent(floor)}`,
      undefined,
      'floor',
    ),
  ];
}
