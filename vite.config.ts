import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { serviceWorker } from './app/offline/serviceWorkerPlugin';

export default defineConfig({
  // Relative URLs: the build works from any folder of any static host (https://school.example/gatelab/).
  base: './',
  plugins: [react(), serviceWorker()],
  worker: { format: 'es' },
  optimizeDeps: {
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
