/**
 * Runs a Web-standard handler on Node's `http` server (plain Node, Express, the playground).
 *
 * Only types come from `node:http`, so importing this module on Workers or Deno costs nothing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
/** Settings of {@link toNodeHandler}. */
export interface NodeHandlerOptions {
    /**
     * The site's public origin, e.g. `https://shop.example` (trusted configuration): the scheme,
     * host and port of every request's URL. Default: the listening socket's own address and port
     * (`http://127.0.0.1:8787`; `https` on a TLS socket). Never the request target or the `Host`
     * header, which the client chooses.
     */
    origin?: string;
}
/**
 * Wraps a `(Request) => Promise<Response>` handler as a Node `request` listener.
 *
 * The request URL's scheme, host and port come from `options.origin` or the listening socket,
 * and only its path and query from the request target: `POST //evil.example/x` is the path
 * `//evil.example/x` on this server, and an absolute-form target (`POST http://evil.example/x`)
 * keeps only `/x` (issue 11). The `Host` header reaches the handler as a header (the relay's origin
 * check reads it), never as the URL. The body is streamed to the handler; when the handler stops
 * reading it early (a body over the relay's bound), the rest is discarded and the connection
 * closed after the answer, instead of destroying the socket before the 413 is written. The
 * request's `signal` aborts when the client goes away. A request Node cannot turn into a `Request`
 * gets a JSON 400, and a handler that throws a JSON 500, both `no-store` and `nosniff`.
 *
 * @param handler - The Web handler, e.g. from `createLeadRelay()`.
 * @param options - See {@link NodeHandlerOptions}; default: the URL from the socket.
 * @returns A listener for `http.createServer()` or an Express route.
 * @example
 * import { createServer } from 'node:http';
 * createServer(toNodeHandler(createLeadRelay(), { origin: 'https://shop.example' })).listen(8788);
 */
export declare function toNodeHandler(handler: (request: Request) => Promise<Response>, options?: NodeHandlerOptions): (req: IncomingMessage, res: ServerResponse) => void;
