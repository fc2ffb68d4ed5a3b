/** A running server started by {@link serve}. */
export interface ServedHandler {
    /** Its base URL, e.g. `http://127.0.0.1:53124`. */
    url: string;
    /** Stops listening and closes open connections (keep-alive ones included). */
    close(): Promise<void>;
}
/**
 * Starts a `node:http` server for a handler.
 *
 * `node:http` is imported on call, so the relay package still loads on runtimes without it.
 *
 * @param handler - The Web handler, e.g. from `createLeadRelay()`.
 * @param options - `port` (default 0: any free port, so tests can run in parallel) and `host`
 *   (default `127.0.0.1`: loopback only).
 * @returns The URL and a `close()`.
 * @example
 * const relay = await serve(createLeadRelay({ serverURL: sandbox.url }), { port: 0 });
 * await fetch(relay.url, { method: 'POST', body: JSON.stringify(lead) });
 * await relay.close();
 */
export declare function serve(handler: (request: Request) => Promise<Response>, options?: {
    port?: number;
    host?: string;
}): Promise<ServedHandler>;
