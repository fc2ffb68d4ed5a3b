/**
 * The page events that send what the outbox holds: back online, and the page being hidden.
 */

/**
 * Listens for the page events after which the outbox is flushed.
 *
 * @param flush - Sends the outbox: `force` ignores this page's back-off, `unloading` sends by beacon.
 * @example
 * listenToPage((force, unloading) => delivery.flushOutbox(force, unloading))
 */
export function listenToPage(flush: (force?: boolean, unloading?: boolean) => unknown): void {
  addEventListener('online', () => flush(true));
  // The last moment a page is sure to run code (https://developer.chrome.com/docs/web-platform/page-lifecycle-api):
  // what is still due goes by beacon. (visibilitychange bubbles from the document to the window.)
  addEventListener('visibilitychange', () => document.hidden && flush(true, true));
}
