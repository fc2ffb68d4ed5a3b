// Builds dist/: the <script> tag bundle (and its debug twin), the ES module, the paste-in stub,
// the relay (runtime-neutral, its Node adapter and its Redis entry), types, and dist/sri.json (the Subresource
// Integrity hash of each browser output, also written into README.md's CDN tag). Prints raw, gzip
// and brotli sizes; fails when dist/pimms.js is over its gzip ceiling, when an output uses syntax
// newer than its target, or when the neutral relay imports `node:*`. Usage: node build.mjs
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import { parse } from 'acorn';
import { build } from 'esbuild';
import { gzipSize } from './build/gzip-size.mjs';
import {
  BROWSER_TARGET,
  COMMON_BUILD,
  finishScriptTag,
  SCRIPT_BUILD,
  SCRIPT_TAG_BUILD,
} from './build/script-build.mjs';
import { BROWSER_OUTPUTS, cdnTagBlock, sriOf, withCdnTag } from './build/sri.mjs';

/** docs/DESIGN.md's budget for dist/pimms.js, in bytes gzip. */
export const BUDGET_GZIP = 3840;
/**
 * What the build enforces: the size of the complete feature set, rounded up to the next 128
 * bytes, so that the size cannot creep. 4,082 bytes now: the PIMMS field rules and their bounds
 * (customerId among them), the landing request after load in an idle period, data-clean-url, the
 * parts started after the script tag (about +45 B, paid for by smaller code elsewhere), and
 * js-cookie replaced by the snippet's own cookie code, minified by esbuild and then terser, its
 * top-level statements in the order gzip packs best (-47 B, build/statement-order.mjs), and a
 * lead's way from the call to its result wired where the parts are (-80 B). It was 4,480 at
 * 4,372 bytes, before terser's pass (-135 B) and the production build's dead debug leftovers
 * (-15 B). It is over DESIGN's 3,840-byte budget: the build prints the budget and by how
 * much it is over. Lower it whenever the snippet shrinks.
 */
export const CEILING_GZIP = 4096;

const outputs = [
  // The drop-in <script> tag (see build/script-build.mjs).
  SCRIPT_TAG_BUILD,
  // The same with every debug message (data-debug), readable: for development, not for the budget.
  {
    ...SCRIPT_BUILD,
    entryPoints: ['src/snippet/index.ts'],
    outfile: 'dist/pimms.debug.js',
    format: 'iife',
    target: BROWSER_TARGET,
    banner: { js: ';' },
    define: { __DEBUG__: 'true' },
  },
  // For bundlers: same features, nothing runs on import.
  {
    entryPoints: ['src/snippet/module.ts'],
    outfile: 'dist/pimms.mjs',
    format: 'esm',
    target: BROWSER_TARGET,
    define: { __DEBUG__: 'true' },
  },
  // The paste-in stub the README shows: one line.
  {
    ...SCRIPT_BUILD,
    entryPoints: ['src/snippet/stub.ts'],
    outfile: 'dist/stub.js',
    bundle: false,
    minify: true,
    target: BROWSER_TARGET,
  },
  // The relay's three entries in one build: `pimms-lead/relay` (dist/relay.mjs) for Node 20+,
  // Workers, Deno and bundlers; `pimms-lead/relay/node` (toNodeHandler and serve, for Node's http
  // server and Express); `pimms-lead/relay/redis` (Node: connectRedis, the shared de-dup and the
  // durable queue; ioredis and bullmq stay optional peer dependencies of the sites that use it).
  // The code they share goes to one chunk (dist/relay-shared-*.mjs) that each imports, so that a
  // site using two of them runs one copy of each module: `serve` from relay/node gives a relay
  // made by relay its default event lines through a registry that both must see. The SDK stays a
  // dependency of the site; the shared field rules keep their messages here (no __DEBUG__ define).
  {
    entryPoints: {
      relay: 'src/relay/index.ts',
      'relay-node': 'src/relay/node.ts',
      'relay-redis': 'src/relay/redis/index.ts',
    },
    outdir: 'dist',
    splitting: true,
    chunkNames: 'relay-shared-[hash]',
    outExtension: { '.js': '.mjs' },
    format: 'esm',
    platform: 'node',
    target: 'es2022',
    external: ['ioredis', 'bullmq', 'pimms', 'pimms/*', 'zod'],
    metafile: true,
  },
];

rmSync('dist', { recursive: true, force: true });
const built = await Promise.all(outputs.map((options) => build({ ...COMMON_BUILD, ...options })));
// esbuild's output of the script tag minified a second time (see build/script-build.mjs).
{
  const file = SCRIPT_TAG_BUILD.outfile;
  writeFileSync(file, (await finishScriptTag(readFileSync(file, 'utf8'))).code);
}
// `pimms-lead/relay` must stay runtime-neutral: built alone for the neutral platform, where
// `node:*` is not external, an import of it fails here (testing/runtimes/cloudflare-worker.test.ts
// bundles it as a Workers site would).
await build({
  ...COMMON_BUILD,
  entryPoints: ['src/relay/index.ts'],
  write: false,
  format: 'esm',
  platform: 'neutral',
  external: ['pimms', 'pimms/*', 'zod'],
});
// Every file written, with the syntax level it must keep.
const files = outputs.flatMap(({ outfile, target }, i) =>
  outfile
    ? [{ outfile, target }]
    : Object.keys(built[i].metafile.outputs).map((file) => ({ outfile: file, target })),
);
execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.types.json'], {
  stdio: 'inherit',
});

let failed = false;
const rows = files.map(({ outfile, target }) => {
  const code = readFileSync(outfile);
  try {
    parse(code.toString(), {
      ecmaVersion: +target.slice(2),
      sourceType: outfile.endsWith('.mjs') ? 'module' : 'script',
    });
  } catch (error) {
    failed = true;
    console.error(`${outfile}: not ${target} syntax: ${error.message}`);
  }
  const gzip = gzipSize(outfile);
  const brotli = brotliCompressSync(code, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
  }).length;
  return {
    file: outfile,
    raw: code.length,
    gzip,
    brotli,
    budget: outfile == 'dist/pimms.js' ? BUDGET_GZIP : '',
    ceiling: outfile == 'dist/pimms.js' ? CEILING_GZIP : '',
  };
});
console.table(rows);

// The hashes a page's integrity="" attribute needs, next to the files, and the README's CDN tag.
const sri = Object.fromEntries(
  BROWSER_OUTPUTS.map((file) => [file.slice('dist/'.length), sriOf(file)]),
);
writeFileSync('dist/sri.json', JSON.stringify(sri, null, 2) + '\n');
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const readme = readFileSync('README.md', 'utf8');
const tagged = withCdnTag(readme, cdnTagBlock({ version, integrity: sri['pimms.js'] }));
if (tagged != readme) {
  writeFileSync('README.md', tagged);
  console.log(`README.md: CDN tag updated to pimms-lead@${version}, ${sri['pimms.js']}`);
}
const main = rows[0];
if (main.gzip > BUDGET_GZIP)
  console.warn(
    `dist/pimms.js is ${main.gzip} bytes gzip: ${main.gzip - BUDGET_GZIP} over DESIGN's ${BUDGET_GZIP}-byte budget (see README "Size").`,
  );
if (main.gzip > CEILING_GZIP) {
  failed = true;
  console.error(`dist/pimms.js is ${main.gzip} bytes gzip, over its ${CEILING_GZIP}-byte ceiling.`);
}
if (failed) process.exit(1);
