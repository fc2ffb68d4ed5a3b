/**
 * The network of one WebKitGTK context: MiniBrowser has no host-resolver flag (Chromium's
 * `--host-resolver-rules`) and no DNS preference (Firefox's `network.dns.localDomains`), but
 * WebDriver gives it a proxy. This proxy sends every request, whatever its host name, to the same
 * port on 127.0.0.1 (an address of 127.0.0.0/8 stays itself), so `http://www.shop.test:<site port>/`
 * reaches the test's site exactly as in the other engines; https goes through as a CONNECT tunnel
 * (its bytes untouched).
 *
 * Two things classic WebDriver lacks come from here, for plain-http pages:
 * - init scripts (Playwright's `addInitScript`): every HTML document starts with
 *   `<script src="/__pimms_e2e_init.js">`, answered by the proxy itself from the same origin (so a
 *   `script-src 'self'` policy allows it; the policy's nonce, if any, is copied onto it);
 * - the response of a navigation (`page.goto()`'s status and headers), recorded per URL.
 */
import { createServer, request, type Server } from 'node:http';
import { connect, isIP, type Socket } from 'node:net';

/** A running proxy. */
export interface LoopbackProxy {
  /** `127.0.0.1:<port>`, for WebDriver's `proxy` capability. */
  address: string;
  /** Scripts (source text) every HTML document runs first, in order. */
  initScripts: string[];
  /** The last response for each URL: status and headers (lower-case names). */
  responses: Map<string, { status: number; headers: Record<string, string> }>;
  close(): Promise<void>;
}

const INIT_PATH = '/__pimms_e2e_init.js';

/** Where a host name goes: loopback, always. */
function target(hostname: string): string {
  const bare = hostname.replace(/^\[|\]$/g, '');
  return isIP(bare) && (bare.startsWith('127.') || bare == '::1') ? bare : '127.0.0.1';
}

/**
 * Starts the proxy on 127.0.0.1.
 *
 * @returns The running proxy.
 * @example
 * const proxy = await startLoopbackProxy();
 * // capabilities: { proxy: { proxyType: 'manual', httpProxy: proxy.address, sslProxy: proxy.address } }
 */
export async function startLoopbackProxy(): Promise<LoopbackProxy> {
  const sockets = new Set<Socket>();
  const initScripts: string[] = [];
  const responses: LoopbackProxy['responses'] = new Map();
  const server: Server = createServer((incoming, answer) => {
    const url = new URL(incoming.url!);
    if (url.pathname == INIT_PATH) {
      answer.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
      return answer.end(initScripts.map((script) => `;${script};\n`).join(''));
    }
    // Uncompressed, so that an HTML document can take its first script.
    const headers = { ...incoming.headers };
    delete headers['accept-encoding'];
    const upstream = request(
      {
        host: target(url.hostname),
        port: url.port || 80,
        method: incoming.method,
        path: url.pathname + url.search,
        headers,
      },
      (response) => {
        const status = response.statusCode!;
        responses.set(url.href, { status, headers: flatten(response.headers) });
        const html = /^text\/html/.test(String(response.headers['content-type']));
        if (!html || !initScripts.length) {
          answer.writeHead(status, response.statusMessage, response.rawHeaders);
          return response.pipe(answer);
        }
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const csp = String(response.headers['content-security-policy'] ?? '');
          const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
          const tag = `<script src="${INIT_PATH}"${nonce ? ` nonce="${nonce}"` : ''}></script>`;
          const text = Buffer.concat(chunks).toString('utf8');
          const doctype = /^\s*<!doctype[^>]*>/i.exec(text)?.[0] ?? '';
          const body = doctype + tag + text.slice(doctype.length);
          const out = { ...response.headers };
          delete out['content-length'];
          answer.writeHead(status, response.statusMessage, out);
          answer.end(body);
        });
      },
    );
    // A refused or reset connection is what the browser would see without a proxy.
    upstream.on('error', () => answer.destroy());
    incoming.pipe(upstream);
  });
  server.on('connect', (incoming, client: Socket, head) => {
    const [hostname, port] = splitHostPort(incoming.url!);
    const upstream = connect(Number(port), target(hostname), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const end of [client, upstream]) {
      sockets.add(end);
      end.on('close', () => sockets.delete(end));
      end.on('error', () => (end == client ? upstream : client).destroy());
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: `127.0.0.1:${(server.address() as { port: number }).port}`,
    initScripts,
    responses,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function flatten(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.join(', ') : String(value),
    ]),
  );
}

function splitHostPort(authority: string): [string, string] {
  const at = authority.lastIndexOf(':');
  return [authority.slice(0, at), authority.slice(at + 1) || '443'];
}
