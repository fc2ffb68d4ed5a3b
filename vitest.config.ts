import { defineConfig } from 'vitest/config';

// Unit tests live next to the code they test (src/**/*.test.ts); testing/runtimes/ holds the relay
// run in real runtimes (workerd, Hono, Express, Next.js) and the README's tag and recipe checks;
// build/ and bench/ have tests of their own steps and statistics.
// Node is the default environment; browser-side modules opt into jsdom with a
// `// @vitest-environment jsdom` comment.
export default defineConfig({
  // The debug build's constant (src/globals.d.ts): unit tests see every debug message.
  define: { __DEBUG__: 'true' },
  test: {
    include: [
      'src/**/*.test.ts',
      'testing/runtimes/**/*.test.ts',
      'build/**/*.test.ts',
      'bench/**/*.test.ts',
    ],
    environment: 'node',
    restoreMocks: true,
    unstubGlobals: true,
  },
});
