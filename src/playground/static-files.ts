/**
 * Files the demo site serves as they are: the snippet builds from dist/, and the site's own
 * stylesheet and script, which live in site-assets.ts.
 */
import { access, readFile } from 'node:fs/promises';
import type { Handler } from './router.ts';

/** The folder `node build.mjs` writes: two levels up from this file. */
export const DIST_DIR = new URL('../../dist/', import.meta.url);

// The playground is for development: a rebuild must show on the next reload, never a cached copy.
const HEADERS = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };

/** The content type of each kind of file the site serves. */
const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

function typeOf(name: string): string {
  return TYPES[name.slice(name.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
}

/**
 * Serves one file of dist/, read from disk on every request, so that `npm run build` in another
 * terminal takes effect without a restart.
 *
 * @param name - The file's name in dist/, e.g. `pimms.js`.
 * @param dir - The dist folder; defaults to {@link DIST_DIR}.
 * @returns A handler: 200 with the file, or 404 saying to run the build when it is missing.
 * @example
 * { path: '/pimms.js', handler: distFile('pimms.js') }
 */
export function distFile(name: string, dir: URL = DIST_DIR): Handler {
  const file = new URL(name, dir);
  return async () => {
    try {
      return new Response(await readFile(file), {
        headers: { 'Content-Type': typeOf(name), ...HEADERS },
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code != 'ENOENT') throw error;
      return new Response(`dist/${name} is missing: run \`npm run build\` (node build.mjs).\n`, {
        status: 404,
        headers: { 'Content-Type': 'text/plain; charset=utf-8', ...HEADERS },
      });
    }
  };
}

/**
 * Serves a fixed text, e.g. the site's stylesheet.
 *
 * @param name - A file name, for its content type (`site.css`, `signup.js`).
 * @param text - The content.
 * @example
 * { path: '/site.css', handler: textFile('site.css', SITE_CSS) }
 */
export function textFile(name: string, text: string): Handler {
  return async () => new Response(text, { headers: { 'Content-Type': typeOf(name), ...HEADERS } });
}

/**
 * Whether a file of dist/ exists, so that start-up can warn before a page fails to load it.
 *
 * @param name - The file's name in dist/.
 * @param dir - The dist folder; defaults to {@link DIST_DIR}.
 * @example
 * if (!(await hasDistFile('pimms.js'))) console.warn('run npm run build first')
 */
export async function hasDistFile(name: string, dir: URL = DIST_DIR): Promise<boolean> {
  try {
    await access(new URL(name, dir));
    return true;
  } catch {
    return false;
  }
}
