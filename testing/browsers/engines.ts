/**
 * The three engines of the browser tests and the benchmarks, in one place: Chromium and Firefox ESR
 * through Playwright itself, WebKitGTK through the adapter in webkit.ts. playwright.config.ts makes
 * one project of each; bench/ launches them with {@link launchEngine}.
 */
import { join } from 'node:path';
import { chromium, firefox, type Browser } from '@playwright/test';
import { CHROMIUM_LAUNCH_OPTIONS } from './chromium-options.ts';
import { FIREFOX_LAUNCH_OPTIONS } from './firefox-options.ts';
import { launchWebKit } from './webkit.ts';

/** An engine's name, as Playwright's `browserName` and project name. */
export type Engine = 'chromium' | 'firefox' | 'webkit';

/** Every engine, in the order tests and benchmarks report them. */
export const ENGINES: Engine[] = ['chromium', 'firefox', 'webkit'];

/** Each engine's Playwright `use` options (the project's). */
export const ENGINE_USE = {
  chromium: { browserName: 'chromium', launchOptions: CHROMIUM_LAUNCH_OPTIONS },
  firefox: {
    browserName: 'firefox',
    channel: 'moz-firefox',
    launchOptions: FIREFOX_LAUNCH_OPTIONS,
  },
  // Never started by the adapter: only by Playwright's own fixture, to say what to import instead.
  webkit: {
    browserName: 'webkit',
    launchOptions: { executablePath: join(import.meta.dirname, 'webkit-needs-fixtures.sh') },
  },
} as const;

/**
 * Launches an engine outside the test runner (a benchmark).
 *
 * @param engine - Which engine.
 * @returns A browser; WebKitGTK's is the adapter, typed as Playwright's (the subset it implements).
 * @example
 * const browser = await launchEngine('firefox');
 * await browser.close();
 */
export async function launchEngine(engine: Engine): Promise<Browser> {
  if (engine == 'chromium') return chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
  if (engine == 'firefox')
    return firefox.launch({ channel: 'moz-firefox', ...FIREFOX_LAUNCH_OPTIONS });
  return (await launchWebKit()) as unknown as Browser;
}
