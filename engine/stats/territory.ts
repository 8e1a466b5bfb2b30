/**
 * Router territory on 2-D data: for points of a grid over the plane, which
 * expert wins (largest dispatch weight) and by how much; for a gate, its mean
 * value at each point. Computed from a probe pass over the grid.
 */

/** Winner per row of w [N, E] (255 where every weight is 0) and its weight. */
export function routingTerritory(w: ArrayLike<number>, N: number, E: number): { winner: Uint8Array; weight: Float32Array } {
  const winner = new Uint8Array(N).fill(255);
  const weight = new Float32Array(N);
  for (let n = 0; n < N; n++) {
    let best = -1, bv = 0;
    for (let e = 0; e < E; e++) { const v = w[n * E + e]!; if (v > bv) { bv = v; best = e; } }
    if (best >= 0) { winner[n] = best; weight[n] = bv; }
  }
  return { winner, weight };
}

/** Mean of each of the N leading slices of a gate tensor (the gate's value at each grid point). */
export function gateAtPoints(values: ArrayLike<number>, N: number): Float32Array {
  const per = values.length / Math.max(N, 1);
  const out = new Float32Array(N);
  for (let n = 0; n < N; n++) {
    let s = 0;
    for (let k = 0; k < per; k++) s += values[n * per + k]!;
    out[n] = s / Math.max(per, 1);
  }
  return out;
}

/**
 * For each of `queries` 2-D points, the index of the nearest of `points`
 * (both flat [x, y, x, y, ...]): how a grid point borrows the other input
 * fields (a group id, a task id) of the example nearest to it.
 */
export function nearestRows(queries: ArrayLike<number>, points: ArrayLike<number>): Int32Array {
  const Q = queries.length / 2, P = points.length / 2;
  const out = new Int32Array(Q);
  for (let q = 0; q < Q; q++) {
    const qx = queries[2 * q]!, qy = queries[2 * q + 1]!;
    let best = 0, bd = Infinity;
    for (let p = 0; p < P; p++) {
      const dx = points[2 * p]! - qx, dy = points[2 * p + 1]! - qy;
      const d = dx * dx + dy * dy;
      if (d < bd) { bd = d; best = p; }
    }
    out[q] = best;
  }
  return out;
}
