import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Softmax, TopKMask } from '../../../../engine/nodes/primitives/routing';
import { useBackend } from '../../../helpers/backend';
import { applyNode, values } from '../gates/node-harness';

beforeAll(() => useBackend('wasm'));

const ctx = { nodeId: 'n', dataset: { name: 'd', task: 'classification' as const, classes: 2, fields: {}, targetShape: [] } };
const f = (shape: (number | 'B')[]) => ({ shape, dtype: 'float32' as const });
const softmax = (v: number[]) => { const e = v.map(Math.exp); const z = e.reduce((a, b) => a + b); return e.map((q) => q / z); };

describe('Softmax', () => {
  it('along the last axis by default, along another axis when asked; never the batch', () => {
    tf.tidy(() => {
      const x = tf.tensor3d([[[1, 2], [3, 0]]]); // [1, 2, 2]
      const last = values(applyNode(Softmax, { in: x }, {}).out.out!);
      [...softmax([1, 2]), ...softmax([3, 0])].forEach((p, i) => expect(last[i]).toBeCloseTo(p, 6));
      const mid = values(applyNode(Softmax, { in: x }, {}, { axis: 1 }).out.out!);
      const [a, b] = softmax([1, 3]), [c, d] = softmax([2, 0]);
      [a, c, b, d].forEach((p, i) => expect(mid[i]).toBeCloseTo(p!, 6));
    });
    expect(Softmax.infer({ in: f(['B', 4]) }, { axis: 0 } as never, ctx)).toHaveProperty('error');
    expect(Softmax.infer({ in: f(['B', 4]) }, { axis: 2 } as never, ctx)).toHaveProperty('error');
  });
});

describe('TopKMask', () => {
  const scores = () => tf.tensor2d([[0.5, 3, 1, 3], [-1, -2, 4, 0]]);

  it('mask: exactly k per row, a tie going to the earlier entry', () => {
    tf.tidy(() => {
      expect(values(applyNode(TopKMask, { in: scores() }, {}, { k: 2 }).out.out!)).toEqual([0, 1, 0, 1, 0, 0, 1, 1]);
      expect(values(applyNode(TopKMask, { in: scores() }, {}, { k: 1 }).out.out!)).toEqual([0, 1, 0, 0, 0, 0, 1, 0]);
    });
  });

  it('masked-softmax: a softmax over the kept scores, 0 elsewhere', () => {
    tf.tidy(() => {
      const w = values(applyNode(TopKMask, { in: scores() }, {}, { k: 2, output: 'masked-softmax' }).out.out!);
      const [p, q] = softmax([4, 0]);
      [0, 0.5, 0, 0.5, 0, 0, p!, q!].forEach((v, i) => expect(w[i]).toBeCloseTo(v, 6));
    });
  });

  it('straight-through: the mask forward, the gradient of a softmax backward; the plain mask passes none', () => {
    tf.tidy(() => {
      const dy = tf.tensor2d([[1, -2, 0.5, 3], [2, 0, -1, 1]]);
      const through = (output: string) => (s: tf.Tensor) => tf.sum(tf.mul(dy, applyNode(TopKMask, { in: s }, {}, { k: 2, output }).out.out!));
      expect(values(applyNode(TopKMask, { in: scores() }, {}, { k: 2, output: 'straight-through' }).out.out!)).toEqual([0, 1, 0, 1, 0, 0, 1, 1]);
      const st = values(tf.grad(through('straight-through'))(scores()));
      const soft = values(tf.grad((s: tf.Tensor) => tf.sum(tf.mul(dy, tf.softmax(s))))(scores()));
      st.forEach((g, i) => expect(g).toBeCloseTo(soft[i]!, 6));
      expect(soft.some((g) => Math.abs(g) > 0.01)).toBe(true);
      expect(values(tf.grad(through('mask'))(scores()))).toEqual(Array(8).fill(0));
    });
  });

  it('refuses a k larger than the last axis', () => {
    expect(TopKMask.infer({ in: f(['B', 3]) }, { k: 4, output: 'mask' } as never, ctx)).toHaveProperty('error');
  });
});
