// The README's Next.js example is this file's code, and it does what the README says in Next.js'
// own request and response classes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { config, proxy } from './next/proxy.ts';

const ID = 'aB3xQ9kLm2Zp7Wq1';

describe('the Next.js proxy example', () => {
  it('sets the click id cookie on a landing, and nothing without a plausible pimms_id', () => {
    const landing = proxy(new NextRequest(`https://www.example.com/pricing?pimms_id=${ID}`));
    expect(landing.headers.get('x-middleware-next')).toBe('1');
    expect(landing.headers.getSetCookie()).toEqual([
      `pimms_id=${ID}; Domain=example.com; Path=/; Max-Age=7776000; SameSite=Lax; Secure`,
    ]);
    for (const url of ['https://www.example.com/', 'https://www.example.com/?pimms_id=1'])
      expect(proxy(new NextRequest(url)).headers.getSetCookie()).toEqual([]);
    expect(config.matcher).toMatchObject([{ has: [{ type: 'query', key: 'pimms_id' }] }]);
  });

  it('is the code the README shows', () => {
    const root = join(import.meta.dirname, '..', '..');
    const example = readFileSync(join(import.meta.dirname, 'next', 'proxy.ts'), 'utf8');
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain('```ts\n' + example + '```');
  });
});
