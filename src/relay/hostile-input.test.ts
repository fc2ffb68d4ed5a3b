/**
 * Issue 11, driven the way its reproduction did: the real `npm start` process (src/playground/main.ts,
 * relay and sandbox in one Node process) on a free loopback port, attacked over raw HTTP. Each
 * test proves the process still alive and answering afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const RELAY = '/api/pimms/lead';

interface Running {
  url: string;
  child: ChildProcess;
  output: () => string;
  exited: () => boolean;
  stop: () => Promise<void>;
}

/** Starts `npm start`'s entry on a free port with its own SQLite file; resolves once it listens. */
async function startPlayground(env: Record<string, string> = {}): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 'pimms-hostile-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/playground/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      PIMMS_SANDBOX_FILE: join(dir, 'sandbox.sqlite'),
      PIMMS_API_KEY: '',
      PIMMS_API_URL: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  let exited = false;
  child.stdout!.on('data', (chunk) => (text += chunk));
  child.stderr!.on('data', (chunk) => (text += chunk));
  child.once('exit', () => (exited = true));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL within 30 s:\n${text}`)), 30_000);
    const look = () => {
      const found = /http:\/\/127\.0\.0\.1:\d+/.exec(text);
      if (found) {
        clearTimeout(timer);
        child.stdout!.off('data', look);
        resolve(found[0]);
      }
    };
    child.stdout!.on('data', look);
    child.once('exit', (code) =>
      reject(new Error(`exited with ${code} before listening:\n${text}`)),
    );
  });
  return {
    url,
    child,
    output: () => text,
    exited: () => exited,
    stop: async () => {
      if (!exited) {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One raw HTTP request: any target, any headers (Host included). */
function raw(
  url: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        hostname,
        port,
        method: options.method ?? 'POST',
        path: options.path,
        headers: options.headers,
        setHost: !options.headers?.host,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const lead = (fields: Record<string, unknown> = {}) =>
  JSON.stringify({ clickId: 'cl_hostile', eventName: 'Sign up', externalId: 'u_1', ...fields });
// Built as text: JSON.stringify of such a value would overflow this test's own stack.
const nested = (depth: number) =>
  lead().replace(/\}$/, `,"metadata":{"d":${'['.repeat(depth)}${']'.repeat(depth)}}}`);

/** The process still answers: a lead with a known body gets the relay's JSON answer. */
async function expectAlive(running: Running) {
  expect(running.exited(), running.output()).toBe(false);
  const id = Math.random().toString(36).slice(2);
  const answer = await raw(running.url, {
    path: RELAY,
    headers: { 'content-type': 'text/plain' },
    // A new externalId each time: the sandbox, as PIMMS, takes the de-dup key of (externalId,
    // event) before its click lookup, so a second try of the same pair would get a silent 200.
    body: lead({ eventId: `alive_${id}`, externalId: `u_${id}` }),
  });
  // 404: the sandbox knows no click cl_hostile; what matters is a JSON answer from the relay.
  expect(answer.status).toBe(404);
  expect(answer.headers['content-type']).toMatch(/^application\/json/);
}

describe('the npm start process under deeply nested metadata', () => {
  let running: Running;
  beforeAll(async () => {
    running = await startPlayground();
  }, 40_000);
  afterAll(async () => {
    await running?.stop();
  });

  it.each([2000, 2500, 3000, 4000, 4999, 5000, 7000])(
    'answers metadata nested %i deep with a 400 naming metadata, and lives on',
    async (depth) => {
      const answer = await raw(running.url, {
        path: RELAY,
        headers: { 'content-type': 'text/plain' },
        body: nested(depth),
      }).catch((error: Error) => ({ status: 0, headers: {}, body: error.message }));
      expect(answer.status, running.output()).toBe(400);
      expect(JSON.parse(answer.body).error.message).toMatch(/^metadata /);
      await expectAlive(running);
    },
    30_000,
  );
});

// Another process, so that the defects below show apart from the crash above.
describe('the npm start process under other hostile input', () => {
  let running: Running;
  beforeAll(async () => {
    running = await startPlayground();
  }, 40_000);
  afterAll(async () => {
    await running?.stop();
  });

  it.each(['constructor', 'toString', 'hasOwnProperty', '__proto__', 'valueOf'])(
    'answers a top-level key %s with a final 400, not a retryable 500',
    async (name) => {
      const answer = await raw(running.url, {
        path: RELAY,
        headers: { 'content-type': 'text/plain' },
        body: lead().replace(/^\{/, `{"${name}":"x",`),
      });
      expect(answer.status).toBe(400);
      expect(answer.headers['x-pimms-retryable']).toBe('0');
      expect(JSON.parse(answer.body).error.message).toBe(`${name} is not a lead field`);
      await expectAlive(running);
    },
  );

  it('takes the host from the server, not from a //evil.example request target', async () => {
    const answer = await raw(running.url, {
      path: `//evil.example${RELAY}`,
      headers: { 'content-type': 'text/plain', origin: 'http://evil.example' },
      body: lead({ eventId: 'ev_evil' }),
    });
    // Not the relay's own site: not forwarded, nothing allowed (the path is not the relay's here).
    expect(answer.status).toBe(404);
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    // An absolute-form target names a host too; only its path counts.
    const absolute = await raw(running.url, {
      path: `http://evil.example${RELAY}`,
      headers: { 'content-type': 'text/plain', origin: 'http://evil.example' },
      body: lead({ eventId: 'ev_evil2' }),
    });
    expect(absolute.status).toBe(403);
    expect(JSON.parse(absolute.body).error.code).toBe('forbidden_origin');
    await expectAlive(running);
  });

  it('compares scheme and port in the origin check', async () => {
    const { host } = new URL(running.url);
    const port = Number(new URL(running.url).port);
    for (const origin of [`https://${host}`, `http://127.0.0.1:${port + 1}`]) {
      const answer = await raw(running.url, {
        path: RELAY,
        headers: { 'content-type': 'text/plain', origin },
        body: lead({ eventId: 'ev_scheme' }),
      });
      // (The refusal itself is readable by the page, so that its snippet stops retrying.)
      expect(answer.status, origin).toBe(403);
      expect(JSON.parse(answer.body).error.code).toBe('forbidden_origin');
    }
    const own = await raw(running.url, {
      path: RELAY,
      headers: { 'content-type': 'text/plain', origin: `http://${host}` },
      body: lead({ eventId: 'ev_own' }),
    });
    expect(own.status).toBe(404);
    expect(own.headers['access-control-allow-origin']).toBe(`http://${host}`);
  });

  it.each(['[', 'a b', '::::', 'x:99999', '%zz'])(
    'answers a garbage Host header %j with JSON, not a bare text 500',
    async (host) => {
      const answer = await raw(running.url, {
        path: RELAY,
        headers: { host, 'content-type': 'text/plain' },
        body: lead({ eventId: 'ev_host' }),
      });
      expect(answer.status).not.toBe(500);
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      expect(answer.headers['cache-control']).toBe('no-store');
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      await expectAlive(running);
    },
  );

  it('answers with Cache-Control: no-store and X-Content-Type-Options: nosniff', async () => {
    for (const [method, body] of [
      ['POST', lead({ eventId: 'ev_headers' })],
      ['POST', '{"eventName":'],
      ['GET', undefined],
    ] as const) {
      const answer = await raw(running.url, {
        method,
        path: RELAY,
        headers: { 'content-type': 'text/plain' },
        body,
      });
      expect(answer.headers['cache-control'], `${method} ${body}`).toBe('no-store');
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
    }
  });
});

describe('the upstream timeout on the first call of a fresh process', () => {
  let hanging: Server;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    // Accepts the connection and never answers.
    hanging = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => hanging.close(resolve));
  });

  it('answers 504 within the 10 s timeout (plus headroom), first call included', async () => {
    const { port } = hanging.address() as { port: number };
    const running = await startPlayground({
      PIMMS_API_KEY: 'pimms_sk_hostile_timeout_1',
      PIMMS_API_URL: `http://127.0.0.1:${port}`,
    });
    try {
      // A busy server (other requests in flight, garbage collected meanwhile): what made the
      // first call's abort get lost (undici's Request.clone follows the SDK's timeout signal
      // through a weak reference).
      let busy = true;
      const churn = (async () => {
        while (busy) {
          await raw(running.url, {
            path: RELAY,
            headers: { 'content-type': 'text/plain' },
            body: `{"metadata":{"pad":"${'x'.repeat(15_000)}"`,
          }).catch(() => {});
        }
      })();
      try {
        for (const n of [1, 2]) {
          const started = Date.now();
          const answer = await Promise.race([
            raw(running.url, {
              path: RELAY,
              headers: { 'content-type': 'text/plain' },
              body: lead({ eventId: `ev_timeout_${n}` }),
            }),
            new Promise<never>((_, reject) =>
              setTimeout(() => reject(new Error(`call ${n} still hanging after 25 s`)), 25_000),
            ),
          ]);
          expect(answer.status).toBe(504);
          expect(JSON.parse(answer.body).error.code).toBe('upstream_timeout');
          // 10 s timeout, 1 s grace; the rest is headroom for a busy machine.
          expect(Date.now() - started).toBeLessThan(20_000);
        }
      } finally {
        busy = false;
        await churn;
      }
      expect(running.exited()).toBe(false);
    } finally {
      await running.stop();
    }
  }, 90_000);
});

describe('the upstream timeout while the process collects garbage', () => {
  it('ends every call at the timeout, also when a GC runs during it', async () => {
    const sockets: Socket[] = [];
    const hanging = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    const { port } = hanging.address() as { port: number };
    const { createLeadRelay } = await import('./create-lead-relay.ts');
    const relay = createLeadRelay({
      apiKey: 'pimms_sk_hostile_gc_1',
      serverURL: `http://127.0.0.1:${port}`,
      timeoutMs: 1000,
      log: () => {},
    });
    // Garbage made while the calls are in flight, as a busy server makes it: with the SDK's own
    // AbortSignal.timeout every call here hung for good (its abort lost with a collected weak ref).
    let sink: unknown;
    const churn = setInterval(() => {
      const garbage = [];
      for (let i = 0; i < 200_000; i++) garbage.push({ i });
      sink = garbage;
    }, 20);
    try {
      for (const n of [1, 2, 3]) {
        const started = Date.now();
        const status = await Promise.race([
          relay(
            new Request('https://shop.example/api/pimms', {
              method: 'POST',
              headers: { 'content-type': 'text/plain' },
              body: lead({ eventId: `ev_gc_${n}` }),
            }),
          ).then((response) => response.status),
          new Promise<string>((resolve) => setTimeout(() => resolve('hanging'), 8000)),
        ]);
        expect(status, `call ${n}`).toBe(504);
        // 1 s timeout, 1 s grace at most; the rest is headroom for a busy machine.
        expect(Date.now() - started).toBeLessThan(6000);
      }
    } finally {
      clearInterval(churn);
      void sink;
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => hanging.close(resolve));
    }
  }, 60_000);
});
