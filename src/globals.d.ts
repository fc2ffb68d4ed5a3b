/**
 * A build-time constant: `false` in the production browser bundle (dist/pimms.js), where esbuild
 * then drops every `if (__DEBUG__)` branch, message text included; `true` in the debug bundle, the
 * ES module and the unit tests (build.mjs and vitest.config.ts define it).
 *
 * Snippet code uses it bare. Code shared with the servers, which Node runs without a build step,
 * spells it `typeof __DEBUG__ == 'undefined' || __DEBUG__` (true there), inline at each use: esbuild
 * folds that while parsing, early enough to drop what only debug code uses, which a constant
 * imported from another module is not.
 */
declare const __DEBUG__: boolean;
