import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { MixedScaleTokenizer, cutImage, ecdf, gbasLoss } from '../../../../engine/nodes/gates/mixed-scale-tokenizer';
import { forEachBackend } from '../../../helpers/backend';
import { applyNode, presetGraph, trainStepsNoLeak, values } from './node-harness';

const close = (xs: number[], d = 5) => xs.map((v) => expect.closeTo(v, d));

/** Tokenizer weights for a 4×4 image (one 4×4 region, 2×2 patches, D = 4) with identity embeddings. */
function tokVars(gateBias: number): Record<string, tf.Tensor> {
  return {
    gate1: tf.zeros([16, 2]), gateBias1: tf.zeros([2]), gate2: tf.zeros([2, 1]), gateBias2: tf.tensor1d([gateBias]),
    fineEmbed: tf.eye(4), fineBias: tf.zeros([4]), coarseEmbed: tf.eye(4), coarseBias: tf.zeros([4]),
    position: tf.zeros([1, 4, 4]), rho: tf.zeros([1]), kappa: tf.zeros([1]),
  };
}

forEachBackend('MSViT nodes', () => {
  it('cuts an image into regions, fine patches and 2×2-averaged coarse patches (hand-computed)', () => {
    tf.tidy(() => {
      const img = tf.reshape(tf.range(0, 16, 1, 'float32'), [1, 4, 4]);   // rows 0-3, 4-7, 8-11, 12-15
      const { regions, fine, coarse } = cutImage(img, 2);
      expect(regions.shape).toEqual([1, 1, 16]);
      expect(values(fine)).toEqual([0, 1, 4, 5, 2, 3, 6, 7, 8, 9, 12, 13, 10, 11, 14, 15]);
      expect(values(coarse)).toEqual([2.5, 4.5, 10.5, 12.5]);            // the mean of each fine patch
    });
  });

  it('a closed gate makes one coarse token and masks three slots; an open gate makes four fine tokens', () => {
    tf.tidy(() => {
      const img = tf.reshape(tf.range(0, 16, 1, 'float32'), [1, 4, 4]);
      const closed = applyNode(MixedScaleTokenizer, { image: img }, tokVars(-5), { patch: 2, dim: 4 });
      expect(values(closed.out.keep!)).toEqual([1, 0, 0, 0]);
      expect(values(closed.out.tokens!).slice(0, 4)).toEqual(close([2.5, 4.5, 10.5, 12.5]));
      const open = applyNode(MixedScaleTokenizer, { image: img }, tokVars(5), { patch: 2, dim: 4 });
      expect(values(open.out.keep!)).toEqual([1, 1, 1, 1]);
      expect(values(open.out.tokens!)).toEqual(close([0, 1, 4, 5, 2, 3, 6, 7, 8, 9, 12, 13, 10, 11, 14, 15]));
    });
  });

  it('counts tokens per image and the fine share by region kind: two busy regions of four make 10 of 16 tokens', () => {
    tf.tidy(() => {
      const img = tf.concat([tf.zeros([1, 4, 4]), tf.reshape(tf.range(0, 16, 1, 'float32'), [1, 4, 4])], 2); // [1, 4, 8]: two regions side by side
      const square = tf.concat([img, img], 1);                             // [1, 8, 8]: four regions
      const vars: Record<string, tf.Tensor> = { ...tokVars(0), position: tf.zeros([4, 4, 4]), rho: tf.zeros([4]), kappa: tf.zeros([4]), gate1: tf.zeros([16, 2]) };
      // The gate sees each region minus its mean; with a positive weight on |pixel 0 − mean| only busy regions open.
      vars.gate1 = tf.concat([tf.fill([1, 2], -1), tf.zeros([15, 2])]);
      vars.gate2 = tf.ones([2, 1]);
      vars.gateBias2 = tf.tensor1d([-1]);
      const r = applyNode(MixedScaleTokenizer, { image: square, group: tf.tensor2d([[0, 1, 0, 1]], [1, 4], 'int32') }, vars, { patch: 2, dim: 4 });
      expect(values(r.records['fineShareCluttered']!)).toEqual([1]);
      expect(values(r.records['fineShareFlat']!)).toEqual([0]);
      expect(values(r.records['tokensPerImage']!)).toEqual([10]);         // 2 coarse + 2 × 4 fine
    });
  });

  it('batch-shaping matches each position\'s batch of gate values to its prior CDF', () => {
    tf.tidy(() => {
      expect(values(ecdf(tf.tensor2d([[0.3, 0.1, 0.2]])))).toEqual(close([0.75, 0.25, 0.5]));
      // One position, values already spread like a relaxed Bernoulli with μ = 0.5, τ = 1 (F(x) = x): the loss is small;
      // all values piled at one point is worse.
      const spread = gbasLoss(tf.tensor2d([[0.25], [0.5], [0.75]]), tf.zeros([1]), tf.fill([1], 20), 0.5, 0.1).bas;
      const piled = gbasLoss(tf.tensor2d([[0.5], [0.5], [0.5]]), tf.zeros([1]), tf.fill([1], 20), 0.5, 0.1).bas;
      expect(values(spread)[0]!).toBeLessThan(values(piled)[0]!);
      expect(values(spread)[0]).toBeCloseTo(0, 4);
    });
  });

  it('the msvit graph trains a few steps with finite losses and no tensor leak', async () => {
    await trainStepsNoLeak(presetGraph('msvit', 5), 3);
  }, 30_000);
});
