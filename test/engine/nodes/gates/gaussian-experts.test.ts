import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { GaussianExperts } from '../../../../engine/nodes/gates/gaussian-experts';
import { mixtureMean, mixtureNll } from '../../../../engine/compile/ops';
import { useBackend } from '../../../helpers/backend';
import { applyNode, values } from './node-harness';

/** −log Σ_i w_i N(y | μ_i, σ_i²), term by term in float64: the definition, no log-sum-exp. */
function directNll(w: number[], mu: number[], sigma: number[], y: number): number {
  const p = w.reduce((s, wi, i) => s + wi * Math.exp(-0.5 * ((y - mu[i]!) / sigma[i]!) ** 2) / (sigma[i]! * Math.sqrt(2 * Math.PI)), 0);
  return -Math.log(p);
}

describe('Gaussian experts and the mixture negative log-likelihood', () => {
  it('the experts hand the Output (weight, a·x + b, σ) per expert', async () => {
    await useBackend('cpu');
    tf.tidy(() => {
      const x = tf.tensor2d([[2], [-1]]);
      const weights = tf.tensor2d([[0.25, 0.75], [1, 0]]);
      const { out } = applyNode(GaussianExperts, { in: x, weights }, {
        kernel: tf.tensor2d([[1, -3]]), bias: tf.tensor1d([0.5, 1]), logSigma: tf.tensor1d([0, Math.log(2)]),
      });
      expect(out.mixture!.shape).toEqual([2, 2, 3]);
      const got = values(out.mixture!);
      const want = [0.25, 2.5, 1, 0.75, -5, 2, 1, -0.5, 1, 0, 4, 2];
      got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 5));
      // the mean prediction a fitted curve draws: 0.25·2.5 + 0.75·(−5), then 1·(−0.5)
      values(mixtureMean(out.mixture!)).forEach((v, i) => expect(v).toBeCloseTo([-3.125, -0.5][i]!, 5));
    });
  });

  it('mixture NLL equals the direct float64 computation, a top-K zero weight included', async () => {
    await useBackend('cpu');
    const rows = [
      { w: [0.3, 0.7, 0], mu: [0, 1.5, -2], sigma: [0.5, 1, 0.2], y: 0.4 },
      { w: [0, 0.1, 0.9], mu: [3, -1, 0.2], sigma: [1, 0.3, 0.7], y: -0.8 },
      { w: [1, 0, 0], mu: [0.1, 0, 0], sigma: [0.05, 1, 1], y: 0.3 },   // 4 σ out: the log-sum-exp keeps it finite
    ];
    const want = rows.map((r) => directNll(r.w, r.mu, r.sigma, r.y));
    const mixture = tf.tensor3d(rows.map((r) => r.w.map((w, i) => [w, r.mu[i]!, r.sigma[i]!])));
    const target = tf.tensor2d(rows.map((r) => [r.y]));
    const perRow = rows.map((_, n) => mixtureNll(tf.slice(mixture, [n, 0, 0], [1, -1, -1]), tf.slice(target, [n, 0], [1, -1])).dataSync()[0]!);
    perRow.forEach((v, n) => expect(v).toBeCloseTo(want[n]!, 4));
    expect(mixtureNll(mixture, target).dataSync()[0]).toBeCloseTo(want.reduce((a, b) => a + b) / 3, 4);
    // a mask counts only the rows it keeps
    expect(mixtureNll(mixture, target, tf.tensor1d([1, 0, 1])).dataSync()[0]).toBeCloseTo((want[0]! + want[2]!) / 2, 4);
    tf.dispose([mixture, target]);
  });
});
