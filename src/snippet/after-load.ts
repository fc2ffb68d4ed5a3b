/**
 * Runs a task once the page has loaded and the main thread is idle: for work that nothing waits
 * for (the landing request), so that it costs the page's start-up nothing.
 */

/** The longest wait for an idle moment after the load event, in ms. */
export const IDLE_TIMEOUT_MS = 2e3;

/**
 * Runs `task` after the page's `load` event (at once if it has fired), in an idle period
 * (`requestIdleCallback`, at most {@link IDLE_TIMEOUT_MS} later), or in a task of its own where the
 * browser has no idle callbacks (Safari: https://caniuse.com/requestidlecallback).
 *
 * @param task - The work.
 * @example
 * whenLoadedAndIdle(() => announceClickId(endpoint, id))
 */
export function whenLoadedAndIdle(task: () => void): void {
  const idle = () =>
    (self as Partial<Window>).requestIdleCallback
      ? requestIdleCallback(task, { timeout: IDLE_TIMEOUT_MS })
      : setTimeout(task);
  if (document.readyState == 'complete') idle();
  // (load fires once per document: the listener needs no removing.)
  else addEventListener('load', idle);
}
