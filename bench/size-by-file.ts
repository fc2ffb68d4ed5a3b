/**
 * Where the bytes of `dist/pimms.js` come from: the script tag built again as build.mjs builds it,
 * with a source map through both minifiers, so that each byte of the file is owned by the source
 * file it was minified from. A file's gzip cost is what the whole file's gzip shrinks by when that
 * file's bytes are taken out: what leaving its feature out would save at most, before the code
 * that only it needs elsewhere.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { eachMapping, TraceMap, type SourceMapInput } from '@jridgewell/trace-mapping';
import { build } from 'esbuild';
import { finishScriptTag, SCRIPT_TAG_BUILD } from '../build/script-build.mjs';
import { gzipBytes } from './size.ts';
import { bytes } from './stats.ts';
import type { Row } from './table.ts';

const ROOT = join(import.meta.dirname, '..');

/** One source file's share of `dist/pimms.js`. */
export interface FileShare {
  /** The source file, from the repository's root (e.g. `src/shared/field-rules.ts`). */
  file: string;
  /** Bytes of the minified file that come from it. */
  raw: number;
  /** Bytes of gzip -9 (zlib) that the minified file loses without them. */
  gzip: number;
}

/** The shares of every source file, largest gzip cost first, and the whole file's sizes. */
export interface SizeByFile {
  raw: number;
  gzip: number;
  files: FileShare[];
  /** The files that cost less than the least that gets a row of its own, and their cost together. */
  rest: { files: string[]; raw: number; gzip: number };
}

/**
 * Builds the script tag again with source maps and measures each source file's share.
 *
 * @param least - The smallest gzip cost a file may have outside `rest`.
 * @returns The shares, and the whole file's minified and gzip size.
 * @throws Error when the build differs from `dist/pimms.js` (not rebuilt since a change).
 * @example
 * const { files } = await measureSizeByFile(); // files[0]: { file: 'src/shared/field-rules.ts', ... }
 */
export async function measureSizeByFile(least = 100): Promise<SizeByFile> {
  const outfile = join(ROOT, SCRIPT_TAG_BUILD.outfile);
  const built = await build({
    ...SCRIPT_TAG_BUILD,
    absWorkingDir: ROOT,
    outfile,
    write: false,
    sourcemap: 'external',
  });
  const output = (suffix: string) => built.outputFiles.find(({ path }) => path.endsWith(suffix))!;
  const finished = await finishScriptTag(output('.js').text, output('.js.map').text);
  if (finished.code != readFileSync(outfile, 'utf8'))
    throw new Error(`${SCRIPT_TAG_BUILD.outfile} is not a fresh build: run npm run build`);
  // The map is of the text without the banner's line (see finishScriptTag).
  const code = finished.code.slice(finished.code.indexOf('\n') + 1);
  const owners = ownersOf(code, new TraceMap(finished.map as SourceMapInput), outfile);
  // What the file's bytes and their gzip lose when the given files' bytes are taken out at once.
  const total = gzipBytes(code);
  const costOf = (drop: Set<string>) => {
    let rest = '';
    for (let i = 0; i < code.length; i++) if (!drop.has(owners[i]!)) rest += code[i];
    return { raw: code.length - rest.length, gzip: total - gzipBytes(rest) };
  };
  const files = [...new Set(owners)].map((file) => ({ file, ...costOf(new Set([file])) }));
  files.sort((a, b) => b.gzip - a.gzip || a.file.localeCompare(b.file));
  const small = files.filter((share) => share.gzip < least).map(({ file }) => file);
  return {
    raw: code.length,
    gzip: total,
    files,
    rest: { files: small, ...costOf(new Set(small)) },
  };
}

/**
 * The source file that owns each character: the file of the last mapping at or before it (a
 * mapping marks where a token from a source starts; what follows, up to the next one, is its
 * punctuation). Characters before the first mapping belong to that mapping's file.
 */
function ownersOf(code: string, map: TraceMap, outfile: string): string[] {
  const lineStarts = [0];
  for (let i = 0; i < code.length; i++) if (code[i] == '\n') lineStarts.push(i + 1);
  const starts: [offset: number, file: string][] = [];
  eachMapping(map, ({ generatedLine, generatedColumn, source }) => {
    if (source)
      starts.push([
        lineStarts[generatedLine - 1]! + generatedColumn,
        relative(ROOT, join(outfile, '..', source)),
      ]);
  });
  starts.sort((a, b) => a[0] - b[0]);
  if (!starts.length) throw new Error('the source map maps nothing');
  const owners: string[] = [];
  let next = 0;
  let owner = starts[0]![1];
  for (let i = 0; i < code.length; i++) {
    while (next < starts.length && starts[next]![0] <= i) owner = starts[next++]![1];
    owners.push(owner);
  }
  return owners;
}

/**
 * The table's rows: one per source file outside `rest`, then `rest` together, then what gzip
 * shares between files (the whole less the sum of every file's cost).
 *
 * @param measured - What {@link measureSizeByFile} found.
 * @returns The rows, largest first.
 * @example
 * rows.push(...sizeByFileRows(await measureSizeByFile()));
 */
export function sizeByFileRows(measured: SizeByFile): Row[] {
  const row = (measure: string, gzip: number, note: string): Row => ({
    section: 'size by file',
    measure,
    pimms: bytes(gzip),
    instead: '',
    ratio: `${((100 * gzip) / measured.gzip).toFixed(0)} %`,
    note,
  });
  const rest = new Set(measured.rest.files);
  const sum = measured.files.reduce((total, share) => total + share.gzip, 0);
  return [
    ...measured.files
      .filter((share) => !rest.has(share.file))
      .map((share, i) =>
        row(
          share.file,
          share.gzip,
          `${bytes(share.raw)} minified` +
            (i
              ? ''
              : `; what gzip -9 (zlib) of ${bytes(measured.gzip)} loses without the file's bytes`),
        ),
      ),
    // Their cost together (not the sum of each one's): their bytes taken out at once.
    row(
      `the other ${rest.size} files`,
      measured.rest.gzip,
      `${bytes(measured.rest.raw)} minified: ${measured.rest.files
        .map((file) => file.replace(/^.*\//, '').replace(/\.ts$/, ''))
        .join(', ')}`,
    ),
    row(
      'shared between files',
      measured.gzip - sum,
      'the whole less the sum of each file’s cost: what gzip finds repeated across files',
    ),
  ];
}
