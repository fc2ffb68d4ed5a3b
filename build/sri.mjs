// Subresource Integrity for the browser outputs, and the README's CDN tag built from it. build.mjs
// writes dist/sri.json and rewrites the tag in README.md; testing/runtimes/sri.test.ts checks both
// against the files, so the tag a site copies always matches the file a CDN serves.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** The files a page loads with a <script> tag: their hashes go in dist/sri.json. */
export const BROWSER_OUTPUTS = ['dist/pimms.js', 'dist/pimms.debug.js', 'dist/stub.js'];

/** Where the README's CDN tag sits; build.mjs replaces what is between the two markers. */
export const README_TAG_START = '<!-- cdn-tag: written by `node build.mjs` from dist/sri.json -->';
export const README_TAG_END = '<!-- /cdn-tag -->';

/**
 * The `integrity` value of a file: `sha384-` and its SHA-384 digest in base64, as browsers check it
 * (https://www.w3.org/TR/SRI/).
 *
 * @param {string} file - Path of the file, e.g. `dist/pimms.js`.
 * @returns {string} e.g. `sha384-oqVuAfXRKap7fdgcCY5uykM6+R9GqQ8K/uxy9rx7HNQlGYl1kPzQho1wx4JwY8wC`.
 */
export function sriOf(file) {
  return 'sha384-' + createHash('sha384').update(readFileSync(file)).digest('base64');
}

/**
 * The README block between the markers: the tag for `pimms-lead@<version>` on jsDelivr, with its
 * integrity hash, and the same path on unpkg.
 *
 * @param {{ version: string, integrity: string }} release - The package version and the hash of
 *   its dist/pimms.js.
 * @returns {string} The Markdown block, markers included.
 */
export function cdnTagBlock({ version, integrity }) {
  const url = `https://cdn.jsdelivr.net/npm/pimms-lead@${version}/dist/pimms.js`;
  return [
    README_TAG_START,
    '```html',
    `<script src="${url}"`,
    `  integrity="${integrity}"`,
    '  crossorigin="anonymous" data-endpoint="/api/pimms/lead" defer></script>',
    '```',
    '',
    `Same file on unpkg: \`https://unpkg.com/pimms-lead@${version}/dist/pimms.js\` (same hash).`,
    README_TAG_END,
  ].join('\n');
}

/**
 * The README with its CDN block replaced.
 *
 * @param {string} readme - README.md's text, with both markers.
 * @param {string} block - From {@link cdnTagBlock}.
 * @returns {string} The new text.
 * @throws When a marker is missing: the block would otherwise be lost silently.
 */
export function withCdnTag(readme, block) {
  const start = readme.indexOf(README_TAG_START);
  const end = readme.indexOf(README_TAG_END, start);
  if (start < 0 || end < 0)
    throw new Error(`README.md has no ${README_TAG_START} … ${README_TAG_END}`);
  return readme.slice(0, start) + block + readme.slice(end + README_TAG_END.length);
}
