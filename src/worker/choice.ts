/**
 * Choosing the compute backend, put into words for the training panel: the
 * one the person asked for, or, when the choice is automatic, the one that
 * trained this graph fastest in a short warm-up measurement (remembered per
 * graph structure for the session, so a restart does not measure again).
 * Backend packages are registered by backends.ts; this file only chooses.
 */
import * as tf from '@tensorflow/tfjs-core';
import { chooseBackend, compile, generateDataset, measureBackends, prepareData, timeSteps, trainingPath, warmUp, type BackendName, type BackendTiming, type Graph } from '../../engine';
import { BACKEND_ORDER, type BackendInfo, type BackendRequest } from './protocol';

/** Why a backend that did not register is missing, in words. */
function missingWhy(name: BackendName): string {
  if (name === 'webgpu') return typeof navigator !== 'undefined' && 'gpu' in navigator ? 'WebGPU offered no adapter' : 'this browser offers no WebGPU';
  if (name === 'webgl') return 'this browser offers no WebGL here';
  return 'not available in this build';
}

const inWords = (f: { name: BackendName; error: string }) => (f.error === 'not available in this build' || f.error === 'did not start' ? { ...f, error: missingWhy(f.name) } : f);

/** Picks a backend (requested first, then the fixed order), skipping `exclude` even when requested. */
export async function pickBackend(requested: BackendRequest, exclude: readonly BackendName[] = []): Promise<BackendInfo> {
  const order = BACKEND_ORDER.filter((b) => !exclude.includes(b));
  const wanted = requested === 'auto' || exclude.includes(requested) ? undefined : requested;
  const choice = await chooseBackend(order, wanted);
  const failed = [...exclude.map((name) => ({ name, error: 'failed during training' })), ...choice.failed.map(inWords)];
  const because = failed.map((f) => `${f.name}: ${f.error}`).join('; ');
  const reason = requested !== 'auto' && choice.name === requested ? 'chosen by you'
    : requested !== 'auto' ? `you asked for ${requested}, but ${because}`
    : failed.length === 0 ? 'automatic: measured on the graph when it starts training'
    : `automatic: ${because}`;
  return { name: choice.name, reason, failed, requested };
}

/**
 * The order backends are measured in: wasm first, a sure baseline that starts
 * at once; the GPUs next, as they win big graphs; cpu last, since it rarely
 * wins and a slow cpu warm-up must not use up the time the GPUs need.
 */
export const MEASURE_ORDER: readonly BackendName[] = ['wasm', 'webgpu', 'webgl', 'cpu'];

/**
 * Keeps the measurement short: a warm-up and 3 timed steps each, about 1.5 s in
 * all, and a warm-up 50 times slower than the quickest (shaders compiling on
 * a software GPU) is given up on.
 */
const MEASURE = { steps: 3, budgetMs: 1500, slowerThan: 50, totalMs: 1500 };

/** What changes a step's speed: nodes, their params, edges, batch size and dataset; not positions, labels or the seed. */
export function graphKey(graph: Graph): string {
  const text = JSON.stringify([
    graph.nodes.map((n) => [n.id, n.type, n.params ?? {}]),
    graph.edges.map((e) => [e.source, e.sourceHandle, e.target, e.targetHandle]),
    graph.training.batchSize,
    graph.training.dataset,
  ]);
  // FNV-1a: a short key; the cache only lives for the session.
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return `${h.toString(16)}:${text.length}`;
}

const ms = (v: number) => (v < 10 ? v.toFixed(1) : String(Math.round(v)));

/** "wasm 4.1 ms/step, webgl 12 ms, cpu 20 ms; webgpu: first step took over 1500 ms" (timings fastest first). */
export function describeTimings(timings: readonly BackendTiming[]): string {
  const timed = timings.filter((t) => Number.isFinite(t.msPerStep)).map((t, i) => `${t.name} ${ms(t.msPerStep)} ms${i === 0 ? '/step' : ''}`);
  const not = timings.filter((t) => !Number.isFinite(t.msPerStep)).map((t) => `${t.name}: ${inWords({ name: t.name, error: t.error ?? 'failed' }).error}`);
  return [timed.join(', '), ...not].filter(Boolean).join('; ');
}

/** Measurements by graphKey, fastest first. */
const measured = new Map<string, BackendTiming[]>();

/** Whether this graph's backends were timed in this session (pickFastest then answers at once). */
export function isMeasured(graph: Graph): boolean {
  return measured.has(graphKey(graph));
}

/**
 * The fastest backend for this graph, not counting `exclude`, measured on its
 * first run and remembered after; leaves that backend set. Throws when none
 * could train the graph.
 */
export async function pickFastest(graph: Graph, exclude: readonly BackendName[] = [], candidates: readonly BackendName[] = MEASURE_ORDER): Promise<BackendInfo> {
  const key = graphKey(graph);
  let timings = measured.get(key);
  const earlier = timings !== undefined;
  if (!timings) {
    const data = generateDataset(graph);
    timings = await measureBackends(candidates.filter((b) => !exclude.includes(b)), (n) => timeSteps(graph, n, data), { ...MEASURE, warmUp: () => warmUp(graph, data) });
    measured.set(key, timings);
  }
  const usable = timings.filter((t) => !exclude.includes(t.name));
  const best = usable[0];
  if (!best || !Number.isFinite(best.msPerStep)) throw new Error(`no backend could train this graph: ${describeTimings(timings)}`);
  if (!(await tf.setBackend(best.name))) throw new Error(`${best.name} did not start again`);
  await tf.ready();
  const failed = [
    ...exclude.map((name) => ({ name, error: 'failed during training' })),
    // A warm-up too slow to time further, or one never started, is not a failure.
    ...usable.filter((t) => !Number.isFinite(t.msPerStep) && t.firstMs === undefined && !t.error?.startsWith('not measured')).map((t) => inWords({ name: t.name, error: t.error ?? 'failed' })),
  ];
  const lost = exclude.length ? `; ${exclude.join(', ')}: failed during training` : '';
  return { name: best.name, reason: `fastest on this graph${earlier ? ' (measured at its first run)' : ''}: ${describeTimings(usable)}${lost}`, failed, requested: 'auto' };
}

/**
 * A small 2-D graph of nodes with plain kernels (dense layers, activations, element-wise
 * gates, residual forms) trains in plain JavaScript whatever the backend
 * (engine/train/plain), so measuring backends would time nothing that matters: the
 * backend only evaluates, probes and draws the boundary, small tensors that wasm
 * handles without a shader compile. Null when the graph trains on tfjs.
 */
export async function plainChoice(graph: Graph): Promise<BackendInfo | null> {
  const c = compile(graph);
  if (!c.ok) return null;
  const session = prepareData(c.value, generateDataset(graph));
  const route = trainingPath(c.value, session);
  session.dispose();
  c.value.model.dispose();
  if (route.path !== 'plain') return null;
  const choice = await chooseBackend(['wasm', 'cpu']);
  return { name: choice.name, reason: `plain JavaScript for the training steps (a small 2-D network trains several times faster without tfjs's per-op cost); ${choice.name} evaluates and draws`, failed: [], requested: 'auto' };
}
