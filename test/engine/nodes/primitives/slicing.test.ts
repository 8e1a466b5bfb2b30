import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { Split, Slice } from '../../../../engine/nodes/primitives/slicing';
import { useBackend } from '../../../helpers/backend';
import { applyNode, values } from '../gates/node-harness';

beforeAll(() => useBackend('wasm'));

const ctx = { nodeId: 'n', dataset: { name: 'd', task: 'classification' as const, classes: 2, fields: {}, targetShape: [] } };
const f = (shape: (number | 'B')[]) => ({ shape, dtype: 'float32' as const });

describe('Split and Slice', () => {
  it('Split: the first and second halves of the last axis; an odd width is refused', () => {
    tf.tidy(() => {
      const { out } = applyNode(Split, { in: tf.tensor2d([[1, 2, 3, 4], [5, 6, 7, 8]]) }, {});
      expect(values(out.first!)).toEqual([1, 2, 5, 6]);
      expect(values(out.second!)).toEqual([3, 4, 7, 8]);
    });
    expect(Split.infer({ in: f(['B', 6]) }, {} as never, ctx)).toEqual({ first: f(['B', 3]), second: f(['B', 3]) });
    expect(Split.infer({ in: f(['B', 5]) }, {} as never, ctx)).toHaveProperty('error');
  });

  it('Slice: size channels from start, on any leading shape; past the end is refused', () => {
    tf.tidy(() => {
      const x = tf.tensor3d([[[1, 2, 3], [4, 5, 6]]]);
      expect(values(applyNode(Slice, { in: x }, {}, { start: 1, size: 2 }).out.out!)).toEqual([2, 3, 5, 6]);
    });
    expect(Slice.infer({ in: f(['B', 4, 3]) }, { start: 2, size: 1 } as never, ctx)).toEqual({ out: f(['B', 4, 1]) });
    expect(Slice.infer({ in: f(['B', 3]) }, { start: 2, size: 2 } as never, ctx)).toHaveProperty('error');
  });
});
