import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { AdaptiveSmoothingCombiner, ConfidenceGate } from '../../../../engine/nodes/gates/cosmo';
import { SeenExpert, ZeroShotExpert, topSorted, trackQuantile } from '../../../../engine/nodes/gates/gzsl-experts';
import { expectNoLeak, forEachBackend } from '../../../helpers/backend';
import { applyNode, presetGraph, trainStepsNoLeak, values } from './node-harness';

const t2 = (rows: number[][]) => tf.tensor2d(rows);
const sig = (u: number) => 1 / (1 + Math.exp(-u));

forEachBackend('COSMO nodes', () => {
  it('topSorted returns each row\'s k largest entries, largest first, without tf.topk', () => {
    const out = tf.tidy(() => values(topSorted(t2([[0.1, 0.5, 0.2, 0.5], [0.4, 0.3, 0.2, 0.1]]), 3)));
    expect(out).toEqual([0.5, 0.5, 0.2, 0.4, 0.3, 0.2].map((v) => expect.closeTo(v, 6)));
  });

  it('the combiner mixes the experts by p(unseen), with and without adaptive smoothing (hand-computed)', () => {
    // S = 2 seen classes with P_S = [0.5, 0.5]; one unseen class (P_ZS = 1); p(unseen) = 0.2.
    const inputs = () => ({ seen: t2([[0, 0]]), zeroShot: t2([[3, 1, 0]]), unseen: t2([[0.2]]) });
    const run = (mode: string) => tf.tidy(() => values(tf.exp(applyNode(AdaptiveSmoothingCombiner, inputs(), {}, { mode }).out.out!)));
    // adaptive: seen 0.8·(0.5 + 0.2/2) = 0.48 each; unseen 0.2·(1 + 0.8/1) = 0.36
    expect(run('adaptive')).toEqual([0.48, 0.48, 0.36].map((v) => expect.closeTo(v, 5)));
    expect(run('vanilla')).toEqual([0.4, 0.4, 0.2].map((v) => expect.closeTo(v, 5)));
    const z = [Math.exp(3), Math.exp(1), 1], Z = z[0]! + z[1]! + z[2]!;
    expect(run('ungated')).toEqual(z.map((v) => expect.closeTo(v / Z, 5)));
  });

  it('the combiner has no weights and passes no gradient back (the experts learn from their own losses)', () => {
    const g = tf.tidy(() => {
      const f = (s: tf.Tensor, z: tf.Tensor, u: tf.Tensor) => tf.sum(applyNode(AdaptiveSmoothingCombiner, { seen: s, zeroShot: z, unseen: u }, {}).out.out!);
      return tf.grads(f)([t2([[1, 2]]), t2([[0, 1, 2]]), t2([[0.3]])]).map((t) => values(tf.abs(t)).reduce((a, b) => a + b, 0));
    });
    expect(g).toEqual([0, 0, 0]);
  });

  it('the gate turns p(seen) into p(unseen) = σ((θ − p(seen)) / T_c)', () => {
    tf.tidy(() => {
      const inputs = { seen: t2([[2, 0, 0], [0, 0, 0]]), zeroShot: t2([[2, 0, 0, 1], [0, 0, 0, 3]]) };
      const vars = { kernel: tf.zeros([3, 1]), bias: tf.tensor1d([2]), theta: tf.scalar(0.5) };
      const r = applyNode(ConfidenceGate, inputs, vars, { calibrate: 'fixed', threshold: 0.5, smoothing: 0.1, heldOut: 1 });
      const u = sig((0.5 - sig(2)) / 0.1);
      expect(values(r.out.unseen!)).toEqual([u, u].map((v) => expect.closeTo(v, 5)));
    });
  });

  // S = 3 seen classes, 1 unseen; one held-out class, so features are 2 seen + 1 candidate.
  // At step 0 class 0 is held out: it leaves the seen expert's softmax and is the zero-shot expert's only candidate.
  const gateLoss = (seen: number[][], zeroShot: number[][], target: number[]) => tf.tidy(() => {
    const vars = { kernel: t2([[1], [0], [1]]), bias: tf.tensor1d([0]), theta: tf.scalar(0.5) };
    const r = applyNode(ConfidenceGate, { seen: t2(seen), zeroShot: t2(zeroShot) }, vars, { heldOut: 1 }, { target: tf.tensor1d(target, 'int32'), step: 0 });
    return values(r.losses['bce']!)[0]!;
  });

  it('the gate learns from held-out seen classes as COSMO does (hand-computed)', () => {
    // Row 0 (class 0, held out): seen expert without class 0 at T = 3 → top σ(1); zero-shot over the seen
    // classes gives class 0 2/(2+1+1) = 0.5. z = σ(1) + 0.5, labelled unseen: softplus(z).
    // Row 1 (class 1, stays seen): seen logits 0 everywhere → top 1/2; candidate e⁰/(e⁰+e²+e⁰). Labelled seen: softplus(−z).
    const z0 = sig(1) + 0.5, z1 = 0.5 + 1 / (2 + Math.exp(2));
    const sp = (u: number) => Math.log1p(Math.exp(u));
    expect(gateLoss([[0, 3, 0], [0, 0, 0]], [[Math.log(2), 0, 0, 5], [0, 2, 0, 5]], [0, 1])).toBeCloseTo((sp(z0) + sp(-z1)) / 2, 5);
  });

  it('the gate\'s training never sees the true unseen classes: their scores and their examples change nothing', () => {
    const seen = [[0, 3, 0], [0, 0, 0]], target = [0, 1];
    const base = gateLoss(seen, [[Math.log(2), 0, 0, 5], [0, 2, 0, 5]], target);
    // The zero-shot expert's score for the true unseen class (column 3) moved: same loss.
    expect(gateLoss(seen, [[Math.log(2), 0, 0, -4], [0, 2, 0, 9]], target)).toBeCloseTo(base, 6);
    // An example of the true unseen class added to the batch: same loss.
    expect(gateLoss([...seen, [5, 0, 0]], [[Math.log(2), 0, 0, 5], [0, 2, 0, 5], [0, 0, 0, 7]], [...target, 3])).toBeCloseTo(base, 6);
    // The held-out seen class's score moved: the loss moves (the check can fail).
    expect(Math.abs(gateLoss(seen, [[3, 0, 0, 5], [0, 2, 0, 5]], target) - base)).toBeGreaterThan(1e-3);
  });

  it('the gate\'s features are sorted confidences: a sharper seen expert raises p(seen) when the first weight is positive', () => {
    tf.tidy(() => {
      const kernel = tf.tensor2d([[10], [0], [0], [0], [0], [0]]);   // 5 seen + 1 unseen features (one held-out class); only the top seen probability counts
      const vars = { kernel, bias: tf.tensor1d([-5]), theta: tf.scalar(0.5) };
      const zs = t2([[0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0]]);
      const r = applyNode(ConfidenceGate, { seen: t2([[30, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]]), zeroShot: zs }, vars, { calibrate: 'fixed', heldOut: 1 });
      const [sharp, flat] = values(r.out.unseen!);
      expect(sharp!).toBeLessThan(flat!);
      // Flat seen expert at T = 3: top probability 1/6, so p(seen) = σ(10/6 − 5).
      expect(flat!).toBeCloseTo(sig((0.5 - sig(10 / 6 - 5)) / 0.1), 4);
    });
  });

  it('the experts score by hand: a linear seen classifier, and −κ‖z − a_c‖² with a regression loss for the zero-shot one', () => {
    tf.tidy(() => {
      const s = applyNode(SeenExpert, { x: t2([[1, 2]]) }, { kernel: t2([[1, 0], [0, 1]]), bias: tf.tensor1d([0.5, 0]) }, { seen: 2 }, { target: tf.tensor1d([1], 'int32') });
      expect(values(s.out.scores!)).toEqual([1.5, 2]);
      expect(values(s.losses['ce']!)[0]).toBeCloseTo(Math.log(1 + Math.exp(-0.5)), 5);
      const attributes = tf.tensor3d([[[1, 0], [0, 1], [1, 1]]]);
      const z = applyNode(ZeroShotExpert, { x: t2([[1, 0]]), attributes }, { kernel: t2([[1, 0], [0, 1]]), bias: tf.tensor1d([0, 0]) }, { seen: 2, sharpness: 2 }, { target: tf.tensor1d([1], 'int32') });
      expect(values(z.out.scores!)).toEqual([0, -4, -2].map((v) => expect.closeTo(v, 6)));
      expect(values(z.losses['mse']!)[0]).toBeCloseTo(1, 6);     // z = (1, 0), a_1 = (0, 1)
      // An unseen-class label teaches nothing.
      const u = applyNode(ZeroShotExpert, { x: t2([[1, 0]]), attributes }, { kernel: t2([[1, 0], [0, 1]]), bias: tf.tensor1d([0, 0]) }, { seen: 2 }, { target: tf.tensor1d([2], 'int32') });
      expect(values(u.losses['mse']!)[0]).toBe(0);
    });
  });

  it('trackQuantile fits a running quantile: set on the first batch, then blended', async () => {
    await expectNoLeak(() => {
      const state = tf.tidy(() => tf.variable(tf.scalar(0), false));
      tf.tidy(() => trackQuantile(state, tf.div(tf.range(0, 100), 100), 0.05, 0.9, true));
      expect(state.dataSync()[0]).toBeCloseTo(0.05, 6);          // the 6th smallest of 0.00 … 0.99
      tf.tidy(() => trackQuantile(state, tf.fill([100], 1), 0.05, 0.9, false));
      expect(state.dataSync()[0]).toBeCloseTo(0.9 * 0.05 + 0.1, 6);
      state.dispose();
    });
  });

  it('the cosmo-gzsl graph trains a few steps with finite losses and no tensor leak', async () => {
    await trainStepsNoLeak(presetGraph('cosmo-gzsl', 5), 4);
  }, 30_000);
});
