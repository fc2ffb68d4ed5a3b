/**
 * What V8 compiles of the script under test during a page load, from V8's own function events
 * (`--log-function-events`): the bytes and the number of functions it compiled to bytecode (a
 * function when it is first called, or at once when V8 guesses it will be, as for an IIFE), and
 * the milliseconds it spent parsing and compiling. Compilation is most of what the snippet's start-up
 * costs over the baseline's, and unlike the CPU time it does not depend on the machine's load: the
 * bytes are the same on every run. A function that is only pre-parsed at load (because nothing
 * calls it yet, such as the lead call's body) is not counted.
 *
 * The pages of bench/main-thread.ts (its `mainThreadPage`, the same scripts), loaded without CPU slowdown,
 * each in a browser of its own so that V8's log holds that page alone.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { CHROMIUM_LAUNCH_OPTIONS } from '../testing/browsers/chromium-options.ts';
import { startEndpoint } from '../testing/servers/endpoint.ts';
import { startSite } from '../testing/servers/site.ts';
import { mainThreadPage, report, SCRIPT_LINE } from './main-thread.ts';
import { bytes, median, ms, times } from './stats.ts';
import type { Row } from './table.ts';

const ROOT = join(import.meta.dirname, '..');

/** What V8 compiled of one script in one page load. */
export interface CompileSample {
  /** Bytes of source V8 compiled to bytecode: each compiled function's own, without the functions inside it. */
  compiledBytes: number;
  /** How many functions (the script's top level among them) V8 compiled to bytecode. */
  functions: number;
  /** Milliseconds of parsing and compiling (script, pre-parse, full parses, bytecode). */
  time: number;
}

/** Samples per script (`snippet`, `naive`) and page (`later`, `landing`). */
export type CompileResult = Record<
  'snippet' | 'naive',
  Record<'later' | 'landing', CompileSample[]>
>;

/**
 * Loads each script's landing and later page view `runs` times, each in a new Chromium with
 * V8's function events logged, and reads what V8 compiled of the script.
 *
 * @param options - `runs` per page (default 3: the bytes do not vary); `snippet`, another build
 *   of the snippet to measure instead of dist/pimms.js (for trying a change).
 * @returns The samples.
 * @example
 * const result = await measureCompile({ runs: 3 });
 */
export async function measureCompile(
  options: { runs?: number; snippet?: string } = {},
): Promise<CompileResult> {
  const { runs = 3, snippet = join(ROOT, 'dist/pimms.js') } = options;
  const endpoint = await startEndpoint();
  const site = await startSite(endpoint.url);
  const scripts = {
    snippet: readFileSync(snippet, 'utf8'),
    naive: readFileSync(join(ROOT, 'bench/pages/naive-lead.js'), 'utf8'),
  };
  const result: CompileResult = {
    snippet: { later: [], landing: [] },
    naive: { later: [], landing: [] },
  };
  try {
    for (const [name, code] of Object.entries(scripts))
      site.page(`/${name}`, mainThreadPage(code, 'Promise.resolve()'));
    const clickId = await endpoint.newClick();
    for (let i = 0; i < runs; i++)
      for (const name of ['snippet', 'naive'] as const)
        for (const page of ['later', 'landing'] as const) {
          const url = `${site.origin}/${name}` + (page == 'landing' ? `?pimms_id=${clickId}` : '');
          result[name][page].push(await loadLogged(url, page == 'later' && clickId, site.origin));
        }
    return result;
  } finally {
    await site.close();
    await endpoint.close();
  }
}

/** One load in a Chromium of its own with V8's function events on; what it compiled of the script. */
async function loadLogged(
  url: string,
  cookie: string | false,
  origin: string,
): Promise<CompileSample> {
  const dir = mkdtempSync(join(tmpdir(), 'pimms-v8-'));
  try {
    const browser = await chromium.launch({
      ...CHROMIUM_LAUNCH_OPTIONS,
      args: [
        ...(CHROMIUM_LAUNCH_OPTIONS.args ?? []),
        `--js-flags=--log-function-events --logfile=${dir}/v8-%p.log --no-logfile-per-isolate`,
      ],
    });
    try {
      const context = await browser.newContext();
      if (cookie)
        await context.addCookies([{ name: 'pimms_id', value: cookie, url, sameSite: 'Lax' }]);
      const page = await context.newPage();
      const ready = report(page, 'ready');
      await page.goto(url);
      await ready;
      await context.close();
    } finally {
      await browser.close();
    }
    for (const file of readdirSync(dir)) {
      const sample = readLog(readFileSync(join(dir, file), 'utf8'), origin);
      if (sample) return sample;
    }
    throw new Error(`no V8 function events for the script of ${url}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The script's figures in one V8 log, or undefined when the log is another process's. Lines:
 * `script-details,<id>,<url>,<line>,<column>,...` and
 * `function,<event>,<script id>,<start>,<end>,<ms>,<timestamp>,<name>`.
 */
function readLog(log: string, origin: string): CompileSample | undefined {
  const lines = log.split('\n').map((text) => text.split(','));
  const script = lines.find(
    (fields) =>
      fields[0] == 'script-details' && fields[2].startsWith(origin) && +fields[3] == SCRIPT_LINE,
  );
  if (!script) return;
  const sample: CompileSample = { compiledBytes: 0, functions: 0, time: 0 };
  const events = lines.filter((fields) => fields[0] == 'function' && fields[2] == script[1]);
  // Every function V8 saw, as [start, end] by "start,end"; those it made bytecode for (`interpreter`).
  const ranges = new Map(
    events.map((fields) => [`${fields[3]},${fields[4]}`, [+fields[3], +fields[4]]]),
  );
  const compiled = new Set(
    events
      .filter((fields) => fields[1] == 'interpreter')
      .map((fields) => `${fields[3]},${fields[4]}`),
  );
  for (const text of compiled) {
    const [start, end] = ranges.get(text)!;
    // Its own source: less the functions inside it, which are compiled (or not) on their own.
    const inner = [...ranges.values()].filter(
      ([s, e]) => s >= start && e <= end && e - s < end - start,
    );
    const outermost = inner.filter(
      ([s, e]) => !inner.some(([s2, e2]) => s2 <= s && e2 >= e && e2 - s2 > e - s),
    );
    sample.compiledBytes += end - start - outermost.reduce((sum, [s, e]) => sum + e - s, 0);
    sample.functions++;
  }
  for (const [, event, , , , time] of events)
    // Not `parse` or `full-parse`: they are inside parse-script and parse-function.
    if (/^(parse-script|parse-function|preparse-no-resolution|interpreter)$/.test(event))
      sample.time += +time;
  return sample;
}

/**
 * The compile rows of the table.
 *
 * @param result - From {@link measureCompile}.
 * @returns Per page, the bytes V8 compiled in full and the time it took, against the baseline.
 * @example
 * const rows = compileRows(await measureCompile());
 */
export function compileRows(result: CompileResult): Row[] {
  const runs = result.snippet.later.length;
  const of = (samples: CompileSample[], key: keyof CompileSample) =>
    median(samples.map((sample) => sample[key]));
  return (['later', 'landing'] as const).flatMap((page): Row[] => {
    const what = page == 'later' ? 'later page view (cookie set)' : 'landing (?pimms_id=)';
    const snippet = result.snippet[page];
    const naive = result.naive[page];
    return [
      {
        section: 'main thread',
        measure: `${what}: JS compiled to bytecode by load's end (V8 function events)`,
        pimms: bytes(of(snippet, 'compiledBytes')),
        instead: `inline fetch: ${bytes(of(naive, 'compiledBytes'))}`,
        ratio: times(of(snippet, 'compiledBytes'), of(naive, 'compiledBytes')),
        note: `${of(snippet, 'functions')} functions (inline fetch: ${of(naive, 'functions')}); the same on every run; the rest of the script is only pre-parsed`,
      },
      {
        section: 'main thread',
        measure: `${what}: V8 parse and compile time of the script (CPU not slowed)`,
        pimms: ms(of(snippet, 'time')),
        instead: `inline fetch: ${ms(of(naive, 'time'))}`,
        ratio: times(of(snippet, 'time'), of(naive, 'time')),
        note: `median of ${runs} loads, each in a new Chromium`,
      },
    ];
  });
}
