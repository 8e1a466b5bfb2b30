/**
 * What the statistics know about the probe batch beyond its tensors: the
 * dataset's marks (query kind, token type, ...) for the probe rows, so a
 * statistic can be split by them.
 */
import type { Dataset } from '../data/dataset';

export interface ProbeMark {
  data: ArrayLike<number>;
  /** [probe rows, ...] */
  shape: number[];
}

export interface ProbeContext {
  marks?: Record<string, ProbeMark>;
}

/** The marks of dataset rows `rows` (the probe batch, in its order). */
export function probeContext(data: Dataset, rows: ArrayLike<number>): ProbeContext {
  if (!data.marks) return {};
  const marks: Record<string, ProbeMark> = Object.create(null);
  for (const [name, f] of Object.entries(data.marks)) {
    const N = f.shape[0]!;
    const stride = f.data.length / Math.max(N, 1);
    const out = new Float64Array(rows.length * stride);
    for (let r = 0; r < rows.length; r++) out.set(f.data.subarray(rows[r]! * stride, (rows[r]! + 1) * stride), r * stride);
    marks[name] = { data: out, shape: [rows.length, ...f.shape.slice(1)] };
  }
  return { marks };
}
