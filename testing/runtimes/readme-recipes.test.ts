// The README's runtime recipes are the files the runtime tests run, verbatim.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

const RECIPES = [
  'testing/runtimes/next/app/api/pimms/lead/route.ts',
  'testing/runtimes/cloudflare-worker/worker.ts',
  'testing/runtimes/hono/server.ts',
  'testing/runtimes/express/server.ts',
];

it.each(RECIPES)('README.md shows %s verbatim', (file) => {
  const readme = readFileSync('README.md', 'utf8');
  const block = '```ts\n' + readFileSync(file, 'utf8') + '```\n';
  expect(
    readme.includes(block),
    `README.md "Where the relay runs" must show ${file} as it is: paste the file into its \`\`\`ts block`,
  ).toBe(true);
});
