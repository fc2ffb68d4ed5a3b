/**
 * How the browser tests and the benchmarks start Firefox: Debian's Firefox ESR over WebDriver BiDi
 * (Playwright's `moz-firefox` channel; Playwright's own patched Firefox cannot be downloaded here),
 * through firefox-bidi.mjs, which answers the one command ESR 153 lacks.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * The host names the tests use: every `<name>.test` and `<name>.vercel.app` written in e2e/ and
 * testing/ (Firefox maps exact names only, and a new spec's names must work without a list to keep).
 */
function testHostNames(): string[] {
  const names = new Set<string>();
  for (const folder of ['e2e', 'testing', 'src/playground']) {
    for (const file of readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })) {
      if (!/\.(ts|html|js)$/.test(file)) continue;
      const text = readFileSync(join(ROOT, folder, file), 'utf8');
      for (const [name] of text.matchAll(/\b(?:[a-z0-9-]+\.)+(?:test|vercel\.app)\b/g))
        names.add(name);
    }
  }
  return [...names].sort();
}

/** Playwright `launchOptions` for Firefox ESR (with `channel: 'moz-firefox'`). */
export const FIREFOX_LAUNCH_OPTIONS = {
  executablePath: join(import.meta.dirname, 'firefox-bidi.mjs'),
  firefoxUserPrefs: {
    // Names the tests use (www.shop.test, my-app.vercel.app, ...) lead to loopback, as Chromium's
    // host-resolver rules do. (`network.dns.forceResolve` would also send 127.0.0.2 to 127.0.0.1.)
    'network.dns.localDomains': testHostNames().join(','),
    // Firefox's own connections (updates, telemetry, safe browsing) have nowhere to go here.
    'app.update.enabled': false,
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'datareporting.policy.dataSubmissionEnabled': false,
  },
};
