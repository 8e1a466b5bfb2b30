import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { GatedAttention } from '../../../../engine/nodes/gates/gated-attention';
import { Attention } from '../../../../engine/nodes/attention';
import type { ApplyContext } from '../../../../engine/registry/defineNode';
import { withDefaults } from '../../../../engine/registry/params';
import { createRng } from '../../../../engine/random';
import { forEachBackend, useBackend } from '../../../helpers/backend';
import { applyNode, presetGraph, trainStepsNoLeak, values } from './node-harness';

const round = (xs: number[]) => xs.map((v) => +v.toFixed(5));

/**
 * A hand-computed case: B = 1, T = 2, D = 2, one head. W_q = W_k = 0, so every
 * score is 0 and attention is uniform over the keys the mask allows; W_v = I,
 * so V = x. Under the causal mask A = [[1, 0], [½, ½]] and Y = [[1, 0], [½, ½]].
 */
describe('GatedAttention', () => {
  const x = () => tf.tensor3d([[[1, 0], [0, 1]]]);
  const base = () => ({ wq: tf.zeros([2, 2]), wk: tf.zeros([2, 2]), wv: tf.eye(2), wo: tf.tensor2d([[1, 0], [0, 2]]) });

  it('headwise: σ(x W_θ) scales each head output before W_o', async () => {
    await useBackend('cpu');
    tf.tidy(() => {
      // gate logits: token 0 → 0 (σ = ½), token 1 → ln 3 (σ = ¾)
      const vars = { ...base(), wg: tf.tensor2d([[0], [Math.log(3)]]) };
      const { out, records } = applyNode(GatedAttention, { in: x() }, vars, { heads: 1, gate: 'headwise', causal: 'causal' });
      // Y' = [[½, 0], [⅜, ⅜]], then W_o doubles the second channel
      expect(round(values(out.out!))).toEqual([0.5, 0, 0.375, 0.75]);
      expect(records.gate!.shape).toEqual([1, 2, 1, 1]);
      expect(round(values(records.gate!))).toEqual([0.5, 0.75]);
      expect(round(values(records.attention!))).toEqual([1, 0, 0.5, 0.5]);
      expect(values(records.firstTokenValueRatio!)[0]).toBeCloseTo(1, 5); // ‖v_0‖ = ‖v_1‖ = 1
    });
  });

  it('elementwise: one gate per channel; zero gate weights give σ(0) = ½ everywhere', () => {
    tf.tidy(() => {
      const vars = { ...base(), wg: tf.tensor2d([[0, 0], [0, Math.log(3)]]) };
      const { out, records } = applyNode(GatedAttention, { in: x() }, vars, { heads: 1, gate: 'elementwise', causal: 'causal' });
      // token 0 gates [½, ½]; token 1 gates [½, ¾]: Y' = [[½, 0], [¼, ⅜]]
      expect(round(values(out.out!))).toEqual([0.5, 0, 0.25, 0.75]);
      expect(records.gate!.shape).toEqual([1, 2, 1, 2]);
    });
  });

  it('causal-no-self: a query sees only earlier keys (the first sees itself)', () => {
    tf.tidy(() => {
      const { out, records } = applyNode(GatedAttention, { in: x() }, base(), { heads: 1, gate: 'none', causal: 'causal-no-self' });
      expect(round(values(records.attention!))).toEqual([1, 0, 1, 0]);
      expect(round(values(out.out!))).toEqual([1, 0, 1, 0]);
      expect(records.gate).toBeUndefined();
    });
  });

  it('position "output" gates after W_o (G5)', () => {
    tf.tidy(() => {
      const vars = { ...base(), wg: tf.tensor2d([[0], [Math.log(3)]]) };
      const { out } = applyNode(GatedAttention, { in: x() }, vars, { heads: 1, gate: 'headwise', causal: 'causal', position: 'output' });
      // o = Y W_o = [[1, 0], [½, 1]], times [½, ¾] per token
      expect(round(values(out.out!))).toEqual([0.5, 0, 0.375, 0.75]);
    });
  });

  it('with gate "none" it is exactly the plain Attention node (an oracle we did not write for this)', () => {
    tf.tidy(() => {
      const r = createRng(3);
      const rand = (shape: number[]) => tf.tensor(Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => r.normal()), shape);
      const vars = { wq: rand([8, 8]), wk: rand([8, 8]), wv: rand([8, 8]), wo: rand([8, 8]) };
      const input = rand([2, 5, 8]);
      const p = { heads: 2, causal: 'causal' as const };
      const gated = applyNode(GatedAttention, { in: input }, vars, { ...p, gate: 'none' }).out.out!;
      const plain = applyNode(Attention, { in: input }, vars, p).out.out!;
      expect(values(gated)).toEqual(values(plain));
      // and a gate clamped open at 1 by an intervention gives the same output
      const wg = rand([8, 2]);
      const ctx: ApplyContext<never> = {
        nodeId: 'n', params: withDefaults(GatedAttention.params, { ...p, gate: 'headwise' }) as never, training: false, step: 0,
        rng: createRng(1), probe: { enabled: false, record: () => {} }, addLoss: () => {}, interventions: { 'n.gate': 1 },
      };
      const open = GatedAttention.apply({ in: input }, { ...vars, wg } as never, ctx).out!;
      expect(Math.max(...values(tf.abs(tf.sub(open, plain))))).toBeLessThan(1e-5);
    });
  });

  it('rejects a width that does not split into heads, and makes W_θ the right size', () => {
    const ctx = { nodeId: 'n', dataset: { name: 'd', task: 'classification' as const, classes: 2, fields: {}, targetShape: [] } };
    const info = { shape: ['B', 4, 6] as ('B' | number)[], dtype: 'float32' as const };
    const p = withDefaults(GatedAttention.params, { heads: 4 }) as never;
    expect(GatedAttention.infer({ in: info }, p, ctx)).toHaveProperty('error');
    expect(GatedAttention.infer({ in: { ...info, shape: ['B', 4, 8] } }, p, ctx)).toEqual({ out: { shape: ['B', 4, 8], dtype: 'float32' } });
  });
});

forEachBackend('GatedAttention trains', () => {
  for (const gate of ['elementwise', 'headwise', 'none'] as const) {
    it(`${gate} gate: training steps with statistics, no tensor leaked`, async () => {
      const g = presetGraph('gated-attention', 3, { 'attn.gate': gate });
      g.training.dataset = { ...g.training.dataset, samples: 64 };
      await trainStepsNoLeak(g, 3);
    });
  }
});
