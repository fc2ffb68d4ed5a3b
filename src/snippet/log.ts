/**
 * Console output of the snippet: one `[pimms]` line each. Debug lines need the debug build
 * (dist/pimms.debug.js) and debug mode on (`data-debug`); callers guard them with `if (__DEBUG__)` (a build-time constant, see src/globals.d.ts) so the
 * production build carries none of their text.
 */

let debugOn = false;

/**
 * Turns debug lines on or off.
 *
 * @param on - True to print debug lines.
 * @example
 * setDebug(true)
 */
export function setDebug(on: boolean): void {
  debugOn = on;
}

/**
 * Prints one `[pimms]` line when debug mode is on.
 *
 * @param message - The line.
 * @example
 * if (__DEBUG__) debug('lead "Sign up": customerEmail is not a valid e-mail address: dropped')
 */
export function debug(message: string): void {
  if (debugOn) console.log('[pimms] ' + message);
}
