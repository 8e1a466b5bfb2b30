#!/usr/bin/env node
// Launcher for the GateLab CLI. tfjs-core's deep imports are bundler-style, which
// Node's own ESM loader cannot resolve, so the TypeScript entry is bundled with
// esbuild into node_modules/.cache on first use and whenever a source changes.
import { build } from 'esbuild';
import { existsSync, readFileSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'node_modules', '.cache', 'gatelab', 'cli.mjs');

// Every file counts, the .py modules the export ships as text included.
function newestSource(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return t;
}

// `import source from './x.py?raw'` (as Vite reads it; .proto too): the file's text as a string.
const rawPython = {
  name: 'raw-python',
  setup(b) {
    b.onResolve({ filter: /\.(py|proto)\?raw$/ }, (a) => ({ path: join(a.resolveDir, a.path.slice(0, -'?raw'.length)), namespace: 'raw-python' }));
    b.onLoad({ filter: /.*/, namespace: 'raw-python' }, (a) => ({ contents: readFileSync(a.path, 'utf8'), loader: 'text', watchFiles: [a.path] }));
  },
};

const sources = [join(root, 'engine'), join(root, 'app', 'cli')];
const stale = !existsSync(out) || statSync(out).mtimeMs < Math.max(...sources.map(newestSource));
if (stale) {
  const started = new Date();
  await build({
    entryPoints: [join(root, 'app', 'cli', 'main.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: out,
    mainFields: ['module', 'main'],
    logLevel: 'error',
    plugins: [rawPython],
    // Loaded from node_modules at run time (the canvas benchmark): vite has native parts, playwright reads its own files.
    external: ['vite', 'playwright-core'],
    // The wasm backend looks for its .wasm files beside its own module.
    // The bundle sits in node_modules/.cache/gatelab, two levels below node_modules.
    banner: { js: "import { createRequire as __gatelabRequire } from 'node:module'; import { fileURLToPath as __gatelabPath } from 'node:url'; const require = __gatelabRequire(import.meta.url); const __dirname = __gatelabPath(new URL('../../@tensorflow/tfjs-backend-wasm/dist/', import.meta.url));" },
  });
  // Dated when the build began: a source saved during the build is newer, so the next run rebuilds.
  utimesSync(out, started, started);
}
await import(pathToFileURL(out).href);
