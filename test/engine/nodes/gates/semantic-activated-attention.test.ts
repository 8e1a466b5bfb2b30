import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { forEachBackend, expectNoLeak } from '../../../helpers/backend';
import { SemanticActivatedAttention, semanticActivation } from '../../../../engine/nodes/gates/semantic-activated-attention';
import { isFailure, type DatasetInfo } from '../../../../engine/registry/defineNode';
import { withDefaults, type ParamValue } from '../../../../engine/registry/params';
import type { TensorInfo } from '../../../../engine/registry/ports';
import { applyNode, presetGraph, trainStepsNoLeak, values } from './node-harness';

const ctx = { nodeId: 'saa', dataset: { name: 't', task: 'regression', classes: 8, fields: {}, targetShape: [] } as DatasetInfo };
const t3 = (a: number, b: number): TensorInfo => ({ shape: ['B', a, b], dtype: 'float32' });
const infer = (ins: Parameters<typeof SemanticActivatedAttention.infer>[0], p: Record<string, ParamValue> = {}) =>
  SemanticActivatedAttention.infer(ins, withDefaults(SemanticActivatedAttention.params, p) as never, ctx);

describe('SemanticActivatedAttention shapes', () => {
  it('keeps the image shape; checks heads, tokens and base', () => {
    expect(infer({ h: t3(36, 8), id: t3(4, 8) })).toEqual({ out: t3(36, 8) });
    expect(infer({ h: t3(36, 8), id: t3(4, 5), base: t3(36, 8) })).toEqual({ out: t3(36, 8) });
    expect(isFailure(infer({ h: t3(36, 8), id: t3(4, 8) }, { heads: 3 }))).toBe(true);
    expect(isFailure(infer({ h: t3(36, 8), id: t3(4, 8), base: t3(35, 8) }))).toBe(true);
    expect(isFailure(infer({ h: { shape: ['B', 8], dtype: 'float32' }, id: t3(4, 8) }))).toBe(true);
  });
});

/** The hand case: D = 2, one head, one identity token, identity weights. */
function handCase(params: Record<string, ParamValue>, training = false) {
  const h = tf.tensor3d([[[1, 0], [0, 1], [2, 0]]]);      // 3 queries
  const id = tf.tensor3d([[[1, 1]]]);                      // 1 token
  const eye = tf.eye(2);
  return applyNode(SemanticActivatedAttention, { h, id }, { wq: eye, wk: eye, wv: eye, wo: eye }, { heads: 1, ...params }, { training });
}

forEachBackend('SemanticActivatedAttention', () => {
  it('activation: summed logits, min-max over the image, zero below the threshold', async () => {
    await expectNoLeak(() => {
      const [a, low] = tf.tidy(() => {
        // S [B=1, H=2, Nq=4, M=1]: summed over heads w = [0, 1, 2, 10]
        const S = tf.tensor4d([0, 0.5, 1, 4, 0, 0.5, 1, 6], [1, 2, 4, 1]);
        return [values(semanticActivation(S, 0.3)), values(semanticActivation(S, 0.05))];
      });
      [0, 0, 0, 1].forEach((v, i) => expect(a[i]).toBeCloseTo(v, 5));
      [0, 0.1, 0.2, 1].forEach((v, i) => expect(low[i]).toBeCloseTo(v, 5));
    });
  });

  it('forward by hand: the matching query gets base + λ·idout, the others are the base bit for bit', async () => {
    await expectNoLeak(() => {
      const r = tf.tidy(() => {
        const gated = handCase({ idScale: 2 });
        const always = handCase({ activation: 'always' });
        return { out: values(gated.out.out!), gate: values(gated.records.gate!), always: values(always.out.out!) };
      });
      // S_q = h_q·z/√2 = [1, 1, 2]/√2 → a = [0, 0, 1]; one token, so idout = z Wv Wo = [1, 1]
      expect(r.gate.slice(0, 2)).toEqual([0, 0]);
      expect(r.gate[2]).toBeCloseTo(1, 5);
      expect(r.out.slice(0, 4)).toEqual([1, 0, 0, 1]); // exactly the base (h)
      expect(r.out[4]).toBeCloseTo(2 + 2, 5);
      expect(r.out[5]).toBeCloseTo(0 + 2, 5);
      [2, 1, 1, 2, 3, 1].forEach((v, i) => expect(r.always[i]).toBeCloseTo(v, 5));
    });
  });

  it('as released the gate acts only at inference; activateDuringTraining trains through it', () => {
    const r = tf.tidy(() => ({
      released: values(handCase({}, true).out.out!),
      through: values(handCase({ activateDuringTraining: true }, true).out.out!),
    }));
    [2, 1, 1, 2, 3, 1].forEach((v, i) => expect(r.released[i]).toBeCloseTo(v, 5));
    expect(r.through.slice(0, 4)).toEqual([1, 0, 0, 1]);
  });

  it('the gate passes a gradient to the query weights when trained through', async () => {
    await expectNoLeak(() => {
      const g = tf.tidy(() => {
        const h = tf.tensor3d([[[1, 0.2], [0.1, 1], [2, -0.3], [0.5, 0.5]]]);
        const id = tf.tensor3d([[[1, 0.5], [0.2, -1]]]);
        const w = { wk: tf.eye(2), wv: tf.tensor2d([[0.3, -0.2], [0.1, 0.4]]), wo: tf.eye(2) };
        const f = (wq: tf.Tensor) => tf.sum(tf.square(applyNode(SemanticActivatedAttention, { h, id }, { ...w, wq }, { heads: 1, threshold: 0.1, activateDuringTraining: true }, { training: true }).out.out!));
        return values(tf.grad(f)(tf.tensor2d([[1, 0.3], [-0.2, 0.8]])));
      });
      expect(g.every(Number.isFinite)).toBe(true);
      expect(g.some((v) => Math.abs(v) > 1e-4)).toBe(true);
    });
  });

  for (const v of ['semantic activation (SAA)', 'plain decoupled (always on)', 'SAA at inference only (as released)']) {
    it(`trains in the preset (${v}) with the probe on, and leaks nothing`, async () => {
      const g = presetGraph('semantic-activated-attention', 1);
      const set = g.variants!.find((x) => x.name === v)!.set;
      await trainStepsNoLeak(presetGraph('semantic-activated-attention', 1, set), 3);
    });
  }
});
