// How dist/pimms.js, the <script> tag bundle, is built: esbuild's options and the second minifier
// pass after it. Shared by build.mjs, which writes the file, and the size benchmark, which builds
// it again with a source map to tell which source file each of its bytes comes from
// (bench/size-by-file.ts).
import { secondPass } from './minify-script.mjs';

/**
 * The syntax level of the browser outputs. ES2019's only syntax past ES2017 in them is the catch
 * without a binding (Safari 11.1, Chrome 66, Firefox 58: 2018), a few bytes less per `try`.
 */
export const BROWSER_TARGET = 'es2019';
/** esbuild options every output of build.mjs shares. */
export const COMMON_BUILD = {
  bundle: true,
  logLevel: 'warning',
  legalComments: 'none',
  charset: 'utf8',
};
/**
 * The script-tag builds ignore tsconfig.json's alwaysStrict: its "use strict" prologue is 13 bytes
 * the type-checked sources do not need (they are modules, checked as strict code by tsc).
 */
export const SCRIPT_BUILD = { tsconfigRaw: {} };

/**
 * Property names that never leave dist/pimms.js: the methods and fields of the snippet's internal
 * objects (outbox, delivery, storage, attribution, configuration, the started parts),
 * which esbuild may then shorten like local names (`mangleProps`). None of them is a name the
 * page, the DOM, localStorage (the outbox entries' keys) or the wire (lead fields)
 * knows; a name shared with one (`clickId`, `endpoint`, `flush`, `consent`) stays out of the list.
 */
const INTERNAL_PROPS = [
  'sendEntry',
  'flushOutbox',
  'putEntry',
  'dropEntry',
  'readOutbox',
  'holdEntry',
  'settleHeld',
  'heldClickId',
  'store',
  'memory',
  'readItem',
  'writeItem',
  'removeItem',
  'urlClickId',
  'pick',
  'remember',
  'firstClick',
  'consentRequired',
  'secretKey',
  'stop',
  'leadFrom',
  'debugLine',
  'resume',
];

/**
 * esbuild's options for dist/pimms.js: one minified IIFE without debug messages. The leading ';'
 * protects it when concatenated after code that lacks its final semicolon.
 */
export const SCRIPT_TAG_BUILD = {
  ...COMMON_BUILD,
  ...SCRIPT_BUILD,
  entryPoints: ['src/snippet/index.ts'],
  outfile: 'dist/pimms.js',
  format: 'iife',
  minify: true,
  mangleProps: new RegExp(`^(${INTERNAL_PROPS.join('|')})$`),
  target: BROWSER_TARGET,
  banner: { js: ';' },
  define: { __DEBUG__: 'false' },
};

/**
 * The second step of dist/pimms.js: esbuild's output minified again (see minify-script.mjs), then
 * the banner's line again, which terser drops: ';' for code before it without its final
 * semicolon, the newline for code before it that ends in a line comment.
 *
 * @param {string} code - esbuild's output of {@link SCRIPT_TAG_BUILD}.
 * @param {string} [sourceMap] - esbuild's source map of it, to get one of the result.
 * @returns {Promise<{ code: string, map?: object }>} The file's text, and its source map (of the
 *   text without the banner's line) when one was given.
 */
export async function finishScriptTag(code, sourceMap) {
  const minified = await secondPass(code, +BROWSER_TARGET.slice(2), sourceMap);
  return { code: ';\n' + minified.code, map: minified.map };
}
