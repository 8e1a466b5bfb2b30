/**
 * The training loop of engine/train/trainer.ts for the plain-JavaScript path:
 * the same batches (same random stream), optimizer arithmetic, warm-up,
 * clipping, NaN handling and events. The weights live in Float32Arrays while
 * the run goes on; the tfjs variables are written only when something reads
 * them (evaluation, statistics, the editor's views, an export: Model.deferWrite),
 * never per step.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Compiled } from '../../compile/compile';
import type { TrainEvent, TrainOptions } from '../events';
import { finishRun } from '../finish';
import { measurements } from '../measure';
import { batchSampler } from '../sampler';
import { dueAfter, learningRateAt, snapshotDue, type Schedule } from '../schedule';
import type { Session } from '../session';
import { plainOptimizer } from './optimizer';
import type { PlainPlan } from './plan';


export async function* trainPlain(compiled: Compiled, session: Session, schedule: Schedule, opts: TrainOptions, plan: PlainPlan): AsyncGenerator<TrainEvent> {
  const { model } = compiled;
  const cfg = model.graph.training;
  const { net } = plan;
  const weights = net.weights;
  const vars = plan.varNames.map((n) => model.variables.get(n)!);
  for (let i = 0; i < vars.length; i++) weights[i]!.set((await vars[i]!.data()) as Float32Array);
  let at = 0;
  const matrices = vars.flatMap((v) => { const range = [at, (at += v.size)] as const; return v.rank >= 2 ? [range] : []; });
  const optimizer = plainOptimizer(cfg.optimizer, net.allWeights.length, matrices);
  const batchAt = batchSampler(cfg, schedule, session, new Map());
  const x = session.data.inputs['x']!.data, labels = session.data.target.data;
  const F = session.data.inputs['x']!.shape[1]!;
  const rows = session.trainRows ?? Int32Array.from({ length: session.train.size }, (_, i) => i);
  const measure = measurements(compiled, session, schedule, opts.probeSize);
  // The last weights known finite, copied into the same array each time.
  const snapshot = { step: opts.startStep ?? 0, weights: net.allWeights.slice() };
  // A copy: a GPU backend may upload a tensor's values only when first used, and these arrays keep training.
  const write = () => tf.tidy(() => vars.forEach((v, i) => v.assign(tf.tensor(weights[i]!.slice(), v.shape, 'float32'))));
  const fallback = { get step() { return snapshot.step; }, restore: () => { net.allWeights.set(snapshot.weights); model.deferWrite(write); } };
  const allFinite = () => { const w = net.allWeights; for (let i = 0; i < w.length; i++) if (!Number.isFinite(w[i]!)) return false; return true; };
  let done = opts.startStep ?? 0;
  let badLoss: number | undefined;
  let xb = new Float32Array(0), yb = new Int32Array(0);
  model.phase = undefined;
  try {
    for (let step = opts.startStep ?? 0; step < schedule.total; step++) {
      if (opts.shouldStop?.()) return;
      const t0 = performance.now();
      optimizer.lr = learningRateAt(schedule, step);
      const idx = batchAt(step);
      const B = idx.length;
      if (yb.length !== B) { xb = new Float32Array(B * F); yb = new Int32Array(B); }
      for (let b = 0; b < B; b++) {
        const r = rows[idx[b]!]!;
        for (let f = 0; f < F; f++) xb[b * F + f] = x[r * F + f]!;
        yb[b] = labels[r]!;
      }
      const r = net.forwardBackward(xb, yb, B);
      if (!Number.isFinite(r.loss)) { badLoss = r.loss; break; }
      if (cfg.clipNorm) clip(net.allGrads, cfg.clipNorm);
      optimizer.apply(net.allWeights, net.allGrads);
      done = step + 1;
      if (snapshotDue(schedule, done) && allFinite()) { snapshot.step = done; snapshot.weights.set(net.allWeights); }
      model.deferWrite(write);
      yield { kind: 'step', step: step + 1, loss: r.loss, taskLoss: r.loss, aux: {}, accuracy: r.accuracy, ms: performance.now() - t0 };
      const due = dueAfter(schedule, step + 1);
      if (due.eval || due.stats) yield* measure.after(step + 1, due);
    }
    yield* finishRun(compiled, session, schedule, { step: done, ...(badLoss !== undefined ? { badLoss } : {}), weightsFinite: allFinite, fallback });
  } finally {
    measure.dispose();
  }
}

/** Scales the gradients in place so their global L2 norm is at most maxNorm. */
function clip(g: Float32Array, maxNorm: number): void {
  let sq = 0;
  for (let i = 0; i < g.length; i++) sq += g[i]! * g[i]!;
  const scale = maxNorm / Math.max(Math.sqrt(sq), maxNorm);
  for (let i = 0; i < g.length; i++) g[i]! *= scale;
}
