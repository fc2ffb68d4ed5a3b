import { runInNewContext } from 'node:vm';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import { build } from 'esbuild';
import pako from 'pako';
import { describe, expect, it } from 'vitest';
import { secondPass } from './minify-script.mjs';
import { SCRIPT_TAG_BUILD } from './script-build.mjs';
import { orderForGzip } from './statement-order.mjs';

const gzip = (code: string) => pako.deflateRaw(code, { level: 9 }).length;
/** The function and var declarations in a minified script, e.g. `function a`, in order. */
const statementsOf = (code: string) =>
  Array.from(code.matchAll(/[;{}](function \w+|var \w+)/g), (match) => match[1]);

// The script tag's build as build.mjs makes it, up to the minifier pass, with its source map.
const esbuildOutput = async () => {
  const built = await build({
    ...SCRIPT_TAG_BUILD,
    outfile: 'dist/pimms.js',
    write: false,
    sourcemap: 'external',
  });
  const file = (suffix: string) => built.outputFiles.find(({ path }) => path.endsWith(suffix))!;
  return { code: file('.js').text, map: file('.js.map').text };
};

describe('orderForGzip', () => {
  it('moves function declarations and literal declarations, and never the statement that runs', () => {
    // Alike functions far apart: together, gzip packs them better.
    const alike = (name: string) =>
      `function ${name}(e){return e.querySelectorAll("[data-pimms-lead]").length+"${name}"}`;
    const code =
      '(()=>{' +
      alike('a') +
      'var b="pimms_id";function c(e){return e*2}var d={x:[1,/y/],z:"w"};' +
      alike('f') +
      'globalThis.out=[a(document),b,c(2),d.z,f(document)].join()})();';
    const ordered = orderForGzip(code).code;
    expect(ordered).not.toBe(code);
    expect(gzip(ordered)).toBeLessThan(gzip(code));
    expect(statementsOf(ordered).sort()).toEqual(statementsOf(code).sort());
    expect(
      ordered.endsWith('globalThis.out=[a(document),b,c(2),d.z,f(document)].join()})();'),
    ).toBe(true);
    // It does what it did.
    const run = (script: string) => {
      const global = { document: { querySelectorAll: () => [1, 2] } } as Record<string, unknown>;
      global.globalThis = global;
      runInNewContext(script, global);
      return global.out;
    };
    expect(run(ordered)).toBe(run(code));
  });

  it('leaves in place a declaration whose value runs code, and everything after it', () => {
    const tail = 'var b=a();function c(){return"pimms"}function d(){return"pimms"}c(d(b))})();';
    const code = '(()=>{function a(){return 1}function e(){return"pimms"}' + tail;
    // Only the two functions before `var b=a()` may move.
    expect(orderForGzip(code).code.endsWith(tail)).toBe(true);
    for (const script of [
      '(()=>{"use strict";function a(){}function b(){}a(b)})();',
      'function a(){}function b(){}a(b);',
      '(()=>{function a(){}function b(){}a(b)})(window);',
    ])
      expect(orderForGzip(script).code).toBe(script);
  });

  it("keeps dist/pimms.js's source map true: each mapped name still points into its own source file", async () => {
    const { code, map } = await esbuildOutput();
    const { code: minified, map: minifiedMap } = await secondPass(code, 2019, map);
    // One string from each of five source files.
    const marks = ['"pimms_ob_"', '"pimms_outbox"', '"first-click"', '/ e-?mail /', '"pimms_vid"'];
    const inOrder = (script: string) =>
      marks.slice().sort((a, b) => script.indexOf(a) - script.indexOf(b));
    // The pass did move them, so that their mappings had to move too.
    expect(inOrder(minified)).not.toEqual(inOrder(code));
    const trace = new TraceMap(minifiedMap as never);
    const sourceOf = (text: string) => {
      const column = minified.indexOf(text);
      expect(column).toBeGreaterThan(0);
      return originalPositionFor(trace, { line: 1, column }).source;
    };
    expect(sourceOf('"pimms_ob_"')).toMatch(/src\/snippet\/outbox\.ts$/);
    expect(sourceOf('"pimms_outbox"')).toMatch(/src\/snippet\/delivery\.ts$/);
    expect(sourceOf('"first-click"')).toMatch(/src\/snippet\/config\.ts$/);
    expect(sourceOf('/ e-?mail /')).toMatch(/src\/snippet\/form-fields\.ts$/);
    expect(sourceOf('"pimms_vid"')).toMatch(/src\/snippet\/visitor-id\.ts$/);
  });
});
