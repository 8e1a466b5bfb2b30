/**
 * What a regression on one or two input features has learned, drawn over
 * its data: for one feature the fitted curve on a row of x values across the
 * data's range, for two the predicted value on a grid over the plane (a
 * heatmap). One forward pass off the tape, as the decision boundary is.
 */
import * as tf from '@tensorflow/tfjs-core';
import { mixtureMean, predictAll, resolveDataset, type Compiled, type Dataset, type Graph, type Session } from '../../engine';
import { GRID_RES, extentOf, gridPoints } from './boundary';
import type { RegressionFit } from './protocol';

export const CURVE_RES = 120;
/** Data points sent with each fit to draw under it: enough to see the shape. */
export const FIT_POINTS = 300;

export interface FitPlan {
  features: 1 | 2;
  extent: [number, number, number, number];
  res: number;
  grid: tf.Tensor;
  /** Up to FIT_POINTS examples: their inputs then their target, per point. */
  points: Float32Array;
  dispose(): void;
}

/** A plan for a regression with one target and `x` of one or two features as its only input; undefined otherwise. */
export function planFit(data: Dataset): FitPlan | undefined {
  const x = data.inputs['x'];
  const F = x?.shape[1];
  if (data.task !== 'regression' || !x || x.dtype !== 'float32' || x.shape.length !== 2 || (F !== 1 && F !== 2)) return undefined;
  if (Object.keys(data.inputs).length !== 1 || data.target.data.length !== x.shape[0]) return undefined;
  const n = x.shape[0]!;
  const shown = Math.min(n, FIT_POINTS), stride = n / shown;
  const points = new Float32Array(shown * (F + 1));
  for (let i = 0; i < shown; i++) {
    const row = Math.floor(i * stride);
    for (let f = 0; f < F; f++) points[i * (F + 1) + f] = x.data[row * F + f]!;
    points[i * (F + 1) + F] = data.target.data[row]!;
  }
  if (F === 2) {
    const extent = extentOf(data)!;
    const grid = tf.tensor2d(gridPoints(extent, GRID_RES), [GRID_RES * GRID_RES, 2]);
    return { features: 2, extent, res: GRID_RES, grid, points, dispose: () => grid.dispose() };
  }
  let lo = Infinity, hi = -Infinity;
  for (const v of x.data) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  const pad = (hi - lo || 1) * 0.05;
  const x0 = lo - pad, x1 = hi + pad;
  const xs = Float32Array.from({ length: CURVE_RES }, (_, i) => x0 + ((i + 0.5) / CURVE_RES) * (x1 - x0));
  const grid = tf.tensor2d(xs, [CURVE_RES, 1]);
  return { features: 1, extent: [x0, x1, 0, 0], res: CURVE_RES, grid, points, dispose: () => grid.dispose() };
}

export async function fitGrid(compiled: Compiled, plan: FitPlan, step: number): Promise<RegressionFit> {
  const pred = tf.tidy(() => {
    const out = compiled.model.forward({ x: plan.grid }, { training: false, step }).pred;
    // a Gaussian mixture of experts draws its mean prediction
    return tf.reshape(compiled.model.outputLossKind === 'mixture_nll' ? mixtureMean(out) : out, [-1]);
  });
  try {
    const values = new Float32Array((await pred.data()) as Float32Array);
    return { step, features: plan.features, res: plan.res, extent: plan.extent, values, points: plan.points.slice() };
  } finally {
    pred.dispose();
  }
}

/**
 * A regression's held-out figures from its dataset (R², mean absolute error: what
 * stands in for accuracy), measured on the current weights; undefined when the
 * dataset has none, or the task is classification.
 */
export function heldOutScorer(graph: Graph, compiled: Compiled, session: Session): (() => Promise<Record<string, number>>) | undefined {
  if (compiled.model.dataset.task !== 'regression') return undefined;
  const resolved = resolveDataset(graph.training.dataset);
  const metricsOf = 'spec' in resolved ? resolved.spec.metrics : undefined;
  if (!metricsOf) return undefined;
  return async () => {
    const { pred, shape } = await predictAll(compiled, session.test);
    return metricsOf({ data: session.data, rows: session.testRows, pred, predShape: shape });
  };
}
