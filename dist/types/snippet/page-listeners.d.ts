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
export declare function listenToPage(flush: (force?: boolean, unloading?: boolean) => unknown): void;
