import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { distFile, hasDistFile, textFile } from './static-files.ts';

let dir: string;
let url: URL;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pimms-dist-'));
  url = pathToFileURL(dir + '/');
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('distFile', () => {
  it('serves the file as it is on disk at each request, never cached', async () => {
    const handler = distFile('pimms.js', url);
    writeFileSync(join(dir, 'pimms.js'), 'one');
    const first = await handler(new Request('http://site.test/pimms.js'));
    expect(first.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(await first.text()).toBe('one');
    writeFileSync(join(dir, 'pimms.js'), 'two');
    expect(await (await handler(new Request('http://site.test/pimms.js'))).text()).toBe('two');
  });

  it('answers 404 saying to build when the file is missing', async () => {
    const response = await distFile('pimms.js', url)(new Request('http://site.test/pimms.js'));
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('run `npm run build`');
    expect(await hasDistFile('pimms.js', url)).toBe(false);
  });
});

describe('textFile', () => {
  it('serves the text with the type of its name', async () => {
    const response = await textFile('site.css', 'body{}')(new Request('http://site.test/site.css'));
    expect(response.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await response.text()).toBe('body{}');
  });
});
