import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { compile, flattenSummaries, registry, validateGraph } from '../../../../engine';
import { probeStats } from '../../../../engine/train/measure';
import { FFNExperts, TopKSoftmaxRouter } from '../../../../engine/nodes/gates/topk-moe';
import { forEachBackend, useBackend } from '../../../helpers/backend';
import { applyNode, compareVariants, presetGraph, trainStepsNoLeak } from './routing-helpers';

const relu = (v: number) => Math.max(0, v);

describe('TopKSoftmaxRouter and FFNExperts: shapes', () => {
  it('the preset validates; k above the expert count is refused', () => {
    const g = presetGraph('topk-moe');
    expect(validateGraph(g, registry).errors).toEqual([]);
    const bad = presetGraph('topk-moe', undefined, { 'router.k': 9 });
    expect(validateGraph(bad, registry).errors.map((e) => e.nodeId)).toContain('router');
  });
});

forEachBackend('top-k MoE', () => {
  it('router: softmax over the top-2 scores, balance loss and stats by hand', () => {
    tf.tidy(() => {
      // 3 experts, x = [1, 2]; scores = x W + b = [1, 2, -1] + [0, 0, 0.5] → top-2 = experts 0 and 1
      const kernel = tf.tensor2d([[1, 0, 1], [0, 1, -1]]);
      const bias = tf.tensor1d([0, 0, 0.5]);
      const x = tf.tensor2d([[1, 2], [2, 0]]);
      const { out, losses, records } = applyNode(TopKSoftmaxRouter, { in: x }, { kernel, bias }, { experts: 3, k: 2, balance: 0.5 });
      const w = out.weights!.arraySync() as number[][];
      const s1 = 1 / (1 + Math.E); // softmax([1, 2]) = [s1, 1 - s1]
      expect(w[0]![0]).toBeCloseTo(s1, 5);
      expect(w[0]![1]).toBeCloseTo(1 - s1, 5);
      expect(w[0]![2]).toBe(0);
      // row 2: scores [2, 0, 2.5] → experts 2 and 0
      const s2 = Math.exp(2) / (Math.exp(2) + Math.exp(2.5));
      expect(w[1]![0]).toBeCloseTo(s2, 5);
      expect(w[1]![1]).toBe(0);
      expect(w[1]![2]).toBeCloseTo(1 - s2, 5);
      // f = [2, 1, 1] / 4; P = mean of the full softmaxes
      const sm = (v: number[]) => { const e = v.map(Math.exp); const z = e.reduce((a, b) => a + b); return e.map((q) => q / z); };
      const p1 = sm([1, 2, -0.5]), p2 = sm([2, 0, 2.5]);
      const P = [0, 1, 2].map((i) => (p1[i]! + p2[i]!) / 2);
      expect(losses.balance!.arraySync() as number).toBeCloseTo(0.5 * 3 * (0.5 * P[0]! + 0.25 * P[1]! + 0.25 * P[2]!), 5);
      expect(records.loadCV!.arraySync() as number).toBeCloseTo(Math.sqrt(((0.5 - 1 / 3) ** 2 + 2 * (0.25 - 1 / 3) ** 2) / 3) / (1 / 3), 4);
    });
  });

  it('experts: y = Σ w_i FFN_i(x), compute share = routed pairs / all pairs', () => {
    tf.tidy(() => {
      // two experts, D = 1, hidden 1, units 1: FFN_i(x) = relu(a_i x) · c_i + d_i
      const w1 = tf.tensor3d([[[2]], [[-1]]]), b1 = tf.zeros([2, 1, 1]);
      const w2 = tf.tensor3d([[[3]], [[5]]]), b2 = tf.tensor3d([[[1]], [[0]]]);
      const x = tf.tensor2d([[1], [-2]]);
      const weights = tf.tensor2d([[0.25, 0.75], [1, 0]]);
      const { out, records } = applyNode(FFNExperts, { in: x, weights }, { w1, b1, w2, b2 }, { hidden: 1, units: 1 });
      const f = (i: number, v: number) => (i === 0 ? relu(2 * v) * 3 + 1 : relu(-v) * 5);
      const y = out.out!.arraySync() as number[][];
      expect(y[0]![0]).toBeCloseTo(0.25 * f(0, 1) + 0.75 * f(1, 1), 5);
      expect(y[1]![0]).toBeCloseTo(f(0, -2), 5);
      expect(records.compute!.arraySync()).toEqual([1, 0.5]);
    });
  });

  it('capacity by hand: 6 tokens, 2 experts, k = 1, factor 1 → capacity 3; 5 tokens want expert 0, the last 2 are dropped', () => {
    tf.tidy(() => {
      // score = [x, −x]: positive x → expert 0; tokens 0, 1, 3, 4, 5 want it, token 2 wants expert 1
      const x = tf.tensor2d([[1], [2], [-1], [3], [4], [5]]);
      const router = { kernel: tf.tensor2d([[1, -1]]), bias: tf.zeros([2]) };
      const params = { experts: 2, k: 1, balance: 0 };
      const full = applyNode(TopKSoftmaxRouter, { in: x }, router, params);
      const capped = applyNode(TopKSoftmaxRouter, { in: x }, router, { ...params, capacityFactor: 1 });
      expect(full.out.weights!.arraySync()).toEqual([[1, 0], [1, 0], [0, 1], [1, 0], [1, 0], [1, 0]]);
      expect(capped.out.weights!.arraySync()).toEqual([[1, 0], [1, 0], [0, 1], [1, 0], [0, 0], [0, 0]]);
      expect(capped.records.droppedTokens!.arraySync()).toBeCloseTo(2 / 6, 6);
      expect(full.records.droppedTokens).toBeUndefined();                  // no capacity, no statistic
      // expert load is the router's choice, before capacity: 5 of 6 slots on expert 0
      expect((capped.records.routing!.arraySync() as number[][]).map((r) => r[0])).toEqual([1, 1, 0, 1, 1, 1]);
      // the dropped tokens' outputs are those of the same path with expert 0 taken out of their weights: nothing
      const ffn = { w1: tf.tensor3d([[[2]], [[-1]]]), b1: tf.zeros([2, 1, 1]), w2: tf.tensor3d([[[3]], [[5]]]), b2: tf.tensor3d([[[1]], [[0.5]]]) };
      const expertsOf = (weights: tf.Tensor) => applyNode(FFNExperts, { in: x, weights }, ffn, { hidden: 1, units: 1 }).out.out!.arraySync() as number[][];
      const withCapacity = expertsOf(capped.out.weights!);
      const withoutExpert0 = expertsOf(tf.mul(full.out.weights!, tf.tensor2d([[1, 1], [1, 1], [1, 1], [1, 1], [0, 1], [0, 1]])));
      const plain = expertsOf(full.out.weights!);
      expect(withCapacity).toEqual(withoutExpert0);
      expect(withCapacity.slice(4)).toEqual([[0], [0]]);
      expect(withCapacity.slice(0, 4)).toEqual(plain.slice(0, 4));
    });
  });

  it('training steps on the preset with capacity 0.5 (the mask off the tape): finite losses, no leak', async () => {
    await trainStepsNoLeak(presetGraph('topk-moe', undefined, { 'router.capacityFactor': 0.5 }), 3);
  });

  it('a training step on the preset graph, no tensor leak', async () => {
    await trainStepsNoLeak(presetGraph('topk-moe'), 3);
  });
});

describe('topk-moe preset', () => {
  beforeAll(() => useBackend('wasm'));

  it('compute actually spent counts only the routed experts (hand count)', async () => {
    const g = presetGraph('topk-moe');
    const c = compile(g);
    if (!c.ok) throw new Error('compile');
    const feeds = { x: tf.tensor2d([[0.4, 0.4], [-0.4, 0.5]]), group: tf.tensor1d([0, 1], 'int32') };
    const stats = flattenSummaries(await probeStats(c.value, feeds, 0));
    tf.dispose(Object.values(feeds));
    c.value.model.dispose();
    // router 2·2·8 + 4·8 = 64; experts 8 × (2·2·8 + 8 + 2·8·8 + 2·8) = 8 × 184 dense, 2 of 8 spent; head 2·8·2 = 32
    const m = stats['@model']!;
    expect(m.denseFlopsPerExample).toBe(64 + 8 * 184 + 32);
    expect(m.flopsPerExample).toBeCloseTo(64 + 2 * 184 + 32, 6);
  });

  // The effect: with the balance loss the expert load is more even (lower CV), and experts keep to their regions.
  it.each([11, 12])('seed %i: the balance loss evens the load and experts specialise by region', async (seed) => {
    const r = await compareVariants(presetGraph('topk-moe', seed), 300);
    const bal = r['load-balancing loss']!.stats.router!, none = r['no balance loss']!.stats.router!;
    expect(bal.loadCV as number).toBeLessThan(none.loadCV as number);
    expect(bal.groupPurity as number).toBeGreaterThan(0.8);
    expect(r['load-balancing loss']!.accuracy!).toBeGreaterThan(0.85);
  }, 400_000);
});
