/**
 * Serves a Web-standard handler over HTTP on Node, for tests, the playground and benchmarks.
 */
import { jsonLines, setDefaultEventSink } from './event-reporter.ts';
import { toNodeHandler } from './node-adapter.ts';
import type { OnRelayEvent } from './relay-event.ts';

/** Settings of {@link serve}. */
export interface ServeOptions {
  /** The port; default 0: any free port, so tests can run in parallel. */
  port?: number;
  /** The address; default `127.0.0.1`: loopback only. */
  host?: string;
  /**
   * Where the events of a relay created without `onEvent` go: a listener, or `false` for nowhere.
   * Default: stdout, one JSON line per event. Ignored for other handlers and for a relay that has
   * its own `onEvent`.
   */
  events?: OnRelayEvent | false;
}

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
 * @param options - See {@link ServeOptions}: `port`, `host`, `events` (default: JSON lines on stdout).
 * @returns The URL and a `close()`.
 * @example
 * const relay = await serve(createLeadRelay({ serverURL: sandbox.url }), { port: 0 });
 * await fetch(relay.url, { method: 'POST', body: JSON.stringify(lead) });
 * await relay.close();
 */
export async function serve(
  handler: (request: Request) => Promise<Response>,
  options: ServeOptions = {},
): Promise<ServedHandler> {
  const { createServer } = await import('node:http');
  const { port = 0, host = '127.0.0.1', events } = options;
  if (events !== false) {
    setDefaultEventSink(handler, events ?? jsonLines((line) => process.stdout.write(line)));
  }
  const server = createServer(toNodeHandler(handler));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const bound = typeof address == 'object' && address ? address.port : port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
