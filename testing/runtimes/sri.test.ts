// How a site gets the tag: dist/sri.json holds the Subresource Integrity hash of each browser
// output, the README's CDN tag is the current build's, and the package ships the files the README
// tells a site to copy or load. Reads the built dist/ (node build.mjs).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { BROWSER_OUTPUTS, cdnTagBlock } from '../../build/sri.mjs';

const HOW_TO_UPDATE = 'run `node build.mjs` (it rewrites dist/sri.json and the README tag)';
const sri = JSON.parse(readFileSync('dist/sri.json', 'utf8')) as Record<string, string>;
const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

describe('dist/sri.json', () => {
  it('has one hash per browser output, no more', () => {
    expect(Object.keys(sri).sort()).toEqual(
      BROWSER_OUTPUTS.map((file) => file.slice('dist/'.length)).sort(),
    );
  });

  it("is the package's `pimms-lead/sri.json`", () => {
    expect(createRequire(import.meta.url)('pimms-lead/sri.json')).toEqual(sri);
  });

  it.each(BROWSER_OUTPUTS)('holds the SHA-384 of %s, as browsers compute it', (file) => {
    const digest = createHash('sha384').update(readFileSync(file)).digest('base64');
    expect(
      sri[file.slice('dist/'.length)],
      `${file} changed since the build: ${HOW_TO_UPDATE}`,
    ).toBe(`sha384-${digest}`);
  });
});

describe("README's tag", () => {
  const readme = readFileSync('README.md', 'utf8');

  it('loads this version from the CDN with the current integrity hash', () => {
    const digest = createHash('sha384').update(readFileSync('dist/pimms.js')).digest('base64');
    const block = cdnTagBlock({ version, integrity: `sha384-${digest}` });
    expect(
      readme.includes(block),
      `README.md's CDN tag is not the current build's: ${HOW_TO_UPDATE}`,
    ).toBe(true);
    expect(block).toContain(`https://cdn.jsdelivr.net/npm/pimms-lead@${version}/dist/pimms.js`);
    expect(block).toContain(`integrity="sha384-${digest}"`);
    expect(block).toContain('crossorigin="anonymous"');
  });

  it('copies a file the package ships, and the CDN path is in the package', () => {
    expect(readme).toContain('cp node_modules/pimms-lead/dist/pimms.js public/');
    // What npm would publish (no network: --dry-run lists the tarball's files).
    const [pack] = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    ) as [{ files: { path: string }[] }];
    const files = pack.files.map(({ path }) => path);
    expect(files).toEqual(expect.arrayContaining([...BROWSER_OUTPUTS, 'dist/sri.json']));
  }, 60_000);
});
