// The ES module build (dist/pimms.mjs), imported by the package's own name as a bundler's user
// does: in Node here, with no DOM at all.
import { describe, expect, it } from 'vitest';

describe('dist/pimms.mjs', () => {
  it('touches no global on import and exports createPimms', async () => {
    const before = Object.keys(globalThis).sort();
    const module = await import('pimms-lead');
    expect(Object.keys(module).sort()).toEqual(['VERSION', 'createPimms']);
    expect(typeof module.createPimms).toBe('function');
    expect(Object.keys(globalThis).sort()).toEqual(before);
    expect('pimms' in globalThis).toBe(false);
  });

  it('has the same version as the package', async () => {
    const { VERSION } = await import('pimms-lead');
    const { readFileSync } = await import('node:fs');
    expect(VERSION).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });
});
