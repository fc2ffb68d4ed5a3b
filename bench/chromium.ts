/**
 * The Chromium the benchmarks drive: Debian's, with the launch options the browser tests use
 * (testing/browsers/chromium-options.ts), so that figures come from the browser the tests use.
 */
import { chromium, type Browser } from '@playwright/test';
import { CHROMIUM_LAUNCH_OPTIONS } from '../testing/browsers/chromium-options.ts';

/** Where Chromium is: `CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`. */
export const CHROMIUM_PATH = CHROMIUM_LAUNCH_OPTIONS.executablePath;

/**
 * Launches headless Chromium.
 *
 * @returns The browser; close it when done.
 * @example
 * const browser = await launchChromium();
 * console.log(browser.version());
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch(CHROMIUM_LAUNCH_OPTIONS);
}
