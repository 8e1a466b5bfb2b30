/**
 * Builds the app with vite and serves the build with vite preview on a free
 * localhost port: the browser benchmarks and the e2e suite's global setup both
 * open the app this way.
 */
import { createServer } from 'node:net';
import { build, preview } from 'vite';

/** Builds the app at `root` (where index.html is) into `outDir`; returns the ms it took. */
export async function buildApp(root: string, outDir: string): Promise<number> {
  const t0 = Date.now();
  // Vitest sets NODE_ENV=test, which would ship React's development build: test what people deploy.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    // pluginTimings: on 2 busy cores rolldown otherwise warns, at length, that plugins took most of the build
    await build({ root, mode: 'production', logLevel: 'warn', build: { outDir, emptyOutDir: true, rolldownOptions: { checks: { pluginTimings: false } } } });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  return Date.now() - t0;
}

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.unref();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => ok(port));
    });
  });
}

/** Serves a build folder; `close` stops the server. */
export async function serveApp(root: string, outDir: string): Promise<{ url: string; close(): Promise<void> }> {
  const port = await freePort();
  const server = await preview({ root, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port, strictPort: true, open: false } });
  return { url: server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${port}/`, close: () => server.close() };
}
