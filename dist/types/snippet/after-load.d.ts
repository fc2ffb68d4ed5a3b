/**
 * Runs a task once the page has loaded and the main thread is idle: for work that nothing waits
 * for (the landing request), so that it costs the page's start-up nothing.
 */
/** The longest wait for an idle moment after the load event, in ms. */
export declare const IDLE_TIMEOUT_MS = 2000;
/**
 * Runs `task` after the page's `load` event (at once if it has fired), in an idle period
 * (`requestIdleCallback`, at most {@link IDLE_TIMEOUT_MS} later), or in a task of its own where the
 * browser has no idle callbacks (Safari: https://caniuse.com/requestidlecallback).
 *
 * @param task - The work.
 * @example
 * whenLoadedAndIdle(() => announceClickId(endpoint, id))
 */
export declare function whenLoadedAndIdle(task: () => void): void;
