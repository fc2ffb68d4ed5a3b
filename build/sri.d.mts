/** The files a page loads with a <script> tag (see sri.mjs). */
export const BROWSER_OUTPUTS: string[];
/** The marker before the README's CDN tag. */
export const README_TAG_START: string;
/** The marker after the README's CDN tag. */
export const README_TAG_END: string;
/** `sha384-<base64 digest>` of a file (see sri.mjs). */
export function sriOf(file: string): string;
/** The README's CDN block for a version and hash, markers included (see sri.mjs). */
export function cdnTagBlock(release: { version: string; integrity: string }): string;
/** The README with its CDN block replaced; throws when a marker is missing (see sri.mjs). */
export function withCdnTag(readme: string, block: string): string;
