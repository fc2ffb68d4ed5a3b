// The gzip size of a file as the team reads it: `gzip -9c <file> | wc -c`, GNU gzip with the
// file's name in the header (what the before-stop hook prints). Its deflate differs from zlib's by
// a few bytes, so build.mjs and the benchmarks measure with it too. Without a gzip command (not on
// Debian's images), zlib at level 9 plus the name's bytes stands in.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * @param {string} file - Path of the file.
 * @returns {number} Its size in bytes after `gzip -9`.
 */
export function gzipSize(file) {
  try {
    return execFileSync('gzip', ['-9c', file]).length;
  } catch {
    return gzipSync(readFileSync(file), { level: 9 }).length + basename(file).length + 1;
  }
}
