/** The size in bytes of `gzip -9c <file>` (see gzip-size.mjs). */
export function gzipSize(file: string): number;
