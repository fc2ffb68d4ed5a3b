/**
 * Runs a Web-standard handler on Node's `http` server (plain Node, Express, the playground).
 *
 * Only types come from `node:http`, so importing this module on Workers or Deno costs nothing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
/**
 * Wraps a `(Request) => Promise<Response>` handler as a Node `request` listener.
 *
 * The request URL is built from the `Host` header (https when the socket is TLS). The body is
 * streamed to the handler; when the handler stops reading it early (a body over the relay's
 * bound), the rest is discarded and the connection closed after the answer, instead of
 * destroying the socket before the 413 is written. The request's `signal` aborts when the
 * client goes away. A handler that throws gets a bare 500.
 *
 * @param handler - The Web handler, e.g. from `createLeadRelay()`.
 * @returns A listener for `http.createServer()` or an Express route.
 * @example
 * import { createServer } from 'node:http';
 * createServer(toNodeHandler(createLeadRelay())).listen(8788);
 */
export declare function toNodeHandler(handler: (request: Request) => Promise<Response>): (req: IncomingMessage, res: ServerResponse) => void;
