import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { tfjsPrebundle } from './scripts/tfjs-prebundle.ts';

export default defineConfig(async () => ({
  // tfjs from prebuilt bundles that Node loads as they are (why: scripts/tfjs-prebundle.ts).
  resolve: { alias: await tfjsPrebundle() },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/e2e/**'],
    environment: 'node',
    setupFiles: ['test/setup/tfjs.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One test file per core. Vitest's default keeps a core for itself, which on two cores halves
    // the work done; with tfjs prebuilt, its main process has little left to do once files start.
    maxWorkers: availableParallelism(),
    // Transformed modules kept on disk between runs: a second run of one file does not transform the engine again.
    experimental: { fsModuleCache: true },
  },
}));
