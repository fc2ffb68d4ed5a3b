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
export function toNodeHandler(
  handler: (request: Request) => Promise<Response>,
  options: NodeHandlerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  // Checked once: a wrong setting fails at start-up, not on each request.
  const origin = options.origin === undefined ? undefined : new URL(options.origin).origin;
  return (req, res) => {
    void respond(handler, req, res, origin);
  };
}

async function respond(
  handler: (request: Request) => Promise<Response>,
  req: IncomingMessage,
  res: ServerResponse,
  origin: string | undefined,
): Promise<void> {
  const aborter = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) aborter.abort();
  });
  let abandoned = false;
  let request: Request;
  try {
    request = toRequest(req, origin, aborter.signal, () => (abandoned = true));
  } catch {
    fail(res, 400, 'bad_request', 'the request could not be read');
    return;
  }
  try {
    const response = await handler(request);
    if (abandoned) res.setHeader('Connection', 'close');
    await writeResponse(response, res);
  } catch {
    fail(res, 500, 'internal_error', 'the server failed; retry later');
  }
}

// An answer in the relay's error shape, for what never reached the handler or broke in it.
function fail(res: ServerResponse, status: number, code: string, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const retryable = status >= 500;
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'X-Pimms-Retryable': retryable ? '1' : '0',
    ...(retryable ? { 'Retry-After': '10' } : {}),
  });
  res.end(
    JSON.stringify({
      error: { code, message, retryable, ...(retryable ? { retryAfter: 10 } : {}) },
    }),
  );
}

function toRequest(
  req: IncomingMessage,
  origin: string | undefined,
  signal: AbortSignal,
  onAbandon: () => void,
): Request {
  const url = new URL(origin ?? socketOrigin(req));
  const target = req.url || '/';
  // Only the path and query of the target count, whatever its form.
  const path = /^[a-z][a-z\d+.-]*:/i.test(target)
    ? new URL(target).pathname + new URL(target).search
    : target.startsWith('/')
      ? target
      : '/' + target;
  const query = path.indexOf('?');
  url.pathname = query < 0 ? path : path.slice(0, query);
  url.search = query < 0 ? '' : path.slice(query);
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    // HTTP/2 pseudo-headers (":path") are not valid header names for fetch.
    if (!name.startsWith(':')) headers.append(name, req.rawHeaders[i + 1]!);
  }
  const method = req.method ?? 'GET';
  const init: RequestInit & { duplex?: 'half' } = { method, headers, signal };
  if (method != 'GET' && method != 'HEAD') {
    init.body = bodyStream(req, onAbandon);
    init.duplex = 'half';
  }
  return new Request(url, init);
}

// Where this server listens, as the client reached it: the socket's local address and port.
function socketOrigin(req: IncomingMessage): string {
  const socket = req.socket as { encrypted?: boolean; localAddress?: string; localPort?: number };
  const address = socket.localAddress || '127.0.0.1';
  const host = address.includes(':') ? `[${address}]` : address;
  return `${socket.encrypted ? 'https' : 'http'}://${host}${socket.localPort ? ':' + socket.localPort : ''}`;
}

// A pull-based stream over the request, so Node's backpressure holds and the handler's bound on
// bytes read is a bound on bytes buffered.
function bodyStream(req: IncomingMessage, onAbandon: () => void): ReadableStream<Uint8Array> {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let settled = false;
  // Closing or erroring a stream the handler already cancelled throws; in an event listener
  // that would be an uncaught exception.
  const settle = (finish: () => void) => {
    if (!settled) {
      settled = true;
      finish();
    }
  };
  const onData = (chunk: Buffer) => {
    controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if ((controller.desiredSize ?? 0) <= 0) req.pause();
  };
  return new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      req.pause();
      req.on('data', onData);
      req.once('end', () => settle(() => c.close()));
      req.once('error', (error) => settle(() => c.error(error)));
    },
    pull() {
      req.resume();
    },
    cancel() {
      settled = true;
      req.off('data', onData);
      req.resume();
      onAbandon();
    },
  });
}

async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name != 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers['set-cookie'] = cookies;
  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!res.write(value)) await new Promise<void>((resolve) => res.once('drain', resolve));
  }
  res.end();
}
