import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { MaskedMeanPool } from '../../../../engine/nodes/gates/masked-mean-pool';
import { forEachBackend } from '../../../helpers/backend';
import { applyNode, values } from './node-harness';

forEachBackend('MaskedMeanPool', () => {
  it('averages only the kept tokens (hand-computed)', () => {
    tf.tidy(() => {
      const x = tf.tensor3d([[[1, 0, 0, 0], [0, 1, 0, 0], [9, 9, 9, -9]]]);
      const pooled = applyNode(MaskedMeanPool, { tokens: x, keep: tf.tensor2d([[1, 1, 0]]) }, {}).out.out!;
      expect(values(pooled)).toEqual([0.5, 0.5, 0, 0].map((v) => expect.closeTo(v, 5)));
    });
  });
});
