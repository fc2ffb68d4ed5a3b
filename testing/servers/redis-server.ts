/**
 * A real Redis for tests and benchmarks: Debian's `redis-server` (`.ci/run` installs it when
 * missing), started on a free loopback port with its working directory in a fresh temporary
 * folder and persistence off, so it writes nothing anywhere else and leaves nothing behind.
 * No test relies on a Redis already running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where Debian installs the server; `REDIS_SERVER_BIN` overrides it. */
export const REDIS_SERVER_BIN = process.env.REDIS_SERVER_BIN || '/usr/bin/redis-server';

/** A running Redis started by {@link startRedisServer}. */
export interface RedisServer {
  /** `redis://127.0.0.1:<port>`, for `REDIS_URL` and ioredis. */
  url: string;
  /** Its port. */
  port: number;
  /** The server process (to kill it in a test of a Redis outage). */
  process: ChildProcess;
  /** Stops it (SIGTERM, then SIGKILL after 5 s) and removes its folder. */
  stop(): Promise<void>;
}

/**
 * Starts `redis-server` on 127.0.0.1 and waits until it accepts connections.
 *
 * A free port is found by binding port 0 and releasing it; another process may take it in
 * between, so a start that fails to bind is tried again on another port (up to 5 times).
 *
 * @param options - `readyTimeoutMs`: how long to wait for "Ready to accept connections"
 *   (default 20000: CI is a busy 2-core machine).
 * @returns The running server.
 * @throws When the binary is missing or the server does not become ready.
 * @example
 * const redis = await startRedisServer();
 * process.env.REDIS_URL = redis.url;
 * // ...
 * await redis.stop();
 */
export async function startRedisServer(
  options: { readyTimeoutMs?: number } = {},
): Promise<RedisServer> {
  const { readyTimeoutMs = 20_000 } = options;
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    const dir = await mkdtemp(join(tmpdir(), 'pimms-redis-'));
    const port = await freePort();
    try {
      return await startOn(port, dir, readyTimeoutMs);
    } catch (error) {
      lastError = error;
      await rm(dir, { recursive: true, force: true });
      if ((error as NodeJS.ErrnoException).code == 'ENOENT') break;
    }
  }
  throw new Error(`[pimms] could not start ${REDIS_SERVER_BIN}: ${String(lastError)}`);
}

async function startOn(port: number, dir: string, readyTimeoutMs: number): Promise<RedisServer> {
  const child = spawn(
    REDIS_SERVER_BIN,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      // No RDB snapshot, no append-only file: nothing is written, even in `dir`.
      '--save',
      '',
      '--appendonly',
      'no',
      '--daemonize',
      'no',
      '--protected-mode',
      'yes',
      '--loglevel',
      'notice',
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`not ready after ${readyTimeoutMs} ms:\n${output}`)),
      readyTimeoutMs,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code ?? signal}) before it was ready:\n${output}`));
    });
  });
  try {
    await ready;
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }

  let stopped: Promise<void> | undefined;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    process: child,
    stop: () =>
      (stopped ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) {
          const exited = once(child, 'exit');
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
          await exited;
          clearTimeout(timer);
        }
        await rm(dir, { recursive: true, force: true });
      })()),
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
