/**
 * Console output of the snippet: one `[pimms]` line each. Debug lines need the debug build
 * (dist/pimms.debug.js) and debug mode on (`data-debug`); callers guard them with `if (__DEBUG__)`
 * (a build-time constant, see src/globals.d.ts) so the production build carries none of their
 * text.
 */
/** Prints one debug line; made by {@link debugLog}, handed to each part that explains itself. */
export type Debug = (message: string) => void;
/**
 * The debug printer of one snippet instance.
 *
 * @param on - True to print debug lines; false for a printer that prints nothing.
 * @returns The printer.
 * @example
 * const debug = debugLog(true);
 * if (__DEBUG__) debug('lead "Sign up": customerEmail is not a valid e-mail address: left out')
 */
export declare function debugLog(on: boolean): Debug;
