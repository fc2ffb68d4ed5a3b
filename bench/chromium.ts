/**
 * The Chromium the benchmarks drive: Debian's, with the project's launch flags (as in
 * playwright.config.ts), so that figures come from the browser the tests use.
 */
import { chromium, type Browser } from '@playwright/test';

/** Where Chromium is: `CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * Launches headless Chromium.
 *
 * @returns The browser; close it when done.
 * @example
 * const browser = await launchChromium();
 * console.log(browser.version());
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // The delivery scenarios may use the host names the browser tests map to loopback.
      '--host-resolver-rules=MAP *.test 127.0.0.1, MAP *.vercel.app 127.0.0.1',
    ],
  });
}
