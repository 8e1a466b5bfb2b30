/**
 * Builds the app once (vite build) and serves it with vite preview on a free
 * localhost port for the whole e2e run. GATELAB_E2E_SKIP_BUILD=1 reuses the
 * last build while iterating on tests.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildApp, serveApp } from '../../app/cli/bench/serve';

const ROOT = resolve(import.meta.dirname, '../..');
export const OUT_DIR = resolve(ROOT, 'test-results/e2e-build');

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const reuse = process.env.GATELAB_E2E_SKIP_BUILD === '1' && existsSync(resolve(OUT_DIR, 'index.html'));
  if (!reuse) {
    const ms = await buildApp(ROOT, OUT_DIR);
    console.log(`e2e: built the app in ${(ms / 1000).toFixed(1)} s`);
  }
  const server = await serveApp(ROOT, OUT_DIR);
  project.provide('baseURL', server.url);
  return () => server.close();
}
