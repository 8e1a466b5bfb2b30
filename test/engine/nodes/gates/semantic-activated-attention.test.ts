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

/**
 * The two-identity case: D = 2, one head, identity weights; token 0 is person 0's, token 1 person 1's.
 * Query 0 lies in person 0's box, query 1 in person 1's, queries 2 and 3 in neither.
 */
const H = [[1, 0], [0, 1], [2, 0], [0.5, 0.5]];
const Z = [[1, 1], [-1, 2]];
const REGIONS = [[1, 0], [0, 1], [0, 0], [0, 0]];
function twoIdentities(params: Record<string, ParamValue>, extra: Record<string, tf.Tensor> = {}, training = false) {
  const eye = tf.eye(2);
  return applyNode(SemanticActivatedAttention, { h: tf.tensor3d([H]), id: tf.tensor3d([Z]), regions: tf.tensor3d([REGIONS]) },
    { wq: eye, wk: eye, wv: eye, wo: eye, ...extra }, { heads: 1, ...params }, { training });
}

/** The same by hand: raw logits S = h·z/√2, softmax over the tokens a query may read, out = h + Σ P z; leakage over the two boxed queries. */
function direct(masks: boolean) {
  const S = H.map((h) => Z.map((z) => (h[0]! * z[0]! + h[1]! * z[1]!) / Math.SQRT2));
  const P = S.map((s, q) => {
    const own = REGIONS[q]!.indexOf(1);
    const e = s.map((v, t) => (masks && own >= 0 && t !== own ? 0 : Math.exp(v)));
    const sum = e[0]! + e[1]!;
    return e.map((v) => v / sum);
  });
  const out = H.flatMap((h, q) => [0, 1].map((d) => h[d]! + P[q]![0]! * Z[0]![d]! + P[q]![1]! * Z[1]![d]!));
  return { S, out, leakage: (P[0]![1]! + P[1]![0]!) / 2 };
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

  it('two identities: a position in one person\'s box gets exactly 0 attention on the other\'s tokens; leakage is 0, and measured with the masks off', async () => {
    await expectNoLeak(() => {
      const r = tf.tidy(() => {
        const on = twoIdentities({ activation: 'always' }), off = twoIdentities({ activation: 'always', masks: false });
        return { on: values(on.out.out!), leakOn: values(on.records.leakage!)[0]!, off: values(off.out.out!), leakOff: values(off.records.leakage!)[0]! };
      });
      const want = direct(true), wantOff = direct(false);
      expect(r.leakOn).toBe(0);
      expect(r.on.slice(0, 4)).toEqual([1 + 1, 0 + 1, 0 - 1, 1 + 2]); // h + z_own exactly: the other token's weight is 0, not small
      want.out.forEach((v, i) => expect(r.on[i]).toBeCloseTo(v, 5));
      wantOff.out.forEach((v, i) => expect(r.off[i]).toBeCloseTo(v, 5));
      expect(r.leakOff).toBeCloseTo(wantOff.leakage, 5);
      expect(r.leakOff).toBeGreaterThan(0.1);
    });
  });

  it('two identities with the semantic gate: base + a_q·idout with the masked attention, computed directly', () => {
    const r = tf.tidy(() => ({ out: values(twoIdentities({ threshold: 0.1 }).out.out!), gate: values(twoIdentities({ threshold: 0.1 }).records.gate!) }));
    const { out, S } = direct(true);
    const w = S.map((row) => row[0]! + row[1]!), lo = Math.min(...w), hi = Math.max(...w);
    const a = w.map((v) => { const n = (v - lo) / (hi - lo + 1e-6); return n > 0.1 ? n : 0; });
    a.forEach((v, q) => expect(r.gate[q]).toBeCloseTo(v, 5));
    for (let q = 0; q < 4; q++) for (let d = 0; d < 2; d++) expect(r.out[q * 2 + d]).toBeCloseTo(H[q]![d]! + a[q]! * (out[q * 2 + d]! - H[q]![d]!), 5);
  });

  it('the learned mask baseline: base + sigmoid(h·wm + bm)·idout, in training and at inference', () => {
    const wm = tf.tensor2d([[2], [-3]]), bm = tf.tensor1d([0.5]);
    const r = tf.tidy(() => [false, true].map((training) => values(twoIdentities({ activation: 'learned mask' }, { wm, bm }, training).out.out!)));
    const { out } = direct(true);
    for (const got of r) {
      for (let q = 0; q < 4; q++) {
        const m = 1 / (1 + Math.exp(-(2 * H[q]![0]! - 3 * H[q]![1]! + 0.5)));
        for (let d = 0; d < 2; d++) expect(got[q * 2 + d]).toBeCloseTo(H[q]![d]! + m * (out[q * 2 + d]! - H[q]![d]!), 5);
      }
    }
    tf.dispose([wm, bm]);
  });

  it('refuses tokens that do not split evenly among the identities', () => {
    expect(isFailure(infer({ h: t3(36, 8), id: t3(6, 8), regions: t3(36, 4) }))).toBe(true);
    expect(isFailure(infer({ h: t3(36, 8), id: t3(8, 8), regions: t3(35, 2) }))).toBe(true);
    expect(infer({ h: t3(36, 8), id: t3(8, 8), regions: t3(36, 2) })).toEqual({ out: t3(36, 8) });
  });

  for (const v of ['semantic activation (SAA)', 'SAA without identity masks', 'learned mask, no gate', 'plain decoupled (always on)', 'SAA at inference only (as released)']) {
    it(`trains in the preset (${v}) with the probe on, and leaks nothing`, async () => {
      const g = presetGraph('semantic-activated-attention', 1);
      const set = g.variants!.find((x) => x.name === v)!.set;
      await trainStepsNoLeak(presetGraph('semantic-activated-attention', 1, set), 3);
    });
  }
});
