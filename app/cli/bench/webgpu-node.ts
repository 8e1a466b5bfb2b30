/**
 * `gatelab bench webgpu`: tfjs's webgpu backend in Node, on a machine with a GPU, against
 * PyTorch eager on the same GPU. Dawn comes from the `webgpu` package, which is not a
 * dependency (`npm i --no-save webgpu` there). Each model is timed here, then written as a
 * PyTorch package to bench/results/webgpu-torch for torch-steps.py to time the same steps on CUDA.
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { exportModel, getPreset, modelToText, parseModel, torchPackage, train, type Graph } from '../../../engine';
import { writePackageFiles } from '../commands/export';
import { compiled, engineSteps } from './sections';
import { median } from './timing';

export interface WebGpuTiming {
  adapter: string;
  /** Per model: median ms of one training step (wall time between steps, the loss read each step). */
  msPerStep: Record<string, number>;
  /** Per model: kernels tfjs runs in one training step. */
  kernelsPerStep: Record<string, number>;
  /** Median ms to read back one small result, and µs per small op in a long chain: the floor under a step of many small ops. */
  readMs: number;
  opUs: number;
  /** The first model's ms per step against how many kernels tfjs records before it submits them to the GPU (its default is 15). */
  bySubmitBatch: Record<string, number>;
}

/** A name in a variable, so neither tsc nor esbuild looks for the package until it runs. */
const DAWN = 'webgpu';

interface Adapter { info: { vendor: string; architecture: string; device: string; description: string } }
interface Gpu { requestAdapter(o: { powerPreference: string }): Promise<Adapter | null> }

/** Puts Dawn behind `navigator.gpu` (Node 20 has no navigator) and starts tfjs's webgpu backend on it. */
async function startWebGpu(): Promise<string> {
  const dawn = (await import(DAWN).catch(() => {
    throw new Error('the webgpu package is not installed: npm i --no-save webgpu (on a machine with a GPU and Vulkan)');
  })) as { create(flags: string[]): Gpu; globals: Record<string, unknown> };
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create([]);
  Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new Error('Dawn found no GPU adapter (is a Vulkan driver installed?)');
  await import('@tensorflow/tfjs-backend-webgpu');
  if (!(await tf.setBackend('webgpu'))) throw new Error('tfjs could not start its webgpu backend');
  const i = adapter.info;
  return [i.vendor, i.architecture, i.description || i.device].filter(Boolean).join(' ');
}

/** The two attention presets as they are, and at a batch a GPU is built for. */
function models(): [string, Graph][] {
  const out: [string, Graph][] = [];
  for (const slug of ['tiny-transformer', 'gated-attention']) {
    const g = getPreset(slug)!.graph;
    for (const batch of [g.training.batchSize, 512]) out.push([`${slug}@${batch}`, { ...g, training: { ...g.training, batchSize: batch } }]);
  }
  return out;
}

async function stepMs(graph: Graph, steps: number): Promise<number> {
  const { c, session, dispose } = compiled(graph);
  const gaps: number[] = [];
  let last = 0;
  for await (const e of train(c, session, { steps: steps + 5, evalEvery: 0, finalEval: false, stepMetrics: false, path: 'tfjs' })) {
    if (e.kind !== 'step') continue;
    const now = performance.now();
    if (e.step > 5) gaps.push(now - last);
    last = now;
  }
  dispose();
  return median(gaps);
}

/** Kernels in one training step: those of three steps less those of one, halved. */
async function kernelsPerStep(graph: Graph): Promise<number> {
  const count = async (steps: number) => {
    const { c, session, dispose } = compiled(graph);
    const info = await tf.profile(() => engineSteps(c, session, steps));
    dispose();
    return info.kernels.length;
  };
  return ((await count(3)) - (await count(1))) / 2;
}

async function floors(): Promise<{ readMs: number; opUs: number }> {
  const a = tf.ones([32, 32]);
  const reads: number[] = [];
  for (let i = 0; i < 30; i++) {
    const b = tf.add(a, 1);
    const t0 = performance.now();
    await b.data();
    reads.push(performance.now() - t0);
    b.dispose();
  }
  const chain = async (n: number) => {
    const t0 = performance.now();
    let x = a;
    for (let i = 0; i < n; i++) {
      const y = tf.add(x, 1);
      if (x !== a) x.dispose();
      x = y;
    }
    await x.data();
    x.dispose();
    return performance.now() - t0;
  };
  const OPS = 1000;
  await chain(100);
  const opUs = (1000 * ((await chain(100 + OPS)) - (await chain(100)))) / OPS; // ms → µs per op
  a.dispose();
  return { readMs: median(reads), opUs };
}

async function writeTorchPackage(graph: Graph, dir: string): Promise<void> {
  const { c, dispose } = compiled(graph);
  const file = parseModel(modelToText(await exportModel(c.model, { steps: 0, backend: tf.getBackend(), metrics: {} })));
  dispose();
  if (!file.ok) throw new Error(`${graph.name}: ${file.errors.map((e) => e.message).join('; ')}`);
  const pkg = await torchPackage(file.value);
  if (!pkg.ok) throw new Error(`${graph.name}: ${pkg.errors.map((e) => e.message).join('; ')}`);
  writePackageFiles(dir, pkg.value);
}

export async function webgpuInNode(outDir: string, steps: number): Promise<WebGpuTiming> {
  const adapter = await startWebGpu();
  const msPerStep: Record<string, number> = {}, kernels: Record<string, number> = {};
  for (const [name, graph] of models()) {
    msPerStep[name] = await stepMs(graph, steps);
    kernels[name] = await kernelsPerStep(graph);
    await writeTorchPackage(graph, join(outDir, name));
  }
  const bySubmitBatch: Record<string, number> = {};
  const standard = tf.env().get('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE');
  for (const n of [15, 60, 240, 1000]) {
    tf.env().set('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE', n);
    bySubmitBatch[n] = await stepMs(models()[0]![1], steps);
  }
  tf.env().set('WEBGPU_DEFERRED_SUBMIT_BATCH_SIZE', standard);
  return { adapter, msPerStep, kernelsPerStep: kernels, ...(await floors()), bySubmitBatch };
}
