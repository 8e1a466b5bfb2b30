import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { MoEPlusPlus, moeppCosts } from '../../../../engine/nodes/gates/moe-plus-plus';
import { forEachBackend, useBackend } from '../../../helpers/backend';
import { applyNode, compareVariants, presetGraph, trainStepsNoLeak } from './routing-helpers';

/**
 * A hand-checkable layer: D = 2, experts [ffn, constant, copy, zero], k = 2.
 * router1 passes tanh(x) through on two hidden units; router2 maps them to
 * the four logits, so logits = tanh(x0)·r0 + tanh(x1)·r1.
 */
const R0 = [2, 0, 1, 0], R1 = [0, 1, 0, 3];
function weights(): Record<string, tf.Tensor> {
  const r1 = new Float32Array(2 * 32); r1[0] = 1; r1[32 + 1] = 1;
  const r2 = new Float32Array(32 * 4); R0.forEach((v, j) => { r2[j] = v; }); R1.forEach((v, j) => { r2[4 + j] = v; });
  return {
    router1: tf.tensor2d(r1, [2, 32]), router2: tf.tensor2d(r2, [32, 4]),
    gate: tf.tensor3d([[[1], [0]]]), up: tf.tensor3d([[[0], [1]]]), down: tf.tensor3d([[[1, -1]]]),   // FFN(x) = silu(x0)·x1·[1, −1]
    constWeights: tf.tensor3d([[[1, 0], [0, 0]]]), constVectors: tf.tensor3d([[[5, 7]]]),             // a = softmax([x0, 0])
  };
}
const LAYOUT = { ffnExperts: 1, constantExperts: 1, copyExperts: 1, zeroExperts: 1, hidden: 1, k: 2, balance: 0 };
const silu = (v: number) => v / (1 + Math.exp(-v));
const softmax = (v: number[]) => { const e = v.map(Math.exp); const z = e.reduce((a, b) => a + b); return e.map((q) => q / z); };

/** The layer's output for one token, by hand; `off`: that expert's logit is −∞. */
function oracle(x: [number, number], renorm: boolean, scale: boolean, off?: number): { y: number[]; chosen: number[] } {
  const logits = R0.map((r, j) => (j === off ? -Infinity : Math.tanh(x[0]) * r + Math.tanh(x[1]) * R1[j]!));
  const p = softmax(logits);
  const chosen = [0, 1, 2, 3].sort((a, b) => logits[b]! - logits[a]!).slice(0, 2);
  const w = p.map((q, j) => (chosen.includes(j) && j !== 3 ? q : 0));
  const s = w.reduce((a, b) => a + b);
  const wn = renorm ? w.map((q) => q / s) : w;
  const xi = scale ? [2 * x[0], 2 * x[1]] : x;
  const f = silu(xi[0]!) * xi[1]!;
  const a1 = Math.exp(xi[0]!) / (Math.exp(xi[0]!) + 1);
  const outs = [[f, -f], [a1 * xi[0]! + (1 - a1) * 5, a1 * xi[1]! + (1 - a1) * 7], xi, [0, 0]];
  return { y: [0, 1].map((d) => outs.reduce((acc, o, j) => acc + wn[j]! * o[d]!, 0)), chosen };
}

describe('MoEPlusPlus shapes', () => {
  it('cost table: router, SwiGLU FFN and constant expert per token', () => {
    // D = 2, H = 1, E = 4: router 2·2·32 + 32 + 2·32·4 + 3·4; FFN 3·2·2·1 + 5; constant 2·2·2 + 3·2
    expect(moeppCosts(2, 1, 4)).toEqual({ router: 128 + 32 + 256 + 12, ffn: 17, constant: 14 });
  });
});

forEachBackend('MoEPlusPlus', () => {
  const xs: [number, number][] = [[0.5, 1], [-1, 0.2], [1, -0.5]];

  it.each([[true, true], [false, false]])('forward by hand (renormalizeAfterZero %s, scaleInputByK %s)', (renorm, scale) => {
    tf.tidy(() => {
      const { out, records } = applyNode(MoEPlusPlus, { in: tf.tensor2d(xs) }, weights(), { ...LAYOUT, renormalizeAfterZero: renorm, scaleInputByK: scale });
      const y = out.out!.arraySync() as number[][];
      xs.forEach((x, i) => {
        const o = oracle(x, renorm, scale);
        expect(y[i]![0]).toBeCloseTo(o.y[0]!, 4);
        expect(y[i]![1]).toBeCloseTo(o.y[1]!, 4);
      });
      // FFN experts per token and the compute share, counted by hand from the chosen experts
      const c = moeppCosts(2, 1, 4);
      const chosen = xs.map((x) => oracle(x, renorm, scale).chosen);
      const ffn = chosen.map((ch) => ch.filter((j) => j === 0).length);
      const consts = chosen.map((ch) => ch.filter((j) => j === 1).length);
      expect(records.ffnPerToken!.arraySync()).toEqual(ffn);
      const share = records.compute!.arraySync() as number[];
      share.forEach((s, i) => expect(s).toBeCloseTo((c.router + ffn[i]! * c.ffn + consts[i]! * c.constant) / (c.router + c.ffn + c.constant), 6));
    });
  });

  it.each([0, 1, 2, 3])('switching off expert %i: tokens take their next-best expert, its load is 0, the gating residual gets the logits as computed', (off) => {
    tf.tidy(() => {
      const plain = applyNode(MoEPlusPlus, { in: tf.tensor2d(xs) }, weights(), LAYOUT);
      const { out, records } = applyNode(MoEPlusPlus, { in: tf.tensor2d(xs) }, weights(), LAYOUT, { interventions: { 'n.offExpert': off } });
      const y = out.out!.arraySync() as number[][];
      xs.forEach((x, i) => {
        const o = oracle(x, true, true, off);
        expect(o.chosen).not.toContain(off);
        expect(y[i]![0]).toBeCloseTo(o.y[0]!, 4);
        expect(y[i]![1]).toBeCloseTo(o.y[1]!, 4);
      });
      expect((records.routing!.arraySync() as number[][]).map((r) => r[off])).toEqual([0, 0, 0]);
      expect(out.logits!.arraySync()).toEqual(plain.out.logits!.arraySync());
    });
  });

  it('picking the zero expert: as released, the other expert keeps full weight', () => {
    tf.tidy(() => {
      // x = [0, 2]: logits = tanh(2)·[0, 1, 0, 3] → zero (3) and constant (1) chosen
      const { out } = applyNode(MoEPlusPlus, { in: tf.tensor2d([[0, 2]]) }, weights(), { ...LAYOUT, renormalizeAfterZero: true, scaleInputByK: false });
      const y = out.out!.arraySync() as number[][];
      expect(y[0]![0]).toBeCloseTo(0.5 * 0 + 0.5 * 5, 4);
      expect(y[0]![1]).toBeCloseTo(0.5 * 2 + 0.5 * 7, 4);
    });
  });

  it('gating residual adds W_map · previous logits; the balance loss weighs zero-computation experts by τ', () => {
    tf.tidy(() => {
      const x = tf.tensor2d(xs);
      const prev = tf.tensor2d([[1, 0, 0, 0], [0, 0, 0, 2], [0, 1, 0, 0]]);
      const map = tf.tensor2d([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, -1]]);
      const { out, losses } = applyNode(MoEPlusPlus, { in: x, residual: prev }, { ...weights(), residualMap: map }, { ...LAYOUT, balance: 0.1, tau: 0.5 });
      const logits = out.logits!.arraySync() as number[][];
      const own = xs.map((v) => R0.map((r, j) => Math.tanh(v[0]) * r + Math.tanh(v[1]) * R1[j]!));
      const res = [[1, 0, 0, 0], [0, 0, 0, -2], [0, 1, 0, 0]];
      logits.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(own[i]![j]! + res[i]![j]!, 5)));
      // E · Σ η_i f_i P_i with η = [1, τ, τ, τ], f = share of chosen slots, P = mean softmax
      const probs = logits.map(softmax);
      const chosen = logits.map((l) => [0, 1, 2, 3].sort((a, b) => l[b]! - l[a]!).slice(0, 2));
      const f = [0, 1, 2, 3].map((j) => chosen.filter((c) => c.includes(j)).length / 6);
      const P = [0, 1, 2, 3].map((j) => probs.reduce((s, p) => s + p[j]!, 0) / 3);
      const eta = [1, 0.5, 0.5, 0.5];
      expect(losses.balance!.arraySync() as number).toBeCloseTo(0.1 * 4 * f.reduce((s, fj, j) => s + eta[j]! * fj * P[j]!, 0), 5);
    });
  });

  it('a training step on the preset graph, no tensor leak', async () => {
    await trainStepsNoLeak(presetGraph('moe-plus-plus'), 2);
  });
});

describe('moe-plus-plus preset', () => {
  beforeAll(() => useBackend('wasm'));

  /** Token-weighted mean of a per-kind share over some kinds, from the probe batch's kind counts. */
  const TYPICAL_COUNTS = [2, 3, 1, 2]; // padding, punctuation, key, digit per 8 tokens (dataset defaults, on average)
  const weighted = (perGroup: number[], kinds: number[]) => kinds.reduce((s, k) => s + perGroup[k]! * TYPICAL_COUNTS[k]!, 0) / kinds.reduce((s, k) => s + TYPICAL_COUNTS[k]!, 0);

  // The effect: fewer FLOPs than the vanilla MoE with the same 4 FFNs, loss within 5%, and easy tokens
  // (padding, punctuation) take zero-computation experts more often than hard ones (digits).
  it.each([3, 4])('seed %i: MoE++ spends fewer FLOPs at a loss within 5%; easy tokens go to zero-computation experts', async (seed) => {
    const r = await compareVariants(presetGraph('moe-plus-plus', seed), 250);
    const pp = r['MoE++']!, va = r['vanilla MoE']!;
    expect(pp.stats['@model']!.flopsPerExample as number).toBeLessThan(0.8 * (va.stats['@model']!.flopsPerExample as number));
    expect(pp.loss).toBeLessThan(1.05 * va.loss);
    for (const layer of ['moe1', 'moe2']) {
      const zc = pp.stats[layer]!.zeroComputeRoutesPerGroup as number[];
      expect(weighted(zc, [0, 1]), layer).toBeGreaterThan(zc[3]!);
    }
  }, 400_000);
});
