import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/e2e/**'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // tfjs-core's deep imports (register_all_gradients) are bundler-style: let Vite resolve them.
    server: { deps: { inline: [/@tensorflow/] } },
  },
});
