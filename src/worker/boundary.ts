/**
 * The decision boundary of a 2-D classifier, as TensorFlow Playground draws
 * it: class probabilities on a grid over the data, computed in the worker
 * off the gradient tape and posted as one transferable array.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Compiled, Dataset } from '../../engine';
import type { BoundaryGrid } from './protocol';

export const GRID_RES = 40;

/** A square extent around the points with a margin, or undefined when the data is not 2-D points. */
export function extentOf(data: Dataset): [number, number, number, number] | undefined {
  const x = data.inputs['x'];
  if (!x || x.dtype !== 'float32' || x.shape.length !== 2 || x.shape[1] !== 2) return undefined;
  let m = 0;
  for (let i = 0; i < x.data.length; i++) m = Math.max(m, Math.abs(x.data[i]!));
  const r = (m || 1) * 1.1;
  return [-r, r, -r, r];
}

/** Grid points, row-major from the top row (largest y) down, as the canvas draws them. */
export function gridPoints(extent: [number, number, number, number], res: number): Float32Array {
  const [x0, x1, y0, y1] = extent;
  const out = new Float32Array(res * res * 2);
  for (let r = 0; r < res; r++) {
    for (let c = 0; c < res; c++) {
      const i = (r * res + c) * 2;
      out[i] = x0 + ((c + 0.5) / res) * (x1 - x0);
      out[i + 1] = y1 - ((r + 0.5) / res) * (y1 - y0);
    }
  }
  return out;
}

export async function boundaryGrid(compiled: Compiled, extent: [number, number, number, number], step: number, res = GRID_RES): Promise<BoundaryGrid | undefined> {
  const pts = gridPoints(extent, res);
  const probs = tf.tidy(() => {
    const { pred } = compiled.model.forward({ x: tf.tensor2d(pts, [res * res, 2]) }, { training: false });
    return pred.shape.length === 2 ? tf.softmax(pred) : undefined;
  });
  if (!probs) return undefined;
  const classes = probs.shape[1]!;
  const data = (await probs.data()) as Float32Array;
  probs.dispose();
  return { step, res, classes, extent, probs: new Float32Array(data) };
}
