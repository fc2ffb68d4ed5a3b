// The relay as a Cloudflare Worker: the README's recipe (cloudflare-worker/worker.ts) bundled as a
// Workers site bundles it (esbuild, browser conditions, nothing external), then run in workerd
// through miniflare, forwarding to the sandbox on loopback with the key from a Worker binding.
import { gzipSync } from 'node:zlib';
import { build, type BuildOptions } from 'esbuild';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API_KEY,
  expectRelayWorks,
  overHttp,
  startSandboxApi,
  type SandboxApi,
} from './relay-check.ts';

const RECIPE = 'testing/runtimes/cloudflare-worker/worker.ts';

// What wrangler does with a Worker: one ES module, the `workerd`/`worker`/`browser` conditions,
// and (without nodejs_compat) no Node built-ins to fall back on.
const workerBuild = (platform: 'browser' | 'neutral', entry = RECIPE) =>
  build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform,
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['browser', 'module', 'main'],
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
  } satisfies BuildOptions);

describe('pimms-lead/relay bundled for Cloudflare Workers', () => {
  it.each(['browser', 'neutral'] as const)(
    'bundles with platform %s, no flag and no external',
    async (platform) => {
      const result = await workerBuild(platform);
      const inputs = Object.keys(result.metafile.inputs);
      expect(inputs.filter((input) => input.startsWith('node:'))).toEqual([]);
      expect(inputs.some((input) => input.endsWith('dist/relay.mjs'))).toBe(true);
      const imports = Object.values(result.metafile.outputs).flatMap((output) => output.imports);
      expect(imports, 'the Worker must not import anything at run time').toEqual([]);
    },
  );

  it('would catch a node:* import (the Node entry does not bundle for a Worker)', async () => {
    const entry = 'testing/runtimes/cloudflare-worker/node-entry.fixture.ts';
    await expect(workerBuild('browser', entry)).rejects.toThrow(/node:http/);
  });
});

describe('the relay in workerd (miniflare)', () => {
  let api: SandboxApi;
  let worker: Miniflare;
  let url: URL;

  beforeAll(async () => {
    api = await startSandboxApi();
    const bundle = (await workerBuild('browser')).outputFiles[0]!;
    const started = performance.now();
    worker = new Miniflare({
      modules: true,
      script: bundle.text,
      compatibilityDate: '2026-07-01',
      bindings: { PIMMS_API_KEY: API_KEY, PIMMS_API_URL: api.url },
      host: '127.0.0.1',
      port: 0,
    });
    url = await worker.ready;
    console.log(
      `[runtimes] Worker bundle: ${bundle.contents.length} B raw, ` +
        `${gzipSync(bundle.contents, { level: 9 }).length} B gzip; ` +
        `workerd ready in ${Math.round(performance.now() - started)} ms`,
    );
  }, 120_000);

  afterAll(async () => {
    await worker?.dispose();
    await api?.close();
  });

  it('records a lead, refuses a foreign origin (403) and an oversize body (413)', async () => {
    await expectRelayWorks(overHttp(url.href), api, 'workerd');
  }, 60_000);
});
