/**
 * `gatelab bench webgpu --out DIR`: tfjs's webgpu backend in Node, on a machine with a GPU,
 * against PyTorch eager on the same GPU. Dawn comes from the `webgpu` package, which is
 * not a dependency (`npm i --no-save webgpu` there). Each model is timed here, then written
 * as a PyTorch package to DIR for torch-steps.py to time the same steps on CUDA.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { compile, exportModel, generateDataset, getPreset, modelToText, parseModel, prepareData, torchPackage, train, type Graph } from '../../../engine';
import { median } from './timing';

export interface WebGpuTiming {
  adapter: string;
  /** Per model: median ms of one training step (wall time between steps, the loss read each step). */
  msPerStep: Record<string, number>;
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
  const r = compile(graph);
  if (!r.ok) throw new Error(`${graph.name}: ${r.errors.map((e) => e.message).join('; ')}`);
  const session = prepareData(r.value, generateDataset(graph));
  const gaps: number[] = [];
  let last = 0;
  for await (const e of train(r.value, session, { steps: steps + 5, evalEvery: 0, finalEval: false, stepMetrics: false, path: 'tfjs' })) {
    if (e.kind !== 'step') continue;
    const now = performance.now();
    if (e.step > 5) gaps.push(now - last);
    last = now;
  }
  session.dispose();
  r.value.model.dispose();
  return median(gaps);
}

async function writeTorchPackage(graph: Graph, dir: string): Promise<void> {
  const r = compile(graph);
  if (!r.ok) throw new Error(graph.name);
  const file = parseModel(modelToText(await exportModel(r.value.model, { steps: 0, backend: tf.getBackend(), metrics: {} })));
  r.value.model.dispose();
  if (!file.ok) throw new Error(`${graph.name}: ${file.errors.map((e) => e.message).join('; ')}`);
  const pkg = await torchPackage(file.value);
  if (!pkg.ok) throw new Error(`${graph.name}: ${pkg.errors.map((e) => e.message).join('; ')}`);
  for (const f of pkg.value) {
    const p = join(dir, ...f.path.split('/'));
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, f.content);
  }
}

export async function webgpuInNode(outDir: string, steps: number): Promise<WebGpuTiming> {
  const adapter = await startWebGpu();
  const msPerStep: Record<string, number> = {};
  for (const [name, graph] of models()) {
    msPerStep[name] = await stepMs(graph, steps);
    await writeTorchPackage(graph, join(outDir, name));
  }
  return { adapter, msPerStep };
}
