/** The benchmark sections of issue 8; each returns plain figures. */
import * as tf from '@tensorflow/tfjs-core';
import {
  compile, generateDataset, prepareData, train, validateGraph, registry, PRESETS, chooseBackend, type Compiled,
  type Graph, type Session, type BackendName, batchOf, trainingSchedule, createRng,
} from '../../../engine';
import { gatedAttentionTransformer, generatedGraph, playgroundSpiral, spiralGatedMlp, topKMoE } from './graphs';
import { gatedAttentionTransformer as handAttention, gatedMlp as handMlp, handStep, topKMoE as handMoE, varsOf, type HandForward } from './hand-models';
import { median, paired, timeIt } from './timing';

export function compiled(graph: Graph): { c: Compiled; session: Session; dispose(): void } {
  const r = compile(graph);
  if (!r.ok) throw new Error(`${graph.name}: ${r.errors.map((e) => e.message).join('; ')}`);
  const session = prepareData(r.value, generateDataset(graph));
  return { c: r.value, session, dispose: () => { session.dispose(); r.value.model.dispose(); } };
}

export async function engineSteps(c: Compiled, session: Session, steps: number, statsEvery = 0): Promise<void> {
  for await (const e of train(c, session, { steps, evalEvery: 0, finalEval: false, statsEvery, stepMetrics: false, path: 'tfjs' })) void e;
}

/** 1. A compiled training step against the same model written by hand (same weights, batches, backend). */
export async function engineOverhead(steps: number, rounds: number): Promise<Record<string, number>> {
  const models: [string, Graph, (m: Compiled) => HandForward][] = [
    ['spiralGatedMlp', spiralGatedMlp(), (c) => handMlp(varsOf(c.model))],
    ['gatedAttentionTransformer', gatedAttentionTransformer(), (c) => handAttention(varsOf(c.model), 4)],
    ['topKMoE', topKMoE(), (c) => handMoE(varsOf(c.model), 2, 0.1)],
  ];
  const out: Record<string, number> = {};
  for (const [name, graph, hand] of models) {
    const { c, session, dispose } = compiled(graph);
    const vars = [...c.model.variables.values()];
    const opt = tf.train.adam(graph.training.optimizer.learningRate);
    const step = handStep(hand(c), vars, opt);
    const rng = createRng(1);
    const handSteps = async () => {
      for (let i = 0; i < steps; i++) {
        const idx = Int32Array.from({ length: graph.training.batchSize }, () => rng.int(session.train.size));
        const b = tf.tidy(() => { const x = batchOf(session.train, tf.tensor1d(idx, 'int32')); return { ...x }; });
        await step(b.feeds, b.target, b.mask);
        tf.dispose([...Object.values(b.feeds), b.target, ...(b.mask ? [b.mask] : [])]);
      }
    };
    const r = await paired(() => engineSteps(c, session, steps), handSteps, rounds);
    out[name] = r.ratio;
    opt.dispose();
    dispose();
  }
  return out;
}

/** 2. Training with statistics on their default schedule against none. */
export async function statsOverhead(steps: number, rounds: number, statsEvery: number): Promise<number> {
  const { c, session, dispose } = compiled(gatedAttentionTransformer());
  const r = await paired(() => engineSteps(c, session, steps, statsEvery), () => engineSteps(c, session, steps, 0), rounds);
  dispose();
  return r.ratio;
}

/** 3. Validation (with shape inference) and a full compile on generated graphs. */
export function editorLatency(sizes: number[]): { validateMs: Record<string, number>; compileMs: Record<string, number> } {
  const validateMs: Record<string, number> = {}, compileMs: Record<string, number> = {};
  for (const n of sizes) {
    const g = generatedGraph(n);
    validateGraph(g, registry);
    const v: number[] = [];
    for (let i = 0; i < 15; i++) { const t0 = performance.now(); validateGraph(g, registry); v.push(performance.now() - t0); }
    const c: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const r = compile(g);
      c.push(performance.now() - t0);
      if (r.ok) r.value.model.dispose();
    }
    validateMs[n] = median(v);
    compileMs[n] = median(c);
  }
  return { validateMs, compileMs };
}

/**
 * 4. Wall time and steps to 0.95 held-out accuracy on spiral: tfjs against the engine's
 * plain-JavaScript path (what `train` picks for this graph by itself).
 */
export async function timeToAccuracy(maxSteps: number): Promise<Record<string, { ms: number; steps: number; accuracy: number }>> {
  const out: Record<string, { ms: number; steps: number; accuracy: number }> = {};
  for (const [name, path] of [['tfjs', 'tfjs'], ['plainJs', 'auto']] as const) {
    const { c, session, dispose } = compiled(playgroundSpiral());
    out[name] = { ms: NaN, steps: maxSteps, accuracy: 0 };
    const t0 = performance.now();
    for await (const e of train(c, session, { steps: maxSteps, evalEvery: 25, path })) {
      if (e.kind === 'eval' && (e.accuracy ?? 0) >= 0.95) { out[name] = { ms: performance.now() - t0, steps: e.step, accuracy: e.accuracy! }; break; }
    }
    dispose();
  }
  return out;
}

/**
 * Where the plain path stops paying: median ms of a training step, tfjs over plain,
 * for a 2-hidden-layer MLP of each width at batch 64 (above 1 the plain path is faster).
 */
export async function plainVsTfjs(widths: number[], steps: number): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const w of widths) {
    const g = playgroundSpiral();
    g.nodes.forEach((n) => { if (n.type === 'Dense' && n.id !== 'logits') n.params = { units: w }; });
    g.training = { ...g.training, batchSize: 64 };
    const ms: Record<string, number> = {};
    for (const path of ['tfjs', 'plain'] as const) {
      const { c, session, dispose } = compiled(g);
      const times: number[] = [];
      for await (const e of train(c, session, { steps: steps + 2, evalEvery: 0, finalEval: false, path })) if (e.kind === 'step' && e.step > 2) times.push(e.ms);
      ms[path] = median(times);
      dispose();
    }
    out[w] = ms.tfjs! / ms.plain!;
  }
  return out;
}

/** 5. Median ms of one training step of every preset on each backend. */
export async function backends(names: readonly BackendName[], steps: number): Promise<Record<string, Record<string, number>>> {
  const out: Record<string, Record<string, number>> = {};
  for (const b of names) {
    await chooseBackend([b]);
    for (const p of PRESETS) {
      const { c, session, dispose } = compiled(p.graph);
      const ms: number[] = [];
      for await (const e of train(c, session, { steps: steps + 2, evalEvery: 0, finalEval: false, path: 'tfjs' })) if (e.kind === 'step' && e.step > 2) ms.push(e.ms);
      (out[p.slug] ??= {})[b] = median(ms);
      dispose();
    }
  }
  return out;
}

/**
 * 7. Tensors and JS heap after `short` and after `long` steps of every preset. A preset
 * with phases gets a fresh optimizer per phase (more or fewer moments), so its first
 * reading is taken `short` steps into its last phase: steady state, like the others.
 */
export async function memory(short: number, long: number): Promise<Record<string, { tensorGrowth: number; heapGrowth: number; from: number }>> {
  const out: Record<string, { tensorGrowth: number; heapGrowth: number; from: number }> = {};
  for (const p of PRESETS) {
    const { c, session, dispose } = compiled(p.graph);
    const lastStart = trainingSchedule(p.graph.training, { steps: long }).phases.at(-1)?.start ?? 0;
    const from = Math.min(lastStart + short, lastStart + Math.floor((long - lastStart) / 2));
    let t1 = 0, h1 = 0, t2 = 0, h2 = 0;
    for await (const e of train(c, session, { steps: long, evalEvery: 0, finalEval: false, statsEvery: 50 })) {
      if (e.kind !== 'step') continue;
      if (e.step === from) { globalThis.gc?.(); t1 = tf.memory().numTensors; h1 = process.memoryUsage().heapUsed; }
      if (e.step === long) { globalThis.gc?.(); t2 = tf.memory().numTensors; h2 = process.memoryUsage().heapUsed; }
    }
    out[p.slug] = { tensorGrowth: t2 - t1, heapGrowth: h2 / h1 - 1, from };
    dispose();
  }
  return out;
}

export { timeIt };
