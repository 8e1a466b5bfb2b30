/**
 * Gate statistics: mean, histogram, shares near 0 and 1,
 * the mean per token position, and one example's gates for the per-token
 * heatmap.
 */
import type { GateSummary } from './kinds';

export const HISTOGRAM_BINS = 20;
/** Columns kept in a per-token gate map: wider gates are averaged into this many groups. */
export const GATE_MAP_COLUMNS = 64;
/** Rows kept in a gate map of non-sequence data (one row per example). */
export const GATE_MAP_ROWS = 32;

/** Counts of values in `bins` equal bins over [lo, hi] (values outside are clamped into the end bins). */
export function histogram(values: ArrayLike<number>, lo: number, hi: number, bins = HISTOGRAM_BINS): number[] {
  const h = new Array<number>(bins).fill(0);
  const w = (hi - lo) / bins;
  for (let i = 0; i < values.length; i++) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor((values[i]! - lo) / w)));
    h[b]!++;
  }
  return h;
}

/**
 * Gate values of shape `shape`: mean, histogram over `range`, shares near 0
 * and 1 (within 5 % of the range's width), and for sequences [B, T, ...] the
 * mean per position.
 */
export function gateSummary(values: ArrayLike<number>, shape: readonly number[], range: [number, number] = [0, 1]): Pick<GateSummary, 'mean' | 'histogram' | 'near0' | 'near1' | 'perPosition'> {
  let sum = 0, near0 = 0, near1 = 0;
  const [lo, hi] = range;
  const tol = 0.05 * (hi - lo);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    sum += v;
    if (Math.abs(v) < tol) near0++;
    if (Math.abs(v - 1) < tol) near1++;
  }
  const n = Math.max(values.length, 1);
  const out: ReturnType<typeof gateSummary> = { mean: sum / n, histogram: histogram(values, lo, hi), near0: near0 / n, near1: near1 / n };
  if (shape.length >= 3) {
    // [B, T, ...]: mean over everything but the position axis
    const [B, T] = shape as [number, number];
    const inner = values.length / (B * T);
    const per = new Array<number>(T).fill(0);
    for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) for (let k = 0; k < inner; k++) per[t]! += values[(b * T + t) * inner + k]!;
    out.perPosition = per.map((s) => s / (B * inner));
  }
  return out;
}

/**
 * The gates of the probe batch's first example as a [rows][columns] map, for
 * the per-token heatmap:
 * - a sequence [B, T, U, ...]: [T][U], example 0, mean over the axes after U;
 * - a stack recorded per item [L, B, T, ...] (`perItem`): [L][T], example 0, mean over the rest;
 * - no sequence [B, U]: [min(B, GATE_MAP_ROWS)][U], one row per example.
 * More than GATE_MAP_COLUMNS columns are averaged into that many groups.
 */
export function gateMap(values: ArrayLike<number>, shape: readonly number[], perItem = false): number[][] {
  let rows: number, cols: number, rowStride: number, colStride: number, inner: number;
  if (perItem && shape.length >= 3) {
    const [L, B, T] = shape as [number, number, number];
    inner = values.length / (L * B * T);
    rows = L; cols = T; rowStride = B * T * inner; colStride = inner;
  } else if (shape.length >= 3) {
    const [B, T, U] = shape as [number, number, number];
    inner = values.length / (B * T * U);
    rows = T; cols = U; rowStride = U * inner; colStride = inner;
  } else if (shape.length === 2) {
    const [B, U] = shape as [number, number];
    inner = 1;
    rows = Math.min(B, GATE_MAP_ROWS); cols = U; rowStride = U; colStride = 1;
  } else {
    return [];
  }
  const groups = Math.min(cols, GATE_MAP_COLUMNS);
  const out: number[][] = [];
  for (let r = 0; r < rows; r++) {
    const row = new Array<number>(groups).fill(0);
    const n = new Array<number>(groups).fill(0);
    for (let c = 0; c < cols; c++) {
      const g = Math.floor((c * groups) / cols);
      for (let k = 0; k < inner; k++) { row[g]! += values[r * rowStride + c * colStride + k]!; n[g]!++; }
    }
    out.push(row.map((s, g) => Math.round((s / Math.max(n[g]!, 1)) * 1e4) / 1e4));
  }
  return out;
}
