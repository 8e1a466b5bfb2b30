import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Writes sw.js beside index.html from app/offline/sw.template.js, with the list
 * of files the build wrote and a version made from their names (build only:
 * the dev server has no service worker).
 */
function serviceWorker(): Plugin {
  return {
    name: 'gatelab-service-worker',
    apply: 'build',
    // The page registers sw.js only where the build wrote one (whatever NODE_ENV the build ran under).
    config: () => ({ define: { 'import.meta.env.GATELAB_OFFLINE': 'true' } }),
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((f) => !f.endsWith('.map')).sort().map((f) => `./${f}`);
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 12);
      const source = readFileSync(resolve(import.meta.dirname, 'app/offline/sw.template.js'), 'utf8')
        .replace('__VERSION__', version)
        .replace('__FILES__', JSON.stringify(files, null, 2));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

export default defineConfig({
  // Relative URLs: the build works from any folder of any static host (https://school.example/gatelab/).
  base: './',
  plugins: [react(), serviceWorker()],
  worker: { format: 'es' },
  optimizeDeps: {
    // Scan the editor only: examples/ import the published gatelab/runtime, which exists only once packed.
    entries: ['index.html'],
    // tfjs-core's deep import must be pre-bundled with tfjs-core itself, or dev mode loads two copies of
    // the core (two engines, two flag registries) and tfjs fails with "Cannot evaluate flag".
    include: [
      '@tensorflow/tfjs-core',
      '@tensorflow/tfjs-core/dist/register_all_gradients',
      '@tensorflow/tfjs-backend-cpu',
      '@tensorflow/tfjs-backend-webgl',
      '@tensorflow/tfjs-backend-webgpu',
      '@tensorflow/tfjs-backend-wasm',
    ],
  },
  build: { target: 'es2022', chunkSizeWarningLimit: 3000 },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
