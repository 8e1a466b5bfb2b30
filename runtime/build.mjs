// Builds gatelab/runtime into runtime/dist: one ESM file (tfjs-core left to the page, as a peer)
// and its type declarations. Run by `npm pack` (prepack) and `npm run build:runtime`.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'runtime', 'dist');
rmSync(out, { recursive: true, force: true });

// Node types point their PyTorch module at `./x.py?raw`, loaded only by the PyTorch export: none of it ships.
const noPython = {
  name: 'no-python',
  setup(b) {
    b.onResolve({ filter: /\.py\?raw$/ }, () => ({ path: 'python', namespace: 'no-python' }));
    b.onLoad({ filter: /.*/, namespace: 'no-python' }, () => ({ contents: 'export default ""', loader: 'js' }));
  },
};

const result = await build({
  entryPoints: [join(root, 'runtime', 'index.ts')],
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  outfile: join(out, 'index.js'),
  external: ['@tensorflow/tfjs-core'],
  plugins: [noPython],
  metafile: true,
  logLevel: 'error',
});
// The engine's graph, node and model-file code and zod, nothing else: no editor, no CLI.
const strays = Object.keys(result.metafile.inputs).filter((f) => !/^(engine|runtime|node_modules\/zod)\/|^no-python:/.test(f));
if (strays.length) throw new Error(`the runtime must not bundle ${strays.slice(0, 5).join(', ')}`);

// Declarations: tsc writes one per source file; the entry's own is self-contained (its public types are declared there).
const tmp = mkdtempSync(join(tmpdir(), 'gatelab-dts-'));
try {
  execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(root, 'runtime', 'tsconfig.json'), '--outDir', tmp], { stdio: 'inherit' });
  const dts = readFileSync(join(tmp, 'runtime', 'index.d.ts'), 'utf8');
  const local = dts.match(/from ['"]\.{1,2}\/[^'"]*['"]/);
  if (local) throw new Error(`runtime/index.d.ts must not import the engine (${local[0]}): declare the public types in runtime/index.ts`);
  writeFileSync(join(out, 'index.d.ts'), dts);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
