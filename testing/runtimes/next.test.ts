// The relay as a Next.js route handler: the README's recipe (next/app/api/pimms/lead/route.ts)
// type-checked against the route types Next generates for it (the validator `next build` and
// `next typegen` write, made here with Next's own generator), then its exports called with
// Next's NextRequest, forwarding to the sandbox on loopback.
//
// Not `next typegen`/`next build` themselves: when @types/react is missing (this package has no
// React) they run `npm install` in the project, over the network. The generator functions they
// call are used directly instead; `next build` of this one route would also add tens of seconds.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { NextRequest as NextRequestType } from 'next/server';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { API_KEY, expectRelayWorks, startSandboxApi, type SandboxApi } from './relay-check.ts';

const require = createRequire(import.meta.url);
const ROOT = resolve('.tmp');

/** Next's typegen for the app in `baseDir`: writes routes.d.ts and the validators to `out`. */
async function generateRouteTypes(baseDir: string, out: string): Promise<string[]> {
  const { discoverRoutes } = require('next/dist/build/route-discovery.js');
  const types = require('next/dist/server/lib/router-utils/route-types-utils.js');
  const routes = await discoverRoutes({
    appDir: join(baseDir, 'app'),
    pageExtensions: ['tsx', 'ts', 'jsx', 'js'],
    isDev: false,
    baseDir,
    isSrcDir: false,
  });
  const validator = join(out, 'validator.ts');
  const manifest = await types.createRouteTypesManifest({
    dir: baseDir,
    ...routes,
    redirects: undefined,
    rewrites: undefined,
    validatorFilePath: validator,
  });
  await types.writeRouteTypesManifest(manifest, join(out, 'routes.d.ts'), {
    experimental: {},
    typedRoutes: false,
  });
  await types.writeValidatorFile(manifest, validator, false);
  // The stricter validator of experimental.strictRouteTypes (`satisfies`), too.
  await types.writeValidatorFile(manifest, join(out, 'validator-strict.ts'), true);
  return [join(out, 'routes.d.ts'), validator, join(out, 'validator-strict.ts')];
}

/** tsc's errors for `files`, by file, with the options of a Next app (strict, as the recipe is). */
function typeErrors(files: string[]): { file: string; message: string }[] {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    types: [],
    isolatedModules: true,
    allowImportingTsExtensions: true,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ({
    file: d.file?.fileName ?? '',
    message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
  }));
}

describe("the route handler against Next's generated route types", () => {
  let work: string;
  beforeAll(() => {
    mkdirSync(ROOT, { recursive: true });
    work = mkdtempSync(join(ROOT, 'next-types-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('type-checks the recipe, and fails a route whose POST does not fit', async () => {
    const started = performance.now();
    const recipe = await generateRouteTypes(resolve('testing/runtimes/next'), join(work, 'ok'));
    // The control, in the same program (one tsc run): a POST Next would refuse.
    const wrong = join(work, 'wrong');
    mkdirSync(join(wrong, 'app/api/lead'), { recursive: true });
    writeFileSync(
      join(wrong, 'app/api/lead/route.ts'),
      'export const POST = (request: { url: number }) => new Response(String(request.url));\n',
    );
    const control = await generateRouteTypes(wrong, join(wrong, 'types'));
    const errors = typeErrors([...recipe, ...control]);
    console.log(`[runtimes] next: typegen + tsc in ${Math.round(performance.now() - started)} ms`);
    expect(errors.filter(({ file }) => !file.startsWith(wrong))).toEqual([]);
    const refused = errors.filter(({ file }) => file.startsWith(join(wrong, 'types')));
    expect(refused.map(({ message }) => message).join('\n')).toMatch(
      /property 'POST' are incompatible[^]*NextRequest/,
    );
  }, 120_000);
});

describe('the route handler called as Next calls it', () => {
  let api: SandboxApi;
  let route: typeof import('./next/app/api/pimms/lead/route.ts');
  let NextRequest: typeof NextRequestType;

  beforeAll(async () => {
    api = await startSandboxApi();
    vi.stubEnv('PIMMS_API_KEY', API_KEY);
    vi.stubEnv('PIMMS_API_URL', api.url);
    route = await import('./next/app/api/pimms/lead/route.ts');
    ({ NextRequest } = await import('next/server'));
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    vi.unstubAllEnvs();
  });

  it('records a lead, refuses a foreign origin (403) and an oversize body (413)', async () => {
    // The signature Next's validator holds the exports to (see above).
    type Handler = (
      request: NextRequestType,
      context: { params: Promise<object> },
    ) => Promise<Response | void> | Response | void;
    const handlers: Record<string, Handler> = { POST: route.POST, OPTIONS: route.OPTIONS };
    await expectRelayWorks(
      async (request) => {
        const answer = await handlers[request.method]!(
          new NextRequest(request.url, {
            method: request.method,
            headers: request.headers,
            body: request.method == 'POST' ? await request.text() : undefined,
          }),
          { params: Promise.resolve({}) },
        );
        if (!answer) throw new Error(`${request.method} answered nothing`);
        return answer;
      },
      api,
      'next',
    );
  }, 60_000);
});
