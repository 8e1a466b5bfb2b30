/**
 * The training loop of engine/train/trainer.ts for the plain-JavaScript path:
 * the same batches (same random stream), optimizer arithmetic, warm-up,
 * clipping, NaN handling and events. The tfjs variables are written after
 * every step, so evaluation, statistics, the editor's views and exports read
 * the current weights through the compiled model as usual.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Compiled } from '../../compile/compile';
import { graphError } from '../../errors';
import { batchSampler, measurements, type Session, type TrainEvent, type TrainOptions } from '../trainer';
import { phasePlan } from '../phases';
import { forwardBackward, weightsOf } from './mlp';
import { plainOptimizer } from './optimizer';
import type { PlainPlan } from './plan';

/** Steps between weight copies: a NaN written into a weight rolls back at most this far (as on tfjs). */
const SNAPSHOT_EVERY = 25;

const allFinite = (ws: readonly Float32Array[]) => ws.every((w) => w.every(Number.isFinite));

export async function* trainPlain(compiled: Compiled, session: Session, opts: TrainOptions, plan: PlainPlan): AsyncGenerator<TrainEvent> {
  const { model } = compiled;
  const cfg = model.graph.training;
  const total = opts.steps ?? cfg.steps;
  const weights = weightsOf(plan.layers);
  const vars = plan.varNames.map((n) => model.variables.get(n)!);
  const isMatrix = vars.map((v) => v.rank >= 2);
  const optimizer = plainOptimizer(cfg.optimizer);
  const batchAt = batchSampler(cfg, phasePlan(cfg, opts.steps), session, new Map());
  const x = session.data.inputs['x']!, labels = session.data.target.data;
  const F = x.shape[1]!;
  const rows = session.trainRows ?? Int32Array.from({ length: session.train.size }, (_, i) => i);
  const measure = measurements(compiled, session, opts, total);
  let snapshot = { step: opts.startStep ?? 0, weights: weights.map((w) => w.slice()) };
  const sync = () => tf.tidy(() => vars.forEach((v, i) => v.assign(tf.tensor(weights[i]!, v.shape, 'float32'))));
  model.phase = undefined;
  try {
    for (let step = opts.startStep ?? 0; step < total; step++) {
      if (opts.shouldStop?.()) return;
      const t0 = performance.now();
      const warm = cfg.warmupSteps ?? 0;
      optimizer.lr = warm > 0 && step < warm ? (cfg.optimizer.learningRate * (step + 1)) / warm : cfg.optimizer.learningRate;
      const idx = batchAt(step);
      const B = idx.length;
      const xb = new Float32Array(B * F), yb = new Int32Array(B);
      for (let b = 0; b < B; b++) {
        const r = rows[idx[b]!]!;
        xb.set(x.data.subarray(r * F, (r + 1) * F) as Float32Array, b * F);
        yb[b] = labels[r]!;
      }
      const r = forwardBackward(plan.layers, xb, yb, B);
      if (!Number.isFinite(r.loss)) {
        const broken = !allFinite(weights);
        if (broken) { snapshot.weights.forEach((w, i) => weights[i]!.set(w)); sync(); }
        const kept = broken ? `the weights were not finite either, so those of step ${snapshot.step} are restored` : 'the weights from the step before are kept';
        yield { kind: 'failed', step: step + 1, error: graphError('NON_FINITE', `the loss became ${r.loss} at step ${step + 1}; training stopped and ${kept}. Try a lower learning rate or gradient clipping.`) };
        return;
      }
      if (cfg.clipNorm) clip(r.grads, cfg.clipNorm);
      optimizer.apply(weights, r.grads, isMatrix);
      if ((step + 1) % SNAPSHOT_EVERY === 0 && allFinite(weights)) snapshot = { step: step + 1, weights: weights.map((w) => w.slice()) };
      sync();
      yield { kind: 'step', step: step + 1, loss: r.loss, taskLoss: r.loss, aux: {}, accuracy: r.accuracy, ms: performance.now() - t0 };
      yield* measure.after(step + 1);
    }
  } finally {
    measure.dispose();
  }
}

/** Scales the gradients in place so their global L2 norm is at most maxNorm. */
function clip(grads: Float32Array[], maxNorm: number): void {
  let sq = 0;
  for (const g of grads) for (const v of g) sq += v * v;
  const scale = maxNorm / Math.max(Math.sqrt(sq), maxNorm);
  for (const g of grads) for (let i = 0; i < g.length; i++) g[i]! *= scale;
}
