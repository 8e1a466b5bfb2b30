import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { sumOf } from '../../../engine/compile/ops';
import { useBackend } from '../../helpers/backend';

describe('sumOf', () => {
  beforeAll(async () => { await useBackend('cpu'); });

  it('sums 19 tensors (tiny-transformer has 19 weights to clip) with no tf.addN of more than 7 inputs', async () => {
    const ts = Array.from({ length: 19 }, (_, i) => tf.tensor1d([i, 2 * i]));
    const info = await tf.profile(() => sumOf(ts));
    const addN = info.kernels.filter((k) => k.name === 'AddN');
    expect(addN.length).toBeGreaterThan(1);
    expect(Math.max(...addN.map((k) => k.inputShapes.length))).toBeLessThanOrEqual(7);
    expect(Array.from(await (info.result as tf.Tensor).data())).toEqual([171, 342]); // 0 + 1 + … + 18 = 171
    tf.dispose([...ts, info.result as tf.Tensor]);
  });

  it('returns a single tensor as it is', () => {
    const t = tf.scalar(3);
    expect(sumOf([t])).toBe(t);
    t.dispose();
  });
});
