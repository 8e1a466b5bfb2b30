import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { MaskedTransformerBlock } from '../../../../engine/nodes/gates/masked-transformer-block';
import { forEachBackend } from '../../../helpers/backend';
import { applyNode, values } from './node-harness';

forEachBackend('MaskedTransformerBlock', () => {
  it('ignores masked tokens: the kept ones come out as if the masked one were absent', () => {
    tf.tidy(() => {
      const D = 4;
      const w = {
        wq: tf.eye(D), wk: tf.eye(D), wv: tf.eye(D), wo: tf.eye(D),
        ln1g: tf.ones([D]), ln1b: tf.zeros([D]), ln2g: tf.ones([D]), ln2b: tf.zeros([D]),
        w1: tf.zeros([D, 2 * D]), b1: tf.zeros([2 * D]), w2: tf.zeros([2 * D, D]), b2: tf.zeros([D]),
      };
      const x = tf.tensor3d([[[1, 0, 0, 0], [0, 1, 0, 0], [9, 9, 9, -9]]]);
      const kept = applyNode(MaskedTransformerBlock, { tokens: x, keep: tf.tensor2d([[1, 1, 0]]) }, w, { heads: 1 }).out.tokens!;
      const alone = applyNode(MaskedTransformerBlock, { tokens: tf.slice(x, [0, 0, 0], [1, 2, 4]), keep: tf.ones([1, 2]) }, w, { heads: 1 }).out.tokens!;
      expect(values(tf.slice(kept, [0, 0, 0], [1, 2, 4]))).toEqual(values(alone).map((v) => expect.closeTo(v, 4)));
    });
  });
});
