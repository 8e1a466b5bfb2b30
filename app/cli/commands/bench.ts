/**
 * `gatelab bench [--json] [--quick]`: issue 8's benchmarks. Every figure is a
 * ratio measured side by side in one run, or a median of several runs.
 * Results go to bench/results/<date>-<host>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, hostname } from 'node:os';
import { join } from 'node:path';
import { startBackend } from '../backend';
import { EXIT } from '../io';
import { backends, editorLatency, engineOverhead, memory, statsOverhead, timeToAccuracy } from '../bench/sections';
import { DEFAULT_STATS_EVERY } from '../../../engine';

const BUDGET = { engineOverhead: 1.1, statsOverhead: 1.1, validateMs500: 16, compileMs: 100 };

export async function benchCommand(json: boolean, quick: boolean): Promise<number> {
  const log = (s: string) => { if (!json) console.log(s); else process.stderr.write(`${s}\n`); };
  const backend = await startBackend(undefined);
  const rounds = quick ? 3 : 7;
  log(`GateLab benchmarks on ${backend}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}${quick ? ' (quick)' : ''}`);

  const engine = await engineOverhead(quick ? 60 : 200, rounds);
  log(`1. engine overhead (compiled / hand-written step, median of ${rounds} paired runs; budget ≤ ${BUDGET.engineOverhead})`);
  for (const [k, v] of Object.entries(engine)) log(`   ${k.padEnd(28)} ${v.toFixed(3)}`);

  const stats = await statsOverhead(quick ? 40 : 100, rounds, DEFAULT_STATS_EVERY);
  log(`2. statistics overhead (every ${DEFAULT_STATS_EVERY} steps / none): ${stats.toFixed(3)} (budget ≤ ${BUDGET.statsOverhead})`);

  const lat = editorLatency([10, 100, 500]);
  log('3. editor latency (median ms)        nodes:   10      100      500');
  log(`   validate + shape inference              ${Object.values(lat.validateMs).map((v) => v.toFixed(2).padStart(7)).join('  ')}  (budget < ${BUDGET.validateMs500} at 500)`);
  log(`   full compile                            ${Object.values(lat.compileMs).map((v) => v.toFixed(2).padStart(7)).join('  ')}  (budget < ${BUDGET.compileMs})`);

  const tta = await timeToAccuracy(quick ? 3000 : 6000);
  log('4. time to 0.95 held-out accuracy on spiral (2 × 8 tanh)');
  for (const [k, v] of Object.entries(tta)) log(`   ${k.padEnd(8)} ${Number.isFinite(v.ms) ? `${(v.ms / 1000).toFixed(2)} s, ${v.steps} steps` : `not reached in ${v.steps} steps`}`);

  const be = await backends(['wasm', 'cpu'], quick ? 3 : 10);
  log('5. one training step per preset (median ms)      wasm      cpu   fastest');
  for (const [k, v] of Object.entries(be)) {
    const best = Object.entries(v).sort((a, b) => a[1] - b[1])[0]![0];
    log(`   ${k.padEnd(28)} ${(v.wasm ?? NaN).toFixed(2).padStart(9)} ${(v.cpu ?? NaN).toFixed(2).padStart(8)}   ${best}`);
  }
  await startBackend('wasm');

  const mem = await memory(100, quick ? 400 : 2000);
  log(`7. memory growth from step 100 to ${quick ? 400 : 2000} (tensors; heap)`);
  for (const [k, v] of Object.entries(mem)) log(`   ${k.padEnd(28)} ${String(v.tensorGrowth).padStart(4)}  ${(100 * v.heapGrowth).toFixed(1).padStart(6)}%`);
  log('6. canvas while training: measured in Chromium by test/e2e (npm run bench:canvas)');

  const figures = {
    machine: { host: hostname(), cpus: cpus().length, cpu: cpus()[0]?.model ?? '', node: process.version },
    date: new Date().toISOString(), backend, quick,
    engineOverhead: engine, statsOverhead: stats, validateMs: lat.validateMs, compileMs: lat.compileMs,
    timeToAccuracy: tta, backends: be,
    tensorGrowth: Object.fromEntries(Object.entries(mem).map(([k, v]) => [k, v.tensorGrowth])),
    heapGrowth: Object.fromEntries(Object.entries(mem).map(([k, v]) => [k, v.heapGrowth])),
  };
  const dir = join('bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${figures.date.slice(0, 10)}-${hostname()}${quick ? '-quick' : ''}.json`);
  writeFileSync(file, JSON.stringify(figures, null, 2) + '\n');
  log(`figures written to ${file}`);
  if (json) console.log(JSON.stringify(figures));
  return EXIT.ok;
}
