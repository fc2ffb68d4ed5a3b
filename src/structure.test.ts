// What ARCHITECTURE.md says of the source tree, checked: one folder per part and the shared rules;
// no import circle; no part importing from a part above it (the playground may use all, the relay
// and the sandbox the shared rules, the snippet the shared rules only); every source file reached
// from an entry point, so that none is a production file only tests use.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = import.meta.dirname;

/** The entry points: the package's exports, the pasted stub, the commands. */
const ENTRIES = [
  'snippet/index.ts',
  'snippet/module.ts',
  'snippet/stub.ts',
  'relay/index.ts',
  'relay/node.ts',
  'relay/redis/index.ts',
  'relay/redis/worker-main.ts',
  'sandbox/index.ts',
  'playground/main.ts',
];

/** What each part may import besides itself. */
const MAY_IMPORT: Record<string, string[]> = {
  shared: [],
  snippet: ['shared'],
  relay: ['shared'],
  sandbox: ['shared'],
  playground: ['shared', 'snippet', 'relay', 'sandbox'],
};

/** Every source file under src/ but the tests and type declarations, relative to src/. */
function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(entry.name) && !/\.(test|d)\.ts$/.test(entry.name)
      ? [relative(SRC, path)]
      : [];
  });
}

/** The files under src/ that a file imports (static, type-only and dynamic imports alike). */
function importsOf(file: string): string[] {
  const code = readFileSync(join(SRC, file), 'utf8');
  const specifiers = [...code.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((m) => m[1]!);
  return specifiers.map((specifier) => relative(SRC, resolve(SRC, dirname(file), specifier)));
}

const files = sourceFiles();
const graph = new Map(files.map((file) => [file, importsOf(file)]));
const part = (file: string) => file.split('/')[0]!;

describe('the source tree', () => {
  it('imports only files that exist, within src/', () => {
    const missing = [...graph].flatMap(([file, imports]) =>
      imports.filter((target) => !graph.has(target)).map((target) => `${file} -> ${target}`),
    );
    expect(missing).toEqual([]);
  });

  it('has no import circle', () => {
    const circles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) == 'done') return;
      if (state.get(file) == 'open') {
        circles.push([...path.slice(path.indexOf(file)), file].join(' -> '));
        return;
      }
      state.set(file, 'open');
      for (const target of graph.get(file) ?? []) visit(target, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(circles).toEqual([]);
  });

  it('has no part importing from a part above it', () => {
    const upward = [...graph].flatMap(([file, imports]) =>
      imports
        .filter((target) => part(target) != part(file))
        .filter((target) => !(MAY_IMPORT[part(file)] ?? []).includes(part(target)))
        .map((target) => `${file} -> ${target}`),
    );
    expect(upward).toEqual([]);
  });

  it('reaches every source file from an entry point: none is there for the tests alone', () => {
    const reached = new Set<string>();
    const visit = (file: string) => {
      if (reached.has(file)) return;
      reached.add(file);
      for (const target of graph.get(file) ?? []) visit(target);
    };
    for (const entry of ENTRIES) visit(entry);
    expect(files.filter((file) => !reached.has(file))).toEqual([]);
  });
});
