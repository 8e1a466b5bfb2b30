/**
 * Evaluation with interventions (clamp a gate, force a skip ratio): the
 * held-out loss and accuracy and the probe statistics with the overrides on,
 * beside the same figures without them, on the current weights. Off the
 * gradient tape; nothing is trained. Nodes read the overrides from
 * `ctx.interventions`, keyed `nodeId.name`.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Compiled } from '../compile/compile';
import type { ProbeRecord } from '../compile/model';
import { evaluate } from '../train/measure';
import { sliceOf, type DeviceData } from '../train/batches';
import { summarize, type Summaries } from './summarize';
import type { ProbeContext } from './context';

export interface Evaluation {
  loss: number;
  accuracy?: number;
}

/** Held-out loss and accuracy with `interventions` on, in chunks. */
export function evaluateWith(compiled: Compiled, d: DeviceData, interventions: Record<string, number>, chunk = 512): Promise<Evaluation> {
  return evaluate(compiled, d, chunk, interventions);
}

/** Probe statistics of a batch with `interventions` on. */
export async function probeWith(compiled: Compiled, feeds: Record<string, tf.Tensor>, interventions: Record<string, number>, context?: ProbeContext): Promise<Summaries> {
  const records: ProbeRecord[] = [];
  tf.tidy(() => { compiled.model.forward(feeds, { training: false, records, interventions }); });
  try {
    return await summarize(records, compiled, context);
  } finally {
    tf.dispose(records.map((r) => r.value));
  }
}

/** The effect of `interventions`: held-out figures and probe statistics with and without them. */
export async function intervene(compiled: Compiled, test: DeviceData, interventions: Record<string, number>, probeSize = 64, context?: ProbeContext): Promise<{ base: Evaluation; with: Evaluation; stats: Summaries }> {
  const base = await evaluateWith(compiled, test, {});
  const withIt = await evaluateWith(compiled, test, interventions);
  const probe = tf.tidy(() => sliceOf(test, 0, Math.min(probeSize, test.size)).feeds);
  try {
    return { base, with: withIt, stats: await probeWith(compiled, probe, interventions, context) };
  } finally {
    tf.dispose(Object.values(probe));
  }
}
