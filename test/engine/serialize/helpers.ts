/** Shared by the serialize tests: a briefly trained preset, and a fixed batch from its own held-out split. */
import * as tf from '@tensorflow/tfjs-core';
import { compile, generateDataset, prepareData, train, GateLabError, type Compiled, type Graph } from '../../../engine';
import { sliceOf } from '../../../engine/train/batches';
import { exportModel, type ModelJson } from '../../../engine/serialize';

export interface FixedBatch {
  feeds: Record<string, tf.Tensor>;
  target: tf.Tensor;
  mask?: tf.Tensor;
  dispose(): void;
}

/**
 * Trains a few steps (no held-out pass: the tests need weights off their
 * initial values, not a good model) and keeps the model and the first `n`
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
    for await (const e of train(compiled, session, { steps, evalEvery: 0 })) {
      if (e.kind === 'failed') throw new GateLabError([e.error]);
      if (e.kind === 'step') losses.push(e.loss);
      if (e.kind === 'step' && e.step === 1) firstLoss = e.loss;
      if (e.kind === 'step' && e.step === steps) break;
    }
    const b = tf.tidy(() => {
      const s = sliceOf(session.test, 0, Math.min(n, session.test.size));
      return { feeds: s.feeds, target: s.target, ...(s.mask ? { mask: s.mask } : {}) };
    });
    const all = [...Object.values(b.feeds), b.target, ...(b.mask ? [b.mask] : [])];
    const batch = { ...b, dispose: () => tf.dispose(all) };
    const file = await exportModel(compiled.model, { steps, backend: tf.getBackend(), metrics: { firstLoss } });
    return { compiled, file, batch, firstLoss, losses };
  } finally {
    session.dispose();
  }
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
