import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  // The wasm backend's files are served as assets (imported with ?url) rather than pre-bundled.
  optimizeDeps: { exclude: ['@tensorflow/tfjs-backend-wasm'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 3000 },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
