/**
 * `gatelab bench [canvas] [--json] [--quick]`: issue 8's benchmarks. Every
 * figure is a ratio measured side by side in one run, or a median of several
 * runs. Results go to bench/results/<date>-<host>.json. `bench canvas` runs
 * the browser section alone (npm run bench:canvas) and writes no file.
 */
import { cpus, hostname } from 'node:os';
import { join } from 'node:path';
import { startBackend } from '../backend';
import { CliError, EXIT } from '../io';
import { backends, editorLatency, engineOverhead, memory, plainVsTfjs, statsOverhead, timeToAccuracy } from '../bench/sections';
import { canvasWhileTraining, type CanvasFigures } from '../bench/canvas';
import { browserBackends, type BrowserChoice } from '../bench/browser-backends';
import { DEFAULT_STATS_EVERY, PLAIN_MAX_MACS } from '../../../engine';
import { saveFigures, sectionRunner, type Log } from '../bench/report';
import { perExample, type PerExample } from '../bench/per-example';
import { coldStart, type ColdStart } from '../bench/cold-start';
import { webgpuInNode, type WebGpuTiming } from '../bench/webgpu-node';

const BUDGET = { engineOverhead: 1.05, perExampleRatio: 3, coldMs: 2000, statsOverhead: 1.1, validateMs500: 16, compileMs: 100, canvasP95Ms: 20, longTaskMs: 50 };

const NO_CANVAS = { canvasP95Ms: null, canvasP50Ms: null, longTasks: null, longestTaskMs: null, canvas: null };

/** 6. Drags nodes while a preset trains (4 s quick, 10 s full); null figures without Chromium. */
async function canvasSection(log: Log, quick: boolean): Promise<{ canvasP95Ms: number | null; canvasP50Ms: number | null; longTasks: number | null; longestTaskMs: number | null; canvas: CanvasFigures | null }> {
  const c = await canvasWhileTraining(quick ? 4 : 10);
  if (!c) {
    log('6. canvas while training: skipped, Chromium is missing (GATELAB_CHROMIUM or /usr/bin/chromium)');
    return NO_CANVAS;
  }
  log(`6. canvas while training (${c.seconds.toFixed(1)} s drag of ${c.draggedNodes} nodes, ${c.movesPerS.toFixed(0)} moves/s; budget p95 ≤ ${BUDGET.canvasP95Ms} ms, no task > ${BUDGET.longTaskMs} ms)`);
  log(`   frame interval ms     p50 ${c.p50Ms.toFixed(1)}  p95 ${c.p95Ms.toFixed(1)}  max ${c.maxMs.toFixed(1)}  (${c.frames} frames)`);
  log(`   long tasks            ${c.longTasks}, longest ${c.longestTaskMs.toFixed(0)} ms (of which CPU at most ${c.longTaskMaxCpuMs.toFixed(0)} ms; load average ${c.loadAverage.toFixed(1)})`);
  log(`   training meanwhile    ${c.steps} steps, ${c.stepsPerS.toFixed(1)} steps/s on ${c.backend}`);
  if (c.pageErrors.length) log(`   page errors: ${c.pageErrors.join(' | ')}`);
  return { canvasP95Ms: c.p95Ms, canvasP50Ms: c.p50Ms, longTasks: c.longTasks, longestTaskMs: c.longestTaskMs, canvas: c };
}

/** 5 in Chromium: the editor's measured choice per preset (the quick run takes four). */
async function browserSection(log: Log, quick: boolean): Promise<Record<string, BrowserChoice> | null> {
  const r = await browserBackends(quick ? ['spiral-mlp', 'spiral-gated-mlp', 'topk-moe', 'tiny-transformer'] : undefined);
  if (!r) { log('5. in Chromium: skipped, Chromium is missing'); return null; }
  log("5. in Chromium: the editor's automatic choice, timed on each graph when it starts training");
  for (const [k, v] of Object.entries(r)) log(`   ${k.padEnd(28)} ${v.chosen.padEnd(7)} ${v.reason.replace(/^fastest on this graph: /, '')}`);
  return r;
}

/** 4 against Playground: the plain path's µs per training example beside a per-example MLP in Playground's style. */
async function perExampleSection(log: Log, quick: boolean): Promise<PerExample> {
  const r = await perExample([10, 64], [8, 16], quick ? 20_000 : 100_000, quick ? 3 : 5);
  log(`4. µs per training example, Playground's spiral network, SGD: plain path / per-example MLP in Playground's style (target ≥ 3×); the plain path with Adam`);
  for (const k of Object.keys(r.plainUsPerExample)) log(`   ${k.padEnd(8)} ${r.plainUsPerExample[k]!.toFixed(3).padStart(7)} / ${r.referenceUsPerExample[k]!.toFixed(3).padStart(7)}   ${r.ratio[k]!.toFixed(1)}×   ${r.plainGflops[k]!.toFixed(2)} GFLOP/s   Adam ${r.plainAdamUsPerExample[k]!.toFixed(3)} (${r.adamRatio[k]!.toFixed(1)}×)`);
  log(`   fixed cost per plain step: ${Object.entries(r.plainFixedUsPerStep).map(([k, v]) => `${k} ${v.toFixed(1)} µs`).join(', ')}; the fastest plain code here (a 16 → 16 layer over 4,096 rows): ${r.jsLimitGflops.toFixed(2)} GFLOP/s`);
  return r;
}

/** 8. Cold start of the production build in Chromium; null without Chromium. */
async function coldStartSection(log: Log, quick: boolean): Promise<ColdStart | null> {
  const r = await coldStart(quick ? 1 : 3);
  if (!r) { log('8. cold start: skipped, Chromium is missing'); return null; }
  log(`8. cold start, production build in headless Chromium (median of ${r.rounds.length} fresh browsers; budgets 2,000 ms each)`);
  log(`   page interactive ${r.interactiveMs} ms after navigation; first training step ${r.coldFirstStepMs} ms after pressing Train (${r.backend})`);
  log(`   JavaScript, gzip: page ${r.mainJsGzipKb.toFixed(0)} kB, training worker ${r.workerJsGzipKb.toFixed(0)} kB`);
  return r;
}

/** 9. tfjs's webgpu backend in Node on a GPU machine (docs/gpu.md). */
async function webgpuSection(log: Log, quick: boolean): Promise<{ webgpu: WebGpuTiming }> {
  const out = join('bench', 'results', 'webgpu-torch');
  const t = await webgpuInNode(out, quick ? 10 : 40);
  log(`9. tfjs webgpu in Node on ${t.adapter}: median ms per training step (PyTorch packages of the same models in ${out}; time them with app/cli/bench/torch-steps.py)`);
  for (const [k, v] of Object.entries(t.msPerStep)) log(`   ${k.padEnd(28)} ${v.toFixed(2)}   (${t.kernelsPerStep[k]} kernels)`);
  log(`   one small read back ${t.readMs.toFixed(2)} ms; one small op in a long chain ${t.opUs.toFixed(1)} µs`);
  log(`   ${Object.keys(t.msPerStep)[0]} by kernels per GPU submit: ${Object.entries(t.bySubmitBatch).map(([k, v]) => `${k}: ${v.toFixed(2)} ms`).join(', ')}`);
  return { webgpu: t };
}

/** Paired rounds of the timed sections: on a 2-core machine whole runs of 11 differed by ±3 %, as much as a budget's margin. */
const roundsOf = (quick: boolean) => (quick ? 3 : 21);

/** 1. The compiled step against the same model written by hand in tfjs. */
async function overheadSection(log: Log, quick: boolean): Promise<Record<string, number>> {
  const rounds = roundsOf(quick);
  const r = await engineOverhead(quick ? 60 : 200, rounds);
  log(`1. engine overhead (compiled / hand-written step, median of ${rounds} paired runs; budget ≤ ${BUDGET.engineOverhead})`);
  for (const [k, v] of Object.entries(r)) log(`   ${k.padEnd(28)} ${v.toFixed(3)}`);
  return r;
}

/** Sections that also run alone (`gatelab bench SECTION`): title, the backend they need, and their figures as one JSON object. */
const ALONE: Record<string, { title: string; backend?: 'wasm'; run: (log: Log, quick: boolean) => Promise<object | null> }> = {
  overhead: { title: '1. engine overhead', backend: 'wasm', run: async (log, quick) => ({ engineOverhead: await overheadSection(log, quick) }) },
  'per-example': { title: '4. per example', backend: 'wasm', run: perExampleSection },
  'browser-backends': { title: '5. in Chromium', run: async (log, quick) => ({ browserBackends: await browserSection(log, quick) }) },
  canvas: { title: '6. canvas while training', run: async (log, quick) => (await canvasSection(log, quick)) ?? NO_CANVAS },
  'cold-start': { title: '8. cold start', run: coldStartSection },
  webgpu: { title: '9. webgpu in Node', run: webgpuSection },
};

export async function benchCommand(json: boolean, quick: boolean, section?: string): Promise<number> {
  const log: Log = (s) => { if (!json) console.log(s); else process.stderr.write(`${s}\n`); };
  if (section !== undefined) {
    const one = ALONE[section];
    if (!one) throw new CliError(EXIT.usage, [`unknown benchmark section "${section}" (those that run alone: ${Object.keys(ALONE).join(', ')})`]);
    const alone = sectionRunner(log);
    if (one.backend) await startBackend(one.backend);
    const r = await alone.run(one.title, () => one.run(log, quick));
    if (json) console.log(JSON.stringify({ ...r, failedSections: alone.failed }));
    return alone.failed.length ? EXIT.invalid : EXIT.ok;
  }
  const backend = await startBackend(undefined);
  const rounds = roundsOf(quick);
  log(`GateLab benchmarks on ${backend}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}${quick ? ' (quick)' : ''}`);
  const sections = sectionRunner(log);

  const engine = await sections.run('1. engine overhead', () => overheadSection(log, quick));

  const stats = await sections.run('2. statistics overhead', async () => {
    const r = await statsOverhead(quick ? 40 : 100, rounds, DEFAULT_STATS_EVERY);
    log(`2. statistics overhead (every ${DEFAULT_STATS_EVERY} steps / none): ${r.toFixed(3)} (budget ≤ ${BUDGET.statsOverhead})`);
    return r;
  });

  const lat = await sections.run('3. editor latency', () => {
    const r = editorLatency([10, 100, 500]);
    log('3. editor latency (median ms)        nodes:   10      100      500');
    log(`   validate + shape inference              ${Object.values(r.validateMs).map((v) => v.toFixed(2).padStart(7)).join('  ')}  (budget < ${BUDGET.validateMs500} at 500)`);
    log(`   full compile                            ${Object.values(r.compileMs).map((v) => v.toFixed(2).padStart(7)).join('  ')}  (budget < ${BUDGET.compileMs})`);
    return r;
  });

  const tta = await sections.run('4. time to accuracy', async () => {
    const r = await timeToAccuracy(quick ? 3000 : 6000);
    log('4. time to 0.95 held-out accuracy on spiral (2 × 8 tanh)');
    for (const [k, v] of Object.entries(r)) log(`   ${k.padEnd(8)} ${Number.isFinite(v.ms) ? `${(v.ms / 1000).toFixed(2)} s, ${v.steps} steps` : `not reached in ${v.steps} steps`}`);
    return r;
  });
  const crossover = await sections.run('4. plain against tfjs', async () => {
    const r = await plainVsTfjs([8, 32, 64, 128, 256], quick ? 5 : 20);
    log(`   tfjs / plain step time, 2 hidden layers of width ${Object.keys(r).join(', ')}: ${Object.values(r).map((v) => v.toFixed(2)).join(', ')} (above 1: plain is faster; train() picks it below ${PLAIN_MAX_MACS} multiply-adds a batch)`);
    return r;
  });

  const perEx = await sections.run('4. per example', () => perExampleSection(log, quick));

  const be = await sections.run('5. backends', async () => {
    const r = await backends(['wasm', 'cpu'], quick ? 3 : 10);
    log('5. one training step per preset (median ms)      wasm      cpu   fastest');
    for (const [k, v] of Object.entries(r)) {
      const best = Object.entries(v).sort((a, b) => a[1] - b[1])[0]![0];
      log(`   ${k.padEnd(28)} ${(v.wasm ?? NaN).toFixed(2).padStart(9)} ${(v.cpu ?? NaN).toFixed(2).padStart(8)}   ${best}`);
    }
    return r;
  });
  await startBackend('wasm');
  const inBrowser = await sections.run('5. in Chromium', () => browserSection(log, quick));

  const mem = await sections.run('7. memory', async () => {
    const r = await memory(100, quick ? 400 : 2000);
    log(`7. memory growth from step 100 (of the last phase, where a preset has phases) to ${quick ? 400 : 2000} (tensors; heap)`);
    for (const [k, v] of Object.entries(r)) log(`   ${k.padEnd(28)} ${String(v.tensorGrowth).padStart(4)}  ${(100 * v.heapGrowth).toFixed(1).padStart(6)}%${v.from !== 100 ? `   (from step ${v.from})` : ''}`);
    return r;
  });
  const canvas = (await sections.run('6. canvas while training', () => canvasSection(log, quick))) ?? NO_CANVAS;
  const cold = await sections.run('8. cold start', () => coldStartSection(log, quick));

  const missed = [
    ...Object.entries(engine ?? {}).filter(([, v]) => v > BUDGET.engineOverhead).map(([k, v]) => `engineOverhead.${k} ${v.toFixed(2)} > ${BUDGET.engineOverhead}`),
    ...(stats !== null && stats > BUDGET.statsOverhead ? [`statsOverhead ${stats.toFixed(2)} > ${BUDGET.statsOverhead}`] : []),
    ...(lat && lat.validateMs[500]! >= BUDGET.validateMs500 ? [`validateMs at 500 nodes ${lat.validateMs[500]!.toFixed(1)} ≥ ${BUDGET.validateMs500}`] : []),
    ...Object.entries(lat?.compileMs ?? {}).filter(([, v]) => v >= BUDGET.compileMs).map(([k, v]) => `compileMs at ${k} nodes ${v.toFixed(0)} ≥ ${BUDGET.compileMs}`),
    ...Object.entries(mem ?? {}).filter(([, v]) => v.tensorGrowth !== 0 || v.heapGrowth >= 0.1).map(([k, v]) => `memory ${k}: ${v.tensorGrowth} tensors, heap ${(100 * v.heapGrowth).toFixed(1)}%`),
    ...(canvas.canvasP95Ms !== null && canvas.canvasP95Ms > BUDGET.canvasP95Ms ? [`canvasP95Ms ${canvas.canvasP95Ms.toFixed(1)} > ${BUDGET.canvasP95Ms}`] : []),
    ...(canvas.longTasks ? [`${canvas.longTasks} main-thread tasks over ${BUDGET.longTaskMs} ms`] : []),
    ...Object.entries(perEx?.ratio ?? {}).filter(([, v]) => v < BUDGET.perExampleRatio).map(([k, v]) => `plain path ${k}: ${v.toFixed(1)}× cheaper per example than the Playground-style MLP < ${BUDGET.perExampleRatio}×`),
    ...(cold && cold.interactiveMs > BUDGET.coldMs ? [`interactiveMs ${cold.interactiveMs} > ${BUDGET.coldMs}`] : []),
    ...(cold && cold.coldFirstStepMs > BUDGET.coldMs ? [`coldFirstStepMs ${cold.coldFirstStepMs} > ${BUDGET.coldMs}`] : []),
  ];
  log(missed.length ? `budgets missed: ${missed.join('; ')}` : 'every budget met');
  if (sections.failed.length) log(`sections failed: ${sections.failed.map((f) => f.section).join('; ')}`);
  const figures = {
    machine: { host: hostname(), cpus: cpus().length, cpu: cpus()[0]?.model ?? '', node: process.version },
    date: new Date().toISOString(), backend, quick,
    engineOverhead: engine, statsOverhead: stats, validateMs: lat?.validateMs ?? null, compileMs: lat?.compileMs ?? null,
    timeToAccuracy: tta, plainVsTfjs: crossover, backends: be, browserBackends: inBrowser,
    tensorGrowth: mem && Object.fromEntries(Object.entries(mem).map(([k, v]) => [k, v.tensorGrowth])),
    heapGrowth: mem && Object.fromEntries(Object.entries(mem).map(([k, v]) => [k, v.heapGrowth])),
    ...canvas,
    plainUsPerExample: perEx?.plainUsPerExample ?? null, referenceUsPerExample: perEx?.referenceUsPerExample ?? null, perExample: perEx,
    coldFirstStepMs: cold?.coldFirstStepMs ?? null, interactiveMs: cold?.interactiveMs ?? null,
    mainJsGzipKb: cold?.mainJsGzipKb ?? null, workerJsGzipKb: cold?.workerJsGzipKb ?? null, coldStart: cold,
    budgetsMissed: missed,
    failedSections: sections.failed,
  };
  saveFigures(figures, { dir: join('bench', 'results'), name: `${figures.date.slice(0, 10)}-${hostname()}${quick ? '-quick' : ''}`, json, log });
  return sections.failed.length ? EXIT.invalid : EXIT.ok;
}
