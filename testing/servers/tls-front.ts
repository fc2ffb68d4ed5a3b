/**
 * An https front for the test site, for host names Chromium will only load over https: the whole
 * `.app` top-level domain (so `*.vercel.app`) is on Chromium's HSTS preload list, and an
 * `http://my-app.vercel.app/` URL is upgraded to https before any request. The front terminates TLS
 * with a throwaway self-signed certificate (made with the `openssl` command, valid one day) and
 * pipes the bytes to the site's plain-http port, so the site serves and records the requests as
 * usual. Pages using it need `ignoreHTTPSErrors`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:tls';

/** A running https front. */
export interface TlsFront {
  /** The port to use in `https://<host>:<port>/` URLs. */
  port: number;
  close(): Promise<void>;
}

/**
 * Starts an https front on 127.0.0.1 for a plain-http server there.
 *
 * @param targetPort - The http server's port (the site's).
 * @param names - DNS names the certificate covers, e.g. `['*.vercel.app']`.
 * @returns The running front.
 * @example
 * const front = await startTlsFront(site.port, ['*.vercel.app']);
 * await page.goto(`https://my-app.vercel.app:${front.port}/fixtures/click-id.html`);
 */
export async function startTlsFront(targetPort: number, names: string[]): Promise<TlsFront> {
  const { key, cert } = selfSignedCertificate(names);
  const sockets = new Set<Socket>();
  const server = createServer({ key, cert }, (socket) => {
    const upstream = connect(targetPort, '127.0.0.1');
    for (const end of [socket, upstream]) {
      sockets.add(end);
      end.on('close', () => sockets.delete(end));
      // A page closing mid-request resets one side: end the other, never throw.
      end.on('error', () => {
        socket.destroy();
        upstream.destroy();
      });
    }
    socket.pipe(upstream).pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function selfSignedCertificate(names: string[]): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pimms-e2e-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        `/CN=${names[0]}`,
        '-addext',
        `subjectAltName=${names.map((name) => 'DNS:' + name).join(',')}`,
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'pipe' },
    );
    return {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
