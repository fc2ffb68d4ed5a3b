/** See script-build.mjs. */
import type { BuildOptions } from 'esbuild';

/** The syntax level of the browser outputs. */
export const BROWSER_TARGET: string;
/** esbuild options every output of build.mjs shares. */
export const COMMON_BUILD: BuildOptions;
/** Options of the script-tag builds (no "use strict" prologue). */
export const SCRIPT_BUILD: BuildOptions;
/** esbuild's options for dist/pimms.js. */
export const SCRIPT_TAG_BUILD: BuildOptions & { outfile: string };
/** esbuild's output of SCRIPT_TAG_BUILD minified again, with the banner's line. */
export function finishScriptTag(
  code: string,
  sourceMap?: string,
): Promise<{ code: string; map?: object }>;
