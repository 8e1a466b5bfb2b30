/** Held-out evaluation, the statistics probe and predictions: what a run measures besides its training loss. */
import * as tf from '@tensorflow/tfjs-core';
import type { Compiled } from '../compile/compile';
import type { ProbeRecord } from '../compile/model';
import { accuracy } from '../compile/ops';
import { outputLoss } from '../nodes/io';
import { probeContext, type ProbeContext } from '../stats/context';
import { summarize, type Summaries } from '../stats/summarize';
import { sliceOf, type DeviceData } from './batches';
import type { TrainEvent } from './events';
import type { Due, Schedule } from './schedule';
import type { Session } from './session';

/**
 * The statistics probe and held-out evaluation on the schedule, shared by
 * both training paths: `after(step, due)` yields what is due once that step is done
 * (`due` is `dueAfter(schedule, step)`, which the loops work out anyway to skip the call on most steps).
 */
export function measurements(compiled: Compiled, session: Session, schedule: Schedule, probeSize = 64) {
  const probeN = Math.min(probeSize, session.test.size);
  const probe = schedule.statsEvery > 0 ? sliceOf(session.test, 0, probeN) : undefined;
  // The probe rows' dataset marks (query kind, ...), so statistics can be split by them.
  const probeCtx = probe ? probeContext(session.data, session.testRows.subarray(0, probeN)) : undefined;
  const kept = probe ? [...Object.values(probe.feeds), probe.target, ...(probe.mask ? [probe.mask] : [])].map((t) => tf.keep(t)) : [];
  return {
    async *after(step: number, due: Due): AsyncGenerator<TrainEvent> {
      if (probe && due.stats) yield { kind: 'stats', step, stats: await probeStats(compiled, probe.feeds, step, probeCtx, probe.target) };
      // The last step's evaluation is finishRun's, which checks it.
      if (due.eval && step < schedule.total) yield { kind: 'eval', step, ...(await evaluate(compiled, session.test)) };
    },
    dispose: () => tf.dispose(kept),
  };
}

/** Held-out loss and accuracy, in chunks so memory stays flat. */
export async function evaluate(compiled: Compiled, d: DeviceData, chunk = 512, interventions?: Record<string, number>): Promise<{ loss: number; accuracy?: number }> {
  const { model } = compiled;
  const classification = model.dataset.task === 'classification';
  let lossSum = 0, accSum = 0, weight = 0;
  for (let start = 0; start < d.size; start += chunk) {
    const size = Math.min(chunk, d.size - start);
    const r = tf.tidy(() => {
      const b = sliceOf(d, start, size);
      const { pred } = model.forward(b.feeds, { training: false, ...(interventions ? { interventions } : {}) });
      const w = b.mask ? tf.sum(b.mask) : tf.scalar(size * (b.target.size / b.target.shape[0]!));
      const parts = [outputLoss(model.outputLossKind, pred, b.target, b.mask), w];
      if (classification) parts.push(accuracy(pred, b.target, b.mask));
      return tf.stack(parts);
    });
    const v = (await r.data()) as Float32Array;
    r.dispose();
    lossSum += v[0]! * v[1]!;
    accSum += (v[2] ?? 0) * v[1]!;
    weight += v[1]!;
  }
  const out: { loss: number; accuracy?: number } = { loss: lossSum / Math.max(weight, 1e-9) };
  if (classification) out.accuracy = accSum / Math.max(weight, 1e-9);
  return out;
}

/** One forward pass off the gradient tape with every node's probe on, summarised by each statistic's kind. */
export async function probeStats(compiled: Compiled, feeds: Record<string, tf.Tensor>, step: number, context?: ProbeContext, labels?: tf.Tensor): Promise<Summaries> {
  const records: ProbeRecord[] = [];
  tf.tidy(() => { compiled.model.forward(feeds, { training: false, step, records, ...(labels ? { labels } : {}) }); });
  try {
    return await summarize(records, compiled, context);
  } finally {
    tf.dispose(records.map((r) => r.value));
  }
}

/** What reaches the Output node for every test example, in chunks. */
export async function predictAll(compiled: Compiled, d: DeviceData, chunk = 512): Promise<{ pred: Float32Array; shape: number[] }> {
  const parts: Float32Array[] = [];
  let shape: number[] = [];
  for (let start = 0; start < d.size; start += chunk) {
    const size = Math.min(chunk, d.size - start);
    const p = tf.tidy(() => compiled.model.forward(sliceOf(d, start, size).feeds, { training: false }).pred);
    shape = p.shape;
    parts.push((await p.data()) as Float32Array);
    p.dispose();
  }
  const all = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { all.set(p, o); o += p.length; }
  return { pred: all, shape: [d.size, ...shape.slice(1)] };
}
