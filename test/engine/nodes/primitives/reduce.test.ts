import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Sum, Mean } from '../../../../engine/nodes/primitives/reduce';
import { useBackend } from '../../../helpers/backend';
import { applyNode, values } from '../gates/node-harness';

beforeAll(() => useBackend('wasm'));

const ctx = { nodeId: 'n', dataset: { name: 'd', task: 'classification' as const, classes: 2, fields: {}, targetShape: [] } };
const f = (shape: (number | 'B')[]) => ({ shape, dtype: 'float32' as const });

describe('Sum and Mean', () => {
  // [2, 2, 2]: two examples of two tokens
  const x = () => tf.tensor3d([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]);

  it('over the last axis, kept with size 1', () => {
    tf.tidy(() => {
      expect(applyNode(Sum, { in: x() }, {}).out.out!.shape).toEqual([2, 2, 1]);
      expect(values(applyNode(Sum, { in: x() }, {}).out.out!)).toEqual([3, 7, 11, 15]);
      expect(values(applyNode(Mean, { in: x() }, {}).out.out!)).toEqual([1.5, 3.5, 5.5, 7.5]);
    });
    expect(Mean.infer({ in: f(['B', 4, 3]) }, { over: 'last' } as never, ctx)).toEqual({ out: f(['B', 4, 1]) });
  });

  it('over the tokens: one value per channel, no batch axis', () => {
    tf.tidy(() => {
      expect(values(applyNode(Sum, { in: x() }, {}, { over: 'tokens' }).out.out!)).toEqual([16, 20]);
      expect(values(applyNode(Mean, { in: x() }, {}, { over: 'tokens' }).out.out!)).toEqual([4, 5]);
    });
    expect(Sum.infer({ in: f(['B', 4, 3]) }, { over: 'tokens' } as never, ctx)).toEqual({ out: f([3]) });
    expect(Sum.infer({ in: f([3]) }, { over: 'tokens' } as never, ctx)).toHaveProperty('error');
  });
});
