import type { SnippetConfig } from './config.ts';
import type { Debug } from './log.ts';
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
export declare function createAttribution(config: SnippetConfig, search?: string, debug?: Debug): Attribution;
