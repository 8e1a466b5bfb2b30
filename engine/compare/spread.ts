/**
 * The spread of a figure over a few seeds: mean, sample standard deviation and
 * a 95% confidence interval for the mean. With five seeds the normal
 * approximation would make the interval far too narrow, so it uses Student's t.
 */

export function mean(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

/** The sample standard deviation (divides by n − 1); undefined under two values. */
export function sampleStd(xs: readonly number[]): number | undefined {
  if (xs.length < 2) return undefined;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
}

/** Two-sided 95% quantiles t(0.975, df) for df = 1 … 30, from the standard tables. */
const T975 = [
  12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.306, 2.2622, 2.2281,
  2.201, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.093, 2.086,
  2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
];

/**
 * t(0.975, df): the table up to 30 degrees of freedom, then the Cornish–Fisher
 * expansion around the normal quantile (Abramowitz & Stegun 26.7.5), which is
 * within 1e-4 of the exact value from there on.
 */
export function t975(df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new Error(`t975 needs a whole number of degrees of freedom ≥ 1, got ${df}`);
  if (df <= T975.length) return T975[df - 1]!;
  const z = 1.959963984540054;
  const g1 = (z ** 3 + z) / 4;
  const g2 = (5 * z ** 5 + 16 * z ** 3 + 3 * z) / 96;
  const g3 = (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / 384;
  const g4 = (79 * z ** 9 + 776 * z ** 7 + 1482 * z ** 5 - 1920 * z ** 3 - 945 * z) / 92160;
  return z + g1 / df + g2 / df ** 2 + g3 / df ** 3 + g4 / df ** 4;
}

export interface Spread {
  mean: number;
  /** Absent under two values. */
  std?: number;
  /** mean ± t(0.975, n − 1)·std/√n; absent under two values. */
  ci95?: [number, number];
}

export function spread(xs: readonly number[]): Spread {
  const m = mean(xs);
  const s = sampleStd(xs);
  if (s === undefined) return { mean: m };
  const half = (t975(xs.length - 1) * s) / Math.sqrt(xs.length);
  return { mean: m, std: s, ci95: [m - half, m + half] };
}
