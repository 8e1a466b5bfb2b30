/**
 * The training loop of engine/train/trainer.ts for the plain-JavaScript path:
 * the same batches (same random stream), optimizer arithmetic, warm-up,
 * clipping, NaN handling and events. The tfjs variables are written after
 * every step, so evaluation, statistics, the editor's views and exports read
 * the current weights through the compiled model as usual.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Compiled } from '../../compile/compile';
import { nonFinite, type TrainEvent, type TrainOptions } from '../events';
import { measurements } from '../measure';
import { batchSampler } from '../sampler';
import { learningRateAt, snapshotDue, type Schedule } from '../schedule';
import type { Session } from '../session';
import { forwardBackward, weightsOf } from './mlp';
import { plainOptimizer } from './optimizer';
import type { PlainPlan } from './plan';

const allFinite = (ws: readonly Float32Array[]) => ws.every((w) => w.every(Number.isFinite));

export async function* trainPlain(compiled: Compiled, session: Session, schedule: Schedule, opts: TrainOptions, plan: PlainPlan): AsyncGenerator<TrainEvent> {
  const { model } = compiled;
  const cfg = model.graph.training;
  const weights = weightsOf(plan.layers);
  const vars = plan.varNames.map((n) => model.variables.get(n)!);
  const isMatrix = vars.map((v) => v.rank >= 2);
  const optimizer = plainOptimizer(cfg.optimizer);
  const batchAt = batchSampler(cfg, schedule, session, new Map());
  const x = session.data.inputs['x']!, labels = session.data.target.data;
  const F = x.shape[1]!;
  const rows = session.trainRows ?? Int32Array.from({ length: session.train.size }, (_, i) => i);
  const measure = measurements(compiled, session, schedule, opts.probeSize);
  let snapshot = { step: opts.startStep ?? 0, weights: weights.map((w) => w.slice()) };
  const sync = () => tf.tidy(() => vars.forEach((v, i) => v.assign(tf.tensor(weights[i]!, v.shape, 'float32'))));
  model.phase = undefined;
  try {
    for (let step = opts.startStep ?? 0; step < schedule.total; step++) {
      if (opts.shouldStop?.()) return;
      const t0 = performance.now();
      optimizer.lr = learningRateAt(schedule, step);
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
        yield nonFinite(r.loss, step + 1, broken ? snapshot.step : null);
        return;
      }
      if (cfg.clipNorm) clip(r.grads, cfg.clipNorm);
      optimizer.apply(weights, r.grads, isMatrix);
      if (snapshotDue(schedule, step + 1) && allFinite(weights)) snapshot = { step: step + 1, weights: weights.map((w) => w.slice()) };
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
