/**
 * The exit explorer's figures: for a node with early exits that reads the
 * `nodeId.exit` override (exit index forced for every example), each held-out
 * example's confidence (top softmax probability) and correctness at every
 * exit, and the FLOPs per example of leaving there. From that table any
 * confidence threshold θ can be replayed without retraining: an example
 * leaves at the first exit whose confidence reaches θ, else at the last
 * (JEI-DNN's "confidence" rule, Regol et al., 2024), giving the exit rate per head,
 * the accuracy and the compute spent.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Compiled } from '../compile/compile';
import { sliceOf, type DeviceData } from '../train/batches';
import { probeWith } from './intervene';
import { scalarValue } from './kinds';

export interface ExitTable {
  nodeId: string;
  /** confidence[l][i]: top softmax probability of exit l on example i. */
  confidence: number[][];
  /** correct[l][i]: 1 when exit l's top class is the label. */
  correct: number[][];
  /** FLOPs per example of the whole model when every example leaves at exit l. */
  cost: number[];
  /** FLOPs per example with no exit taken early (the dense model). */
  denseCost: number;
}

export interface ExitPoint {
  threshold: number;
  /** Share of examples leaving at each exit. */
  share: number[];
  accuracy: number;
  /** Mean FLOPs per example. */
  cost: number;
}

/** Replays the confidence rule at threshold θ over the table. */
export function exitAtThreshold(t: ExitTable, threshold: number): ExitPoint {
  const L = t.confidence.length;
  const N = t.confidence[0]?.length ?? 0;
  const count = new Array<number>(L).fill(0);
  let hits = 0, cost = 0;
  for (let i = 0; i < N; i++) {
    let l = 0;
    while (l < L - 1 && t.confidence[l]![i]! < threshold) l++;
    count[l]!++;
    hits += t.correct[l]![i]!;
    cost += t.cost[l]!;
  }
  const n = Math.max(N, 1);
  return { threshold, share: count.map((c) => c / n), accuracy: hits / n, cost: cost / n };
}

/** The accuracy-against-compute curve as θ sweeps 0 … 1. */
export function exitFrontier(t: ExitTable, steps = 20): ExitPoint[] {
  return Array.from({ length: steps + 1 }, (_, k) => exitAtThreshold(t, k / steps));
}

/** Builds the table on a held-out set (classification with predictions [N, C]). */
export async function exitTable(compiled: Compiled, d: DeviceData, nodeId: string, exits: number, chunk = 512): Promise<ExitTable> {
  const confidence: number[][] = [], correct: number[][] = [], cost: number[] = [];
  const probe = tf.tidy(() => sliceOf(d, 0, Math.min(16, d.size)).feeds);
  try {
    for (let l = 0; l < exits; l++) {
      const interventions = { [`${nodeId}.exit`]: l };
      const conf: number[] = [], ok: number[] = [];
      for (let start = 0; start < d.size; start += chunk) {
        const size = Math.min(chunk, d.size - start);
        const r = tf.tidy(() => {
          const b = sliceOf(d, start, size);
          const { pred } = compiled.model.forward(b.feeds, { training: false, interventions });
          if (pred.shape.length !== 2) throw new Error('the exit explorer needs one class prediction per example');
          const p = tf.softmax(pred);
          const hit = tf.cast(tf.equal(tf.argMax(p, -1), tf.cast(tf.reshape(b.target, [-1]), 'int32')), 'float32');
          return tf.stack([tf.max(p, -1), hit]);                            // (2, size)
        });
        const v = (await r.data()) as Float32Array;
        r.dispose();
        for (let i = 0; i < size; i++) { conf.push(v[i]!); ok.push(v[size + i]!); }
      }
      confidence.push(conf);
      correct.push(ok);
      cost.push(scalarValue((await probeWith(compiled, probe, interventions))['@model']?.flopsPerExample) ?? compiled.flopsPerExample);
    }
  } finally {
    tf.dispose(Object.values(probe));
  }
  return { nodeId, confidence, correct, cost, denseCost: compiled.flopsPerExample };
}
