/**
 * Where a 2-D classifier's decision boundary is drawn, as TensorFlow
 * Playground draws it: a square around the data and the grid of points the
 * model is evaluated on (territory.ts runs it).
 */
import type { Dataset } from '../../engine';

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
