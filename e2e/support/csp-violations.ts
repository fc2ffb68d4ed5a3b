/**
 * Content-Security-Policy violations of a page, as the page itself sees them
 * (`securitypolicyviolation` events), kept in sessionStorage so that those of a page that has
 * navigated away (a beacon refused at unload, say) are still there to read.
 */
import type { Page } from '@playwright/test';

const KEY = 'pimms_e2e_csp_violations';

/**
 * Starts recording violations in every document of the page, before any of its scripts runs.
 *
 * @param page - The page, before its first `goto`.
 * @example
 * await recordViolations(page);
 */
export async function recordViolations(page: Page): Promise<void> {
  await page.addInitScript((key) => {
    addEventListener('securitypolicyviolation', (event) => {
      // Firefox and WebKit fetch /favicon.ico for the tab under the page's policy and report the
      // refusal to the page: the browser's own request, not the page's (Chromium reports none).
      if (event.effectiveDirective == 'img-src' && /\/favicon\.ico$/.test(event.blockedURI)) return;
      const list = JSON.parse(sessionStorage.getItem(key) || '[]');
      list.push(
        `${event.effectiveDirective} refused ${event.blockedURI || '(inline)'} at ${event.sourceFile}:${event.lineNumber}`,
      );
      sessionStorage.setItem(key, JSON.stringify(list));
    });
  }, KEY);
}

/**
 * The violations recorded so far in this tab's documents of the page's origin.
 *
 * @param page - A page set up with {@link recordViolations}.
 * @returns One line per violation: directive, what was blocked, where.
 * @example
 * expect(await violations(page)).toEqual([]);
 */
export async function violations(page: Page): Promise<string[]> {
  return page.evaluate((key) => JSON.parse(sessionStorage.getItem(key) || '[]'), KEY);
}
