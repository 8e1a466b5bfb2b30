import { defineConfig } from 'vitest/config';
import { resolve } from 'node:path';

/** The browser suite: `vitest run --config test/e2e/vitest.config.ts` (npm run test:e2e). */
export default defineConfig({
  root: resolve(import.meta.dirname, '../..'),
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    environment: 'node',
    // one browser at a time: WebGPU through SwiftShader wants both cores
    fileParallelism: false,
    pool: 'forks',
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
