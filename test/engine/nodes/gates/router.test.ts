import { it, expect } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { forEachBackend, expectNoLeak } from '../../../helpers/backend';
import {
  capacityMask, combine, groupPurity, loadBalanceLoss, maskedSoftmax, quantileMask, ranks, renormalize, routeTopK, thresholdMask, topKMask,
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

  it('switching off an expert (k = 2, by hand): its logit is −∞ before top-k, tokens take the next best, weights renormalise', async () => {
    await expectNoLeak(() => {
      const l = tf.tensor2d([[1, 2, 0, 3]]);
      const got = tf.tidy(() => ({
        plain: routeTopK(l, 2).weights.arraySync() as number[][],
        off3: routeTopK(l, 2, 'topk-softmax', false, 3).weights.arraySync() as number[][],
        off1: routeTopK(l, 2, 'topk-softmax', false, 1).weights.arraySync() as number[][],
        sm: routeTopK(l, 2, 'softmax-topk', false, 3).weights.arraySync() as number[][],
        smRenorm: routeTopK(l, 2, 'softmax-topk', true, 3).weights.arraySync() as number[][],
        allMask: routeTopK(l, 4, 'topk-softmax', false, 3).mask.arraySync() as number[][],
        all: routeTopK(l, 4, 'topk-softmax', false, 3).weights.arraySync() as number[][],
        past: routeTopK(l, 2, 'topk-softmax', false, 9).weights.arraySync() as number[][],
        grad: tf.grad((x: tf.Tensor) => tf.sum(tf.mul(routeTopK(x, 2, 'topk-softmax', false, 3).weights, tf.tensor2d([[1, 5, 1, 2]]))))(l).arraySync() as number[][],
      }));
      const e = Math.E, e2 = e * e, e3 = e2 * e;
      close(got.plain, [[0, e2 / (e2 + e3), 0, e3 / (e2 + e3)]]);
      // expert 3 (the best) off: the top 2 of [1, 2, 0, −∞] are experts 0 and 1, softmax([1, 2])
      close(got.off3, [[e / (e + e2), e2 / (e + e2), 0, 0]]);
      // expert 1 off: experts 3 and 0, softmax([3, 1])
      close(got.off1, [[e / (e + e3), 0, 0, e3 / (e + e3)]]);
      // softmax over all E first: expert 3's probability is 0, the others share the whole softmax
      const z = e + e2 + 1;
      close(got.sm, [[e / z, e2 / z, 0, 0]]);
      close(got.smRenorm, [[e / (e + e2), e2 / (e + e2), 0, 0]]);
      // k = E: the mask drops the expert too, the other three share a softmax
      const z3 = e + e2 + 1;
      close(got.allMask, [[1, 1, 1, 0]]);
      close(got.all, [[e / z3, e2 / z3, 1 / z3, 0]]);
      // an index past the last means the last
      close(got.past, got.off3);
      // gradient: finite, and only the kept logits move
      const w0 = e / (e + e2), w1 = 1 - w0;
      close(got.grad, [[w0 * w1 * (1 - 5), -w0 * w1 * (1 - 5), 0, 0]], 1e-4);
      l.dispose();
    });
  });

  it('capacity (by hand): each expert keeps its first ceil(factor · N · k / E) assignments in token order; no gradient', async () => {
    await expectNoLeak(() => {
      const got = tf.tidy(() => {
        // 6 tokens, 2 experts, k = 1, factor 1: capacity 3; expert 0 gets tokens 0, 1, 3, 4, 5 and keeps 0, 1, 3
        const k1 = tf.tensor2d([[1, 0], [1, 0], [0, 1], [1, 0], [1, 0], [1, 0]]);
        // 4 tokens, 3 experts, k = 2, factor 1: capacity ceil(8 / 3) = 3; expert 0's fourth token is dropped
        const k2 = tf.tensor2d([[1, 1, 0], [1, 0, 1], [1, 1, 0], [1, 1, 0]]);
        const g = tf.grad((m: tf.Tensor) => tf.sum(capacityMask(m, 1, 1)))(k1);
        return {
          k1: capacityMask(k1, 1, 1).arraySync() as number[][], k2: capacityMask(k2, 2, 1).arraySync() as number[][],
          half: capacityMask(k1, 1, 0.5).arraySync() as number[][], grad: g.arraySync() as number[][],
        };
      });
      expect(got.k1).toEqual([[1, 0], [1, 0], [0, 1], [1, 0], [0, 0], [0, 0]]);
      expect(got.k2).toEqual([[1, 1, 0], [1, 0, 1], [1, 1, 0], [0, 1, 0]]);
      // factor 0.5: capacity ceil(1.5) = 2
      expect(got.half).toEqual([[1, 0], [1, 0], [0, 1], [0, 0], [0, 0], [0, 0]]);
      expect(got.grad.flat().every((v) => v === 0)).toBe(true);
    });
  });
});
