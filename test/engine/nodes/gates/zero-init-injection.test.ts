import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ZeroGatedInjection } from '../../../../engine/nodes/gates/zero-init-injection';
import { useBackend } from '../../../helpers/backend';
import { applyNode, values } from './node-harness';

describe('ZeroGatedInjection', () => {
  it('adds tanh(g_h)·(a W_v)_h per head: a hand-computed case', async () => {
    await useBackend('cpu');
    tf.tidy(() => {
      const attn = tf.tensor3d([[[1, 2, 3, 4], [5, 6, 7, 8]]]);         // B = 1, T = 2, D = 4
      const cond = tf.tensor2d([[1, 2]]);                                 // Dc = 2
      const wv = tf.tensor2d([[1, 0, 2, 0], [0, 1, 0, 3]]);               // a W_v = [1, 2, 2, 6]
      const vars = { gate: tf.tensor1d([Math.atanh(0.5), 0]), wv };        // head 0 half open, head 1 shut
      const { out, records } = applyNode(ZeroGatedInjection, { attn, cond }, vars, { heads: 2, prefix: false });
      expect(values(out.out!)).toEqual([1.5, 3, 3, 4, 5.5, 7, 7, 8]);
      expect(values(records.gate!).map((v) => +v.toFixed(6))).toEqual([0.5, 0]);
      expect(values(records.gateOpen!).map((v) => +v.toFixed(6))).toEqual([0.5, 0]);
      const ungated = applyNode(ZeroGatedInjection, { attn, cond }, vars, { heads: 2, prefix: false, mode: 'ungated' });
      expect(values(ungated.out.out!)).toEqual([2, 4, 5, 10, 6, 8, 9, 14]);
      const closed = applyNode(ZeroGatedInjection, { attn, cond }, vars, { heads: 2, prefix: false, mode: 'closed' });
      expect(values(closed.out.out!)).toEqual(values(attn));
    });
  });

  it('rejects a width that does not split into heads, and a condition per position', () => {
    const info = (shape: (number | 'B')[]) => ({ shape, dtype: 'float32' as const });
    const ctx = { nodeId: 'n', dataset: { name: 'd', task: 'classification' as const, classes: 2, fields: {}, targetShape: [] } };
    const p = { heads: 3, mode: 'zero-gate' as const, prefix: true };
    expect(ZeroGatedInjection.infer({ attn: info(['B', 5, 8]), cond: info(['B', 16]) }, p as never, ctx)).toHaveProperty('error');
    expect(ZeroGatedInjection.infer({ attn: info(['B', 5, 8]), cond: info(['B', 5, 16]) }, { ...p, heads: 4 } as never, ctx)).toHaveProperty('error');
    expect(ZeroGatedInjection.infer({ attn: info(['B', 5, 8]), cond: info(['B', 1, 16]) }, { ...p, heads: 4 } as never, ctx)).toEqual({ out: info(['B', 5, 8]) });
  });
});

