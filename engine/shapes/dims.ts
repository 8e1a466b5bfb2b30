import type { Dim, TensorInfo } from '../registry/ports';
import type { DatasetInfo, InferFailure } from '../registry/defineNode';
import { formatShape } from '../registry/ports';

export const float = (shape: Dim[]): TensorInfo => ({ shape, dtype: 'float32' });

export function lastDim(t: TensorInfo): Dim {
  return t.shape[t.shape.length - 1]!;
}

/** The shape with its last axis replaced. */
export function withLast(t: TensorInfo, d: number): TensorInfo {
  return float([...t.shape.slice(0, -1), d]);
}

export function sameShape(a: readonly Dim[], b: readonly Dim[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Numpy-style broadcast of two shapes, allowed only where unambiguous: equal
 * axes, or one side 1. Returns null when the shapes do not fit, or when the
 * batch would land on a feature axis ([B] against [B, 1] is not [B, B]).
 */
export function broadcastShapes(a: readonly Dim[], b: readonly Dim[]): Dim[] | null {
  const n = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x === y) out.push(x);
    else if (x === 1) out.push(y);
    else if (y === 1) out.push(x);
    else return null;
  }
  return out.some((d, i) => d === 'B' && i > 0) ? null : out;
}

/** Why a shape is not one a tensor can have (B only first, every other axis a positive integer), or null. */
export function badShape(shape: readonly Dim[]): string | null {
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i];
    if (d === 'B') { if (i > 0) return `the batch axis B appears on axis ${i}, where a feature axis belongs`; continue; }
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 1) return `axis ${i} has size ${String(d)}, not a positive whole number`;
  }
  return null;
}

export function fail(error: string, port?: string): InferFailure {
  return port === undefined ? { error } : { error, port };
}

/** Product of the non-batch axes: elements per example. */
export function perExample(t: TensorInfo | undefined): number {
  if (!t) return 0;
  return t.shape.reduce<number>((p, d) => (d === 'B' ? p : p * d), 1);
}

/** For a node whose own loss reads one class label per example: a failure unless the dataset gives exactly that. */
export function needsClassPerExample(type: string, ds: DatasetInfo): InferFailure | null {
  if (ds.task === 'classification' && ds.targetShape.length === 0) return null;
  const gives = ds.task === 'regression' ? 'numbers to predict' : `labels shaped ${formatShape(['B', ...ds.targetShape])}`;
  return fail(`${type} learns from one class label per example; the dataset "${ds.name}" gives ${gives}`);
}
