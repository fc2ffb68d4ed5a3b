/**
 * Where the bytes of `dist/pimms.js` come from: the script tag built again as build.mjs builds it,
 * with a source map through both minifiers, so that each byte of the file is owned by the source
 * file it was minified from. A file's gzip cost is what the whole file's gzip shrinks by when that
 * file's bytes are taken out: what leaving its feature out would save at most, before the code
 * that only it needs elsewhere.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { eachMapping, TraceMap, type SourceMapInput } from '@jridgewell/trace-mapping';
import { build } from 'esbuild';
import { finishScriptTag, SCRIPT_TAG_BUILD } from '../script-build.mjs';
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
  /** Which characters of the minified text each source file owns (index: character). */
  owners: string[];
  /** The minified text (dist/pimms.js without the banner's line). */
  code: string;
}

/** zlib's gzip at level 9, as sizesOf measures (a few bytes off GNU gzip's, the same for each). */
const gzip = (text: string) => gzipSync(Buffer.from(text), { level: 9 }).length;

/**
 * Builds the script tag again with source maps and measures each source file's share.
 *
 * @returns The shares, and the whole file's minified and gzip size.
 * @throws Error when the build differs from `dist/pimms.js` (not rebuilt since a change).
 * @example
 * const { files } = await measureSizeByFile(); // files[0]: { file: 'src/shared/field-rules.ts', ... }
 */
export async function measureSizeByFile(): Promise<SizeByFile> {
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
  const total = gzip(code);
  const files = [...new Set(owners)].map((file) => {
    const rest = [...code].filter((_, i) => owners[i] != file).join('');
    return { file, raw: code.length - rest.length, gzip: total - gzip(rest) };
  });
  files.sort((a, b) => b.gzip - a.gzip || a.file.localeCompare(b.file));
  return { raw: code.length, gzip: total, files, owners, code };
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
 * The table's rows: one per source file that costs at least `least` bytes gzip, then the rest
 * together, then what gzip shares between files (the whole less the sum of the files' costs).
 *
 * @param measured - What {@link measureSizeByFile} found.
 * @param least - The smallest gzip cost that gets a row of its own.
 * @returns The rows, largest first.
 * @example
 * rows.push(...sizeByFileRows(await measureSizeByFile()));
 */
export function sizeByFileRows(measured: SizeByFile, least = 100): Row[] {
  const row = (measure: string, share: { raw: number; gzip: number }, note = ''): Row => ({
    section: 'size by file',
    measure,
    pimms: bytes(share.gzip),
    instead: '',
    ratio: `${((100 * share.gzip) / measured.gzip).toFixed(0)} %`,
    note: `${bytes(share.raw)} minified${note}`,
  });
  const own = measured.files.filter((share) => share.gzip >= least);
  const others = measured.files.filter((share) => share.gzip < least);
  // The others' cost together (not the sum of each one's): their bytes taken out at once.
  const othersSet = new Set(others.map((share) => share.file));
  const rest = measured.code
    .split('')
    .filter((_, i) => !othersSet.has(measured.owners[i]!))
    .join('');
  const together = {
    raw: measured.raw - rest.length,
    gzip: measured.gzip - gzip(rest),
  };
  const sum = measured.files.reduce((total, share) => total + share.gzip, 0);
  return [
    ...own.map((share, i) =>
      row(
        share.file,
        share,
        i ? '' : `; what gzip -9 (zlib) of ${bytes(measured.gzip)} loses without the file's bytes`,
      ),
    ),
    row(
      `the other ${others.length} files`,
      together,
      `: ${others.map(({ file }) => file.replace(/^.*\//, '').replace(/\.ts$/, '')).join(', ')}`,
    ),
    {
      section: 'size by file',
      measure: 'shared between files',
      pimms: bytes(measured.gzip - sum),
      instead: '',
      ratio: `${((100 * (measured.gzip - sum)) / measured.gzip).toFixed(0)} %`,
      note: 'the whole less the sum of each file’s cost: what gzip finds repeated across files',
    },
  ];
}
