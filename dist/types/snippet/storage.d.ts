/**
 * Where the snippet keeps its state: the page's localStorage, or a plain object in its place for
 * the life of the page where storage is refused. Reading `window.localStorage` throws a
 * SecurityError when storage is blocked or in a sandboxed iframe
 * (https://html.spec.whatwg.org/multipage/webstorage.html#dom-localstorage), and a write throws a
 * QuotaExceededError when it is full; a lead must still be sent then, and retried while the page
 * is open.
 *
 * Both are used as plain objects (`store[key] = value`, `delete store[key]`,
 * `Object.keys(store)`), which Storage supports through its named properties
 * (https://html.spec.whatwg.org/multipage/webstorage.html#the-storage-interface): one code path
 * for both, and fewer bytes than getItem/setItem.
 */
/** A page's storage: localStorage, with the items it refused kept in memory. */
export interface PageStorage {
    /**
     * The store: localStorage where the page may use it, else the memory.
     *
     * @returns An object whose string properties are the stored items.
     */
    store(): Record<string, string>;
    /** Items the page could not keep in localStorage (refused, or full), for the life of the page. */
    memory: Record<string, string>;
    /**
     * An item, from storage or else from memory.
     *
     * @param key - The item's name.
     */
    readItem(key: string): string | undefined;
    /**
     * Writes an item. A write that storage refuses (full, or a zero quota in private mode) goes to
     * memory instead, for the life of the page: a lead the endpoint did not take is then still
     * retried from this page (a later page view cannot see it).
     *
     * @param key - The item's name.
     * @param value - Its value.
     */
    writeItem(key: string, value: string): void;
    /**
     * Removes an item, from storage and from memory.
     *
     * @param key - The item's name.
     */
    removeItem(key: string): void;
}
/**
 * Makes the storage of one page: one per snippet instance, so that what it keeps in memory is
 * this page's (a new page starts with none, as a real page does).
 *
 * @returns The storage.
 * @example
 * const storage = createStorage();
 * storage.writeItem('pimms_vid', 'anon_k3v9x2');
 */
export declare function createStorage(): PageStorage;
