// The second minifier pass of the <script> tag build (dist/pimms.js), shared by build.mjs and the
// size benchmark (which minifies its baseline the same way): terser over esbuild's output, whose
// compressor drops the parameters nobody passes and whose mangler names by frequency, which
// esbuild does not (about -140 B gzip on the snippet). esbuild stays the bundler (it strips types,
// folds __DEBUG__, shortens internal properties); terser only rewrites its output, at the same
// syntax level. It does not substitute a function called once into its caller (inline,
// reduce_funcs): that saves 40 B more, but makes createPimms one 6 KB function that V8 parses and
// compiles whole at start-up, with the factories it calls inlined as IIFEs: on a later page view,
// V8's parse and compile time of the script was 7.5-19 ms against 3.6-5.7 ms without it (four
// loads of each, interleaved, CPU not slowed; bench/compile.ts). Last, the top-level statements
// are put in the order gzip packs best (statement-order.mjs).
import { minify } from 'terser';
import { orderForGzip } from './statement-order.mjs';

/**
 * @param {string} code - esbuild's minified output.
 * @param {number} ecma - Its syntax level, e.g. 2017: the output keeps it.
 * @param {string} [sourceMap] - The source map of `code`, to get one of the result.
 * @returns {Promise<{ code: string, map?: object }>} The code, minified again and its statements
 *   reordered for gzip, and its source map (mapping to `sourceMap`'s sources) when one was given.
 */
export async function secondPass(code, ecma, sourceMap) {
  const result = await minify(code, {
    compress: {
      ecma,
      passes: 3,
      unsafe_arrows: true,
      inline: false,
      reduce_funcs: false,
      keep_fargs: false,
    },
    mangle: true,
    format: { ecma },
    sourceMap: sourceMap ? { content: sourceMap, asObject: true } : false,
  });
  return orderForGzip(result.code, result.map || undefined);
}
