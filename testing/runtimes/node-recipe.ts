// One test file's worth for a README recipe that is a Node server (Hono on @hono/node-server,
// Express): start it as is, with the environment a site would give it, against the sandbox on
// loopback, then check a lead, a foreign origin and an oversize body.
import type { Server } from 'node:http';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { listening, stop } from './listening.ts';
import {
  API_KEY,
  expectRelayWorks,
  overHttp,
  startSandboxApi,
  type SandboxApi,
} from './relay-check.ts';

/**
 * Declares the tests of one Node-server recipe.
 *
 * @param name - The runtime's name, for the log line and the sandbox's checks, e.g. `'hono'`.
 * @param load - Imports the recipe, whose module starts listening and exports `server`.
 * @example
 * testNodeRecipe('hono', () => import('./hono/server.ts'));
 */
export function testNodeRecipe(name: string, load: () => Promise<{ server: unknown }>): void {
  let api: SandboxApi;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    api = await startSandboxApi();
    vi.stubEnv('PIMMS_API_KEY', API_KEY);
    vi.stubEnv('PIMMS_API_URL', api.url);
    vi.stubEnv('PORT', '0');
    vi.stubEnv('HOST', '127.0.0.1');
    const started = performance.now();
    server = (await load()).server as Server;
    url = await listening(server);
    console.log(`[runtimes] ${name}: listening in ${Math.round(performance.now() - started)} ms`);
  }, 60_000);

  afterAll(async () => {
    if (server) await stop(server);
    await api?.close();
    vi.unstubAllEnvs();
  });

  it('records a lead, refuses a foreign origin (403) and an oversize body (413)', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await expectRelayWorks(overHttp(url), api, name);
  }, 60_000);
}
