/**
 * How far a fitted Gaussian mixture of experts is from the true one, measured
 * as Nguyen et al. (2024) do: each fitted expert joins the Voronoi cell of the
 * true expert nearest to it in (gate slope, expert slope, intercept, variance);
 * a cell's gate weights exp(β0) should add up to the true one's, and each
 * member's parameters should sit near its true expert's.
 *
 *   D1 = Σ_j |Σ_{i∈A_j} e^{β0i} − e^{β0j*}| + Σ_j Σ_{i∈A_j} e^{β0i} (|Δβ1| + |Δa| + |Δb| + |Δν|)
 *
 * D2 is D1 with the differences of a cell of m ≥ 2 fitted experts raised to the
 * powers r̄(m) for β1 and b and r̄(m)/2 for a and ν (r̄(2) = 4, r̄(3) = 6): the
 * loss whose rate stays n^(−1/2) when the model has more experts than the truth.
 * Softmax gating does not change when the same (c0, c1) is added to every
 * expert's (β0, β1), so both mixtures are first put in one form: Σ e^{β0} = 1
 * and the e^{β0}-weighted mean of β1 is 0. One input dimension.
 */
export interface MixtureParams {
  gateSlope: number[];
  gateBias: number[];
  slope: number[];
  intercept: number[];
  sigma: number[];
}

/** r̄(m) for m = 1..3 fitted experts in one cell; beyond that the paper's value grows, 2m is its pattern. */
const rBar = (m: number) => (m <= 1 ? 1 : 2 * m);

/** The mixture in its one form modulo the gate's translation. */
export function normalizeGate(p: MixtureParams): MixtureParams {
  const m = Math.max(...p.gateBias);
  const lse = m + Math.log(p.gateBias.reduce((s, b) => s + Math.exp(b - m), 0));
  const gateBias = p.gateBias.map((b) => b - lse);
  const mean = gateBias.reduce((s, b, i) => s + Math.exp(b) * p.gateSlope[i]!, 0);
  return { ...p, gateBias, gateSlope: p.gateSlope.map((s) => s - mean) };
}

/** Index of the true expert whose cell each fitted expert falls in (ties to the lower index). */
export function voronoiCells(fit: MixtureParams, truth: MixtureParams): number[] {
  const f = normalizeGate(fit), t = normalizeGate(truth);
  const point = (p: MixtureParams, i: number) => [p.gateSlope[i]!, p.slope[i]!, p.intercept[i]!, p.sigma[i]! ** 2];
  return f.slope.map((_, i) => {
    const w = point(f, i);
    let best = 0, bestD = Infinity;
    t.slope.forEach((_, j) => {
      const d = point(t, j).reduce((s, v, k) => s + (v - w[k]!) ** 2, 0);
      if (d < bestD) { bestD = d; best = j; }
    });
    return best;
  });
}

/** D1 (every difference to the first power) or D2 (powers r̄ in cells of two or more). */
export function voronoiLoss(fit: MixtureParams, truth: MixtureParams, kind: 'D1' | 'D2' = 'D1'): number {
  const f = normalizeGate(fit), t = normalizeGate(truth);
  const cells = voronoiCells(fit, truth);
  let loss = 0;
  t.slope.forEach((_, j) => {
    const members = cells.flatMap((c, i) => (c === j ? [i] : []));
    loss += Math.abs(members.reduce((s, i) => s + Math.exp(f.gateBias[i]!), 0) - Math.exp(t.gateBias[j]!));
    const r = kind === 'D2' ? rBar(members.length) : 1;
    const half = Math.max(1, r / 2);
    for (const i of members) {
      loss += Math.exp(f.gateBias[i]!) * (
        Math.abs(f.gateSlope[i]! - t.gateSlope[j]!) ** r + Math.abs(f.intercept[i]! - t.intercept[j]!) ** r +
        Math.abs(f.slope[i]! - t.slope[j]!) ** half + Math.abs(f.sigma[i]! ** 2 - t.sigma[j]! ** 2) ** half);
    }
  });
  return loss;
}
