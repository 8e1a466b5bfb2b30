/** Shared by the serialize tests: a briefly trained preset, and a fixed batch from its own held-out split. */
import * as tf from '@tensorflow/tfjs-core';
import { compile, generateDataset, prepareData, train, GateLabError, type Compiled, type Graph, type Session } from '../../../engine';
import { sliceOf } from '../../../engine/train/batches';
import { exportModel, type ModelJson } from '../../../engine/serialize';
import type { PackageFile } from '../../../engine/serialize/torch';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface FixedBatch {
  feeds: Record<string, tf.Tensor>;
  target: tf.Tensor;
  mask?: tf.Tensor;
  dispose(): void;
}

/**
 * Trains the first `steps` steps of the graph's own schedule (no held-out pass:
 * the tests need weights off their initial values, not a good model), as the
 * exported train.py --steps runs them, and keeps the model and the first `n`
 * rows of the graph's own test split. The caller disposes both.
 */
export async function trainBriefly(graph: Graph, steps = 2, n = 8): Promise<{ compiled: Compiled; file: ModelJson; batch: FixedBatch; firstLoss: number; losses: number[] }> {
  const c = compile(graph);
  if (!c.ok) throw new GateLabError(c.errors);
  const compiled = c.value;
  const session = prepareData(compiled, generateDataset(graph));
  let firstLoss = NaN;
  const losses: number[] = [];
  try {
    for await (const e of train(compiled, session, { evalEvery: 0 })) {
      if (e.kind === 'failed') throw new GateLabError([e.error]);
      if (e.kind === 'step') losses.push(e.loss);
      if (e.kind === 'step' && e.step === 1) firstLoss = e.loss;
      if (e.kind === 'step' && e.step === steps) break;
    }
    const batch = heldOutBatch(session, n);
    const file = await exportModel(compiled.model, { steps, backend: tf.getBackend(), metrics: { firstLoss } });
    return { compiled, file, batch, firstLoss, losses };
  } finally {
    session.dispose();
  }
}

/** The first `n` rows of a session's held-out split, kept until the caller disposes them. */
export function heldOutBatch(session: Session, n = 8): FixedBatch {
  const b = tf.tidy(() => {
    const s = sliceOf(session.test, 0, Math.min(n, session.test.size));
    return { feeds: s.feeds, target: s.target, ...(s.mask ? { mask: s.mask } : {}) };
  });
  const all = [...Object.values(b.feeds), b.target, ...(b.mask ? [b.mask] : [])];
  return { ...b, dispose: () => tf.dispose(all) };
}

/** Outputs and total loss (task + auxiliary) on a batch, as plain arrays; evaluation mode unless `training`. */
export async function outputsOn(compiled: Compiled, b: FixedBatch, training = false): Promise<{ pred: Float32Array; shape: number[]; loss: number; task: number }> {
  const r = tf.tidy(() => {
    const { total, task, pred } = compiled.model.loss(b.feeds, b.target, b.mask, { training, step: 0 });
    return { total, task, pred };
  });
  const out = { pred: (await r.pred.data()) as Float32Array, shape: r.pred.shape, loss: (await r.total.data())[0]!, task: (await r.task.data())[0]! };
  tf.dispose([r.total, r.task, r.pred]);
  return out;
}

export const PYTHON = '/usr/bin/python3';
export const hasTorch = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;

/** What torch_parity.py reports for one package. */
export interface ParityResult { pred: number[]; shape: number[]; loss: number; task: number; trainLoss: number; losses?: number[] }

async function tensorSpec(t: tf.Tensor) {
  return { shape: t.shape, dtype: t.dtype, data: Array.from(await t.data()) };
}

/** Writes an exported package to root/slug and the batch to feed it to root/slug.batch.json, as torch_parity.py reads them. */
export async function writeParityCase(root: string, slug: string, files: readonly PackageFile[], batch: FixedBatch, trainSteps: number): Promise<void> {
  for (const f of files) {
    const p = join(root, slug, f.path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.content);
  }
  const feeds: Record<string, unknown> = {};
  for (const [k, t] of Object.entries(batch.feeds)) feeds[k] = await tensorSpec(t);
  writeFileSync(join(root, `${slug}.batch.json`), JSON.stringify({ feeds, target: await tensorSpec(batch.target), mask: batch.mask ? await tensorSpec(batch.mask) : null, trainSteps }));
}

/** Runs torch_parity.py over every package under root: one Python process, one torch start-up. */
export function runParity(root: string): Record<string, ParityResult> {
  const r = spawnSync(PYTHON, [join(__dirname, 'torch_parity.py'), root], { encoding: 'utf8', timeout: 300_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`torch_parity.py failed (${r.status}):\n${r.stderr.slice(-4000)}`);
  return JSON.parse(r.stdout) as Record<string, ParityResult>;
}

/** The largest difference between GateLab's outputs and PyTorch's, relative where a value exceeds 1. */
export function worstError(want: Float32Array, have: readonly number[]): number {
  let worst = 0;
  want.forEach((w, i) => { worst = Math.max(worst, Math.abs(w - have[i]!) / Math.max(1, Math.abs(w))); });
  return worst;
}
