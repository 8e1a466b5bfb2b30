/**
 * tfjs as prebuilt ES modules for the unit tests.
 *
 * Node cannot load tfjs the way the engine imports it: the package entry Node picks is a
 * CommonJS bundle without the gradients, and the deep ES-module paths such as
 * `@tensorflow/tfjs-core/dist/register_all_gradients` import their neighbours without file
 * extensions, which Node's loader refuses. Pushing all of tfjs through Vite's transform
 * instead cost every test file about 8 s. So esbuild bundles each entry once into
 * node_modules/.cache (shared chunks: one tfjs-core, one engine, one kernel registry), and
 * vitest.config.ts points the imports at those files, which Node then loads as they are.
 */
import { build } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

/** Import specifier → bundle file name. */
const ENTRIES = {
  '@tensorflow/tfjs-core': 'core',
  '@tensorflow/tfjs-core/dist/register_all_gradients': 'gradients',
  '@tensorflow/tfjs-backend-cpu': 'backend-cpu',
  '@tensorflow/tfjs-backend-wasm': 'backend-wasm',
  '@tensorflow/tfjs-layers': 'layers',
};

const packageDir = (name: string): string => dirname(require.resolve(`${name}/package.json`));
const version = (name: string): string => JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')).version;

/** Builds the bundles when missing or stale; returns the alias table for Vite. */
export async function tfjsPrebundle(): Promise<{ find: RegExp; replacement: string }[]> {
  const outdir = join(root, 'node_modules', '.cache', 'gatelab', 'tfjs');
  const packages = [...new Set(Object.keys(ENTRIES).map((s) => s.split('/').slice(0, 2).join('/')))];
  const stamp = JSON.stringify({ root, script: readFileSync(fileURLToPath(import.meta.url), 'utf8'), versions: packages.map(version) });
  const stampFile = join(outdir, 'stamp.json');
  if (!existsSync(stampFile) || readFileSync(stampFile, 'utf8') !== stamp) {
    // Built aside and moved in place: test runs started together never see half a bundle.
    const tmp = `${outdir}.${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    await build({
      entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([spec, name]) => [name, spec])),
      bundle: true, splitting: true, format: 'esm', platform: 'node', target: 'node20',
      mainFields: ['module', 'main'], outdir: tmp, logLevel: 'error',
      // The wasm backend finds its .wasm files through `__dirname` and loads Node modules with `require`.
      banner: { js: `import { createRequire as __gatelabRequire } from 'node:module'; const require = __gatelabRequire(import.meta.url); const __dirname = ${JSON.stringify(join(packageDir('@tensorflow/tfjs-backend-wasm'), 'dist') + '/')};` },
    });
    writeFileSync(join(tmp, 'stamp.json'), stamp);
    mkdirSync(dirname(outdir), { recursive: true });
    rmSync(outdir, { recursive: true, force: true });
    try { renameSync(tmp, outdir); } catch { rmSync(tmp, { recursive: true, force: true }); }
  }
  return Object.entries(ENTRIES).map(([spec, name]) => ({ find: new RegExp(`^${spec}$`), replacement: join(outdir, `${name}.js`) }));
}
