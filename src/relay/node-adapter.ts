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
export function toNodeHandler(
  handler: (request: Request) => Promise<Response>,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void respond(handler, req, res);
  };
}

async function respond(
  handler: (request: Request) => Promise<Response>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const aborter = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) aborter.abort();
  });
  let abandoned = false;
  try {
    const request = toRequest(req, aborter.signal, () => (abandoned = true));
    const response = await handler(request);
    if (abandoned) res.setHeader('Connection', 'close');
    await writeResponse(response, res);
  } catch {
    if (!res.headersSent) {
      res.writeHead(500, {
        'Content-Type': 'text/plain; charset=utf-8',
        'Cache-Control': 'no-store',
      });
      res.end('Internal Server Error');
    } else {
      res.destroy();
    }
  }
}

function toRequest(req: IncomingMessage, signal: AbortSignal, onAbandon: () => void): Request {
  const encrypted = (req.socket as { encrypted?: boolean }).encrypted;
  const scheme = encrypted ? 'https' : 'http';
  const base = `${scheme}://${req.headers.host ?? 'localhost'}`;
  // A Host that is no host ("a b", "[::1") must not turn every request into a bare 500 (issue 11).
  const url = new URL(req.url ?? '/', URL.canParse(base) ? base : `${scheme}://localhost`);
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
