/**
 * A sandbox served over HTTP on loopback, for tests that must drive it the way the relay and a
 * browser do (real sockets, real headers). Not part of the sandbox itself.
 */
import { serve } from '../../src/relay/serve.ts';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/index.ts';
import { API_KEY } from './sandbox-fixture.ts';

/** A served sandbox and shorthands bound to it. */
export interface ServedSandbox extends Sandbox {
  /** The base URL, e.g. `http://127.0.0.1:53124`. */
  url: string;
  /** `GET /go/<key>` and the click id it redirected with. */
  click(key?: string): Promise<string>;
  /** `POST /track/lead` with the test key (or the given headers) and `body` as JSON (or as is, when a string). */
  track(body: unknown, headers?: Record<string, string>): Promise<Response>;
  /** Stops the server, then closes the sandbox; a second call does nothing. */
  stop(): Promise<void>;
}

/**
 * Starts a sandbox (in-memory unless told otherwise, link `demo`) on a free loopback port.
 *
 * @param options - Overrides of the sandbox options.
 * @example
 * const sandbox = await serveSandbox({ rateLimit: 3 });
 * await sandbox.track({ clickId: await sandbox.click(), eventName: 'Sign up', externalId: 'u1' });
 * await sandbox.stop();
 */
export async function serveSandbox(options: Partial<SandboxOptions> = {}): Promise<ServedSandbox> {
  const sandbox = createSandbox({
    file: ':memory:',
    apiKeys: [API_KEY],
    links: [{ key: 'demo', url: 'https://site.test/signup?ref=ad' }],
    log: () => {},
    ...options,
  });
  const server = await serve(sandbox.handler);
  let stopped = false;
  return {
    ...sandbox,
    url: server.url,
    async click(key = 'demo') {
      const response = await fetch(`${server.url}/go/${key}`, { redirect: 'manual' });
      const id = new URL(response.headers.get('location') ?? 'about:blank').searchParams.get(
        'pimms_id',
      );
      if (response.status != 302 || !id)
        throw new Error(`no click for /go/${key}: ${response.status}`);
      return id;
    },
    track(body, headers = { Authorization: `Bearer ${API_KEY}` }) {
      return fetch(`${server.url}/track/lead`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: typeof body == 'string' ? body : JSON.stringify(body),
      });
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.close();
      sandbox.close();
    },
  };
}
