/**
 * Helpers for the sandbox's unit tests: a fresh in-memory sandbox with one short link, and
 * shorthands for the requests the tests make. Not part of the sandbox itself.
 */
import {
  createSandbox,
  type Sandbox,
  type SandboxOptions,
} from '../../src/sandbox/create-sandbox.ts';

/** The workspace key the test sandboxes accept. */
export const API_KEY = 'pimms_test_key_8f2c41d9';
/** The origin the tests address the handler at; any origin works. */
export const ORIGIN = 'http://sandbox.test';

/** A test sandbox and shorthands bound to it. */
export interface TestSandbox extends Sandbox {
  /** `GET /go/<key>` and the click id it redirected with. */
  click(key?: string): Promise<string>;
  /** `POST /track/lead` with the test key (or the given headers) and `body` as JSON (or as is, when a string). */
  track(body: unknown, headers?: Record<string, string>): Promise<Response>;
  /** A request to the handler at `ORIGIN + path`. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

/**
 * Starts a sandbox for one test, with the link `demo` → `https://site.test/signup?ref=ad`.
 *
 * @param options - Overrides; by default an in-memory database, so tests run in parallel.
 * @example
 * const sandbox = startSandbox();
 * const clickId = await sandbox.click();
 * await sandbox.track({ clickId, eventName: 'Sign up', externalId: 'u1' });
 */
export function startSandbox(options: Partial<SandboxOptions> = {}): TestSandbox {
  const sandbox = createSandbox({
    file: ':memory:',
    apiKeys: [API_KEY],
    links: [{ key: 'demo', url: 'https://site.test/signup?ref=ad' }],
    ...options,
  });
  const fetch = (path: string, init?: RequestInit) =>
    sandbox.handler(new Request(ORIGIN + path, init));
  return {
    ...sandbox,
    fetch,
    async click(key = 'demo') {
      const response = await fetch('/go/' + key);
      const id = new URL(response.headers.get('Location') ?? 'about:blank').searchParams.get(
        'pimms_id',
      );
      if (response.status != 302 || !id)
        throw new Error(`no click for /go/${key}: ${response.status}`);
      return id;
    },
    track(body, headers = { Authorization: `Bearer ${API_KEY}` }) {
      return fetch('/track/lead', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: typeof body == 'string' ? body : JSON.stringify(body),
      });
    },
  };
}
