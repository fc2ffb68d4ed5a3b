// The relay on Express 5 through toNodeHandler: the README's recipe (express/server.ts) started as is, with the
// environment a site would give it, forwarding to the sandbox on loopback.
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
  server = (await import('./express/server.ts')).server as Server;
  url = await listening(server);
  console.log(`[runtimes] express: listening in ${Math.round(performance.now() - started)} ms`);
}, 60_000);

afterAll(async () => {
  if (server) await stop(server);
  await api?.close();
  vi.unstubAllEnvs();
});

it('records a lead, refuses a foreign origin (403) and an oversize body (413)', async () => {
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  await expectRelayWorks(overHttp(url), api, 'express');
}, 60_000);
