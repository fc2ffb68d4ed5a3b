/**
 * Size: `dist/pimms.js` raw, gzip and brotli against DESIGN's budget and the build's ceiling, next
 * to what a site would ship instead (the hand-written inline fetch of bench/pages/naive-lead.js,
 * minified).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { transform } from 'esbuild';
import { gzipSize } from '../build/gzip-size.mjs';
import { secondPass } from '../build/minify-script.mjs';
import { bytes, times } from './stats.ts';
import type { Row } from './table.ts';

const ROOT = join(import.meta.dirname, '..');

/**
 * A constant of build.mjs (`BUDGET_GZIP`, `CEILING_GZIP`), read from its text: importing
 * build.mjs would run the build, which deletes and rewrites dist/.
 *
 * @param name - The constant's name.
 * @returns Its value.
 * @throws Error when build.mjs no longer declares it as a number literal.
 * @example
 * buildConstant('BUDGET_GZIP') // 2048
 */
export function buildConstant(name: string): number {
  const match = new RegExp(`export const ${name} = (\\d+);`).exec(
    readFileSync(join(ROOT, 'build.mjs'), 'utf8'),
  );
  if (!match) throw new Error(`build.mjs does not declare ${name}`);
  return +match[1]!;
}

/** Raw, gzip and brotli sizes of one file, compressed as build.mjs does (gzip -9, brotli 11). */
export interface Sizes {
  raw: number;
  gzip: number;
  brotli: number;
}

/**
 * A text's or buffer's size after zlib's gzip at level 9 (a few bytes off GNU gzip's, see
 * build/gzip-size.mjs, alike for every input).
 *
 * @example
 * gzipBytes('aaaa') // 24
 */
export function gzipBytes(code: string | Buffer): number {
  return gzipSync(Buffer.from(code), { level: 9 }).length;
}

/**
 * Measures a script's sizes.
 *
 * @param code - The script.
 * @returns Its raw, gzip and brotli byte counts.
 * @example
 * sizesOf(readFileSync('dist/pimms.js')).gzip
 */
export function sizesOf(code: string | Buffer): Sizes {
  const buffer = Buffer.from(code);
  return {
    raw: buffer.length,
    gzip: gzipBytes(buffer),
    brotli: brotliCompressSync(buffer, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/**
 * The size rows of the table.
 *
 * @returns One row per compression of `dist/pimms.js`, then the stub's.
 * @example
 * const rows = await sizeRows();
 */
export async function sizeRows(): Promise<Row[]> {
  // gzip as build.mjs and the team measure it (gzip -9 of the file, see build/gzip-size.mjs).
  const snippet = {
    ...sizesOf(readFileSync(join(ROOT, 'dist/pimms.js'))),
    gzip: gzipSize(join(ROOT, 'dist/pimms.js')),
  };
  // Minified the way build.mjs minifies dist/pimms.js, so the comparison is of code, not comments.
  const naiveSource = readFileSync(join(ROOT, 'bench/pages/naive-lead.js'), 'utf8');
  const naive = sizesOf(
    (
      await secondPass(
        (await transform(naiveSource, { minify: true, target: 'es2017', legalComments: 'none' }))
          .code,
        2017,
      )
    ).code,
  );
  const stub = {
    ...sizesOf(readFileSync(join(ROOT, 'dist/stub.js'))),
    gzip: gzipSize(join(ROOT, 'dist/stub.js')),
  };
  const row = (measure: string, key: keyof Sizes, note: string): Row => ({
    section: 'size',
    measure: `dist/pimms.js, ${measure}`,
    pimms: bytes(snippet[key]),
    instead: `inline fetch: ${bytes(naive[key])}`,
    ratio: times(snippet[key], naive[key]),
    note,
  });
  const BUDGET_GZIP = buildConstant('BUDGET_GZIP');
  const CEILING_GZIP = buildConstant('CEILING_GZIP');
  const overBy = snippet.gzip - BUDGET_GZIP;
  return [
    row('raw (minified)', 'raw', ''),
    row(
      'gzip -9',
      'gzip',
      `budget ${bytes(BUDGET_GZIP)} (docs/DESIGN.md): ${overBy > 0 ? `${bytes(overBy)} over` : `${bytes(-overBy)} under`}; build ceiling ${bytes(CEILING_GZIP)}`,
    ),
    row('brotli 11', 'brotli', ''),
    {
      section: 'size',
      measure: 'paste-in stub (dist/stub.js), gzip -9',
      pimms: bytes(stub.gzip),
      instead: '',
      ratio: '',
      note: `inline in the page, ${bytes(stub.raw)} raw`,
    },
  ];
}
