import { it, expect } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { forEachBackend, expectNoLeak } from '../../../helpers/backend';
import {
  combine, groupPurity, loadBalanceLoss, maskedSoftmax, quantileMask, ranks, renormalize, routeTopK, thresholdMask, topKMask,
} from '../../../../engine/nodes/gates/router';

const close = (a: number[] | number[][], b: number[] | number[][], tol = 1e-5) =>
  expect(a.flat().every((v, i) => Math.abs(v - (b.flat()[i] as number)) < tol), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(true);

forEachBackend('router primitive', () => {
  it('ranks entries per row, ties to the lower index, so top-k keeps exactly k', async () => {
    await expectNoLeak(() => {
      const s = tf.tensor2d([[0.1, 3, -1, 2], [1, 1, 1, 0]]);
      const [r, m2, m1] = tf.tidy(() => [ranks(s), topKMask(s, 2), topKMask(s, 1)].map((t) => t.arraySync() as number[][]));
      expect(r).toEqual([[2, 0, 3, 1], [0, 1, 2, 3]]);
      expect(m2).toEqual([[0, 1, 0, 1], [1, 1, 0, 0]]);
      expect(m1).toEqual([[0, 1, 0, 0], [1, 0, 0, 0]]);
      s.dispose();
    });
  });

  it('top-k softmax: softmax over the kept logits only; gradient reaches only kept logits', async () => {
    await expectNoLeak(() => {
      const l = tf.tensor2d([[1, 2, 0, 3]]);
      const { w, g } = tf.tidy(() => {
        const r = routeTopK(l, 2);
        const grad = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(routeTopK(x, 2).weights, tf.tensor2d([[1, 5, 1, 2]]))))(l);
        return { w: r.weights.arraySync() as number[][], g: grad.arraySync() as number[][] };
      });
      const e2 = Math.exp(2), e3 = Math.exp(3);
      close(w, [[0, e2 / (e2 + e3), 0, e3 / (e2 + e3)]]);
      // d/dl of 5 w2 + 2 w4 with w = softmax(l2, l4): only the kept logits move
      const w2 = e2 / (e2 + e3), w4 = 1 - w2;
      close(g, [[0, w2 * w4 * (5 - 2), 0, -w2 * w4 * (5 - 2)]], 1e-4);
      l.dispose();
    });
  });

  it('softmax-topk keeps the full-softmax probabilities, renormalised on request', () => {
    const l = tf.tensor2d([[0, Math.log(2), Math.log(3), Math.log(4)]]);
    const [raw = [], norm = []] = tf.tidy(() => [routeTopK(l, 2, 'softmax-topk').weights, routeTopK(l, 2, 'softmax-topk', true).weights].map((t) => t.arraySync() as number[][]));
    close(raw, [[0, 0, 0.3, 0.4]]);
    close(norm, [[0, 0, 3 / 7, 4 / 7]]);
    l.dispose();
  });

  it('threshold, batch quantile, masked softmax, renormalise and combine', () => {
    const out = tf.tidy(() => {
      const s = tf.tensor2d([[0.2, 0.9], [0.7, 0.1], [0.5, 0.6], [0.9, 0.3]]);
      return {
        th: thresholdMask(s, 0.5).arraySync(),
        q: quantileMask(s, 0.5).arraySync(),
        ms: maskedSoftmax(tf.tensor2d([[1, 1, 5]]), tf.tensor2d([[1, 1, 0]])).arraySync(),
        rn: renormalize(tf.tensor2d([[1, 3], [0, 0]])).arraySync(),
        y: combine(tf.tensor3d([[[1, 2], [10, 20]]]), tf.tensor2d([[0.25, 0.75]])).arraySync(),
      };
    });
    expect(out.th).toEqual([[0, 1], [1, 0], [0, 1], [1, 0]]);
    expect(out.q).toEqual([[0, 1], [1, 0], [0, 1], [1, 0]]); // the top half of each column
    close(out.ms as number[][], [[0.5, 0.5, 0]]);
    close(out.rn as number[][], [[0.25, 0.75], [0, 0]]);
    close(out.y as number[][], [[7.75, 15.5]]);
  });

  it('load balance E·Σ f_i P_i: hand-computed, 1 when even, η weighs each expert', () => {
    const v = tf.tidy(() => {
      const p = tf.tensor2d([[0.7, 0.2, 0.1], [0.6, 0.3, 0.1]]);
      const m = tf.tensor2d([[1, 1, 0], [1, 1, 0]]);
      const even = tf.tensor2d([[0.5, 0.5], [0.5, 0.5]]);
      return [
        loadBalanceLoss(p, m).arraySync(),
        loadBalanceLoss(even, tf.tensor2d([[1, 0], [0, 1]])).arraySync(),
        loadBalanceLoss(p, m, [1, 0.5, 1]).arraySync(),
      ] as number[];
    });
    // f = [0.5, 0.5, 0], P = [0.65, 0.25, 0.1]
    expect(v[0]).toBeCloseTo(3 * (0.5 * 0.65 + 0.5 * 0.25), 5);
    expect(v[1]).toBeCloseTo(1, 5);
    expect(v[2]).toBeCloseTo(3 * (0.5 * 0.65 + 0.5 * 0.5 * 0.25), 5);
  });

  it('group purity: 1 when each expert serves one group, 1/G when routing ignores groups', () => {
    const [pure, mixed] = tf.tidy(() => {
      const groups = tf.tensor1d([0, 0, 1, 1], 'int32');
      const own = tf.tensor2d([[0.9, 0.1], [0.8, 0.2], [0.1, 0.9], [0.3, 0.7]]);
      const one = tf.tensor2d([[0.9, 0.1], [0.8, 0.2], [0.6, 0.4], [0.7, 0.3]]);
      return [groupPurity(own, groups, 2).arraySync(), groupPurity(one, groups, 2).arraySync()] as number[];
    });
    expect(pure).toBeCloseTo(1, 6);
    expect(mixed).toBeCloseTo(0.5, 6);
  });
});
