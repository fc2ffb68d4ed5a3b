/**
 * Attribution policy: which click id a lead carries (the landing URL's or the cookie's, by the
 * attribution model), and keeping the landing's click id (the script's cookie, the landing
 * request to the relay, the address bar cleaned on request).
 */
import { whenLoadedAndIdle } from './after-load.ts';
import type { SnippetConfig } from './config.ts';
import { clickIdFromUrl, readClickId, removeClickIdFromUrl, writeClickId } from './click-id.ts';
import type { Debug } from './log.ts';
import { announceClickId } from './transport.ts';

/** The attribution of one page; see {@link createAttribution}. */
export interface Attribution {
  /** The landing URL's plausible `?pimms_id=`, if any. */
  urlClickId?: string;
  /**
   * The click id to send: last-click (default), the URL's over the cookie's; first-click, the
   * cookie's over the URL's.
   */
  pick(): string | undefined;
  /**
   * Keeps a click id for later pages, unless first-click attribution already has one: the script
   * writes the cookie (unless the newest cookie already holds that id: PIMMS' script's or an
   * earlier page's, which the snippet does not double), and, for the landing URL's id, the one
   * landing request (once the page has loaded, when it is idle; never twice from one page) asks
   * the relay for its server-set cookie; then, with `data-clean-url`, the id leaves the address bar.
   *
   * @param id - The id to keep; defaults to the landing URL's.
   */
  remember(id?: string): void;
}

/**
 * Makes the attribution of one page.
 *
 * @param config - The snippet's configuration (attribution model, cookie options, endpoint).
 * @param search - The landing URL's query; defaults to the page's now.
 * @param debug - Where debug mode explains cookie writes (debug build only).
 * @returns The attribution.
 * @example
 * const attribution = createAttribution(readConfig({ attributionModel: 'first-click' }));
 * attribution.remember();
 */
export function createAttribution(
  config: SnippetConfig,
  search?: string,
  debug?: Debug,
): Attribution {
  const urlClickId = clickIdFromUrl(search);
  // One landing request per page, however often consent(true) is called.
  let landing: unknown;
  return {
    urlClickId,
    // The cookie is read only when it may win: document.cookie is synchronous IPC in Chromium.
    pick: () => (config.firstClick ? readClickId() || urlClickId : urlClickId || readClickId()),
    remember(id = urlClickId) {
      // A page without an id to keep (most page views) does not even read the cookie: the first
      // document.cookie read of a page is synchronous IPC in Chromium.
      if (!id) return;
      const cookie = readClickId();
      if (config.firstClick && cookie) return;
      if (cookie != id) writeClickId(id, config.cookieDays, config.cookieDomain, debug);
      if (id != urlClickId || landing) return;
      landing = 1;
      // Only on the landing itself: later pages make no request. After the load event, when the
      // page is idle: handing a request to the browser is the costliest step of start-up, and
      // nothing waits for its answer.
      whenLoadedAndIdle(() => {
        const announced = announceClickId(config.endpoint, id!);
        if (config.cleanUrl && (announced || readClickId() == id)) removeClickIdFromUrl();
      });
    },
  };
}
