/**
 * Data drawn from a known Gaussian mixture of experts with softmax gating: the
 * model whose maximum-likelihood fit Nguyen et al. (2024) analyse, so a fitted
 * model's parameters can be compared with the true ones (engine/stats/voronoi.ts).
 *
 *   x ~ U(−2, 2);   i ~ softmax(TopK(β1 x + β0; K));   y ~ N(a_i x + b_i, σ_i²)
 */
import { defineDataset } from './dataset';
import { samplesParam } from './points2d';
import type { MixtureParams } from '../stats/voronoi';

/** The true mixture: two experts (k* = 2), both kept by the gate (K = 2), lines of opposite slope. */
export const TRUE_MIXTURE: MixtureParams = {
  gateSlope: [2, -2],
  gateBias: [0, 0],
  slope: [1, -1],
  intercept: [0.5, -0.5],
  sigma: [0.3, 0.3],
};
const X_RANGE = 2;

export const GaussianMoE = defineDataset({
  name: 'gaussian-moe',
  label: 'Gaussian mixture of experts',
  kind: 'features',
  doc:
    'One number x in, one number y out, drawn from a known mixture of two experts: a softmax gate on x picks expert 1 ' +
    '(y ≈ x + 0.5) more often for positive x and expert 2 (y ≈ −x − 0.5) for negative x, and each expert adds Gaussian noise ' +
    'of spread 0.3. Near x = 0 both experts are likely, so y has two bumps. Because the true parameters are known, a fitted ' +
    'mixture can be checked against them.',
  params: { samples: samplesParam() },
  generate: ({ samples }, rng) => {
    const N = samples, t = TRUE_MIXTURE;
    const x = new Float32Array(N), y = new Float32Array(N);
    for (let n = 0; n < N; n++) {
      const v = (2 * rng.next() - 1) * X_RANGE;
      const p1 = 1 / (1 + Math.exp((t.gateSlope[1]! - t.gateSlope[0]!) * v + t.gateBias[1]! - t.gateBias[0]!));
      const i = rng.next() < p1 ? 0 : 1;
      x[n] = v;
      y[n] = t.slope[i]! * v + t.intercept[i]! + t.sigma[i]! * rng.normal();
    }
    return {
      inputs: { x: { data: x, shape: [N, 1], dtype: 'float32' } },
      target: { data: y, shape: [N, 1], dtype: 'float32' },
      task: 'regression',
      classes: 1,
      labels: ['y'],
    };
  },
});
