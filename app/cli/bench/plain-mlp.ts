/**
 * A plain per-sample JavaScript trainer for a Dense/tanh MLP with softmax
 * cross-entropy and Adam: no tensors, no kernels. It shows what tfjs's per-op
 * overhead costs on tiny models.
 */
import type { Rng } from '../../../engine/random';

export interface PlainMlp {
  step(xs: Float32Array, ys: Int32Array, idx: Int32Array): number;
  accuracy(xs: Float32Array, ys: Int32Array, rows: Int32Array): number;
}

export function plainMlp(sizes: number[], lr: number, rng: Rng): PlainMlp {
  const L = sizes.length - 1;
  const W = sizes.slice(0, -1).map((n, l) => {
    const m = sizes[l + 1]!, lim = Math.sqrt(6 / (n + m));
    return Float64Array.from({ length: n * m }, () => (2 * rng.next() - 1) * lim);
  });
  const b = sizes.slice(1).map((m) => new Float64Array(m));
  const params = [...W, ...b];
  const grads = params.map((p) => new Float64Array(p.length));
  const m1 = params.map((p) => new Float64Array(p.length));
  const m2 = params.map((p) => new Float64Array(p.length));
  const acts = sizes.map((n) => new Float64Array(n));
  const deltas = sizes.map((n) => new Float64Array(n));
  let t = 0;

  const forward = (xs: Float32Array, row: number) => {
    for (let i = 0; i < sizes[0]!; i++) acts[0]![i] = xs[row * sizes[0]! + i]!;
    for (let l = 0; l < L; l++) {
      const n = sizes[l]!, m = sizes[l + 1]!, a = acts[l]!, z = acts[l + 1]!, w = W[l]!;
      for (let j = 0; j < m; j++) {
        let s = b[l]![j]!;
        for (let i = 0; i < n; i++) s += a[i]! * w[i * m + j]!;
        z[j] = l < L - 1 ? Math.tanh(s) : s;
      }
    }
    return acts[L]!;
  };

  return {
    step(xs, ys, idx) {
      for (const g of grads) g.fill(0);
      let loss = 0;
      for (const row of idx) {
        const out = forward(xs, row);
        let max = -Infinity;
        for (const v of out) max = Math.max(max, v);
        let sum = 0;
        for (const v of out) sum += Math.exp(v - max);
        const y = ys[row]!;
        loss += Math.log(sum) + max - out[y]!;
        for (let j = 0; j < out.length; j++) deltas[L]![j] = Math.exp(out[j]! - max) / sum - (j === y ? 1 : 0);
        for (let l = L - 1; l >= 0; l--) {
          const n = sizes[l]!, m = sizes[l + 1]!, a = acts[l]!, d = deltas[l + 1]!, w = W[l]!, gw = grads[l]!, gb = grads[L + l]!;
          for (let j = 0; j < m; j++) gb[j]! += d[j]!;
          for (let i = 0; i < n; i++) {
            let back = 0;
            for (let j = 0; j < m; j++) { gw[i * m + j]! += a[i]! * d[j]!; back += w[i * m + j]! * d[j]!; }
            if (l > 0) deltas[l]![i] = back * (1 - a[i]! * a[i]!);
          }
        }
      }
      t++;
      const c1 = 1 - 0.9 ** t, c2 = 1 - 0.999 ** t;
      params.forEach((p, k) => {
        const g = grads[k]!, a = m1[k]!, v = m2[k]!;
        for (let i = 0; i < p.length; i++) {
          const gi = g[i]! / idx.length;
          a[i] = 0.9 * a[i]! + 0.1 * gi;
          v[i] = 0.999 * v[i]! + 0.001 * gi * gi;
          p[i]! -= (lr * (a[i]! / c1)) / (Math.sqrt(v[i]! / c2) + 1e-8);
        }
      });
      return loss / idx.length;
    },
    accuracy(xs, ys, rows) {
      let hit = 0;
      for (const row of rows) {
        const out = forward(xs, row);
        let best = 0;
        for (let j = 1; j < out.length; j++) if (out[j]! > out[best]!) best = j;
        if (best === ys[row]) hit++;
      }
      return hit / rows.length;
    },
  };
}
