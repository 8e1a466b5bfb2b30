import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { AttributeEncoder, BoundaryGate, SphericalEncoder } from '../../../../engine/nodes/gates/boundary-ood';
import { forEachBackend } from '../../../helpers/backend';
import { applyNode, presetGraph, trainStepsNoLeak, values } from './node-harness';

const softplus = (u: number) => Math.log1p(Math.exp(u));

forEachBackend('boundary OOD nodes', () => {
  it('the encoders put examples and class descriptions on the unit sphere', () => {
    tf.tidy(() => {
      const z = applyNode(SphericalEncoder, { x: tf.tensor2d([[3, 4], [1, 0]]) }, { w1: tf.eye(2), b1: tf.zeros([2]) }, { hidden: 0, latent: 2 }).out.z!;
      expect(values(z)).toEqual([0.6, 0.8, 1, 0].map((v) => expect.closeTo(v, 5)));
      const a = applyNode(AttributeEncoder, { attributes: tf.tensor3d([[[0, 2], [5, 0]]]) }, { w1: tf.eye(2), b1: tf.zeros([2]) }, { hidden: 0, latent: 2 }).out.anchors!;
      expect(values(a)).toEqual([0, 1, 1, 0].map((v) => expect.closeTo(v, 5)));
    });
  });

  it('routes by the cosine to the nearest seen anchor against τ; its unseen-vs-seen log-odds are exactly (τ − s)/softness', () => {
    tf.tidy(() => {
      // Seen anchors (1, 0) and (0, 1); one unseen anchor (0.6, 0.8). τ = 0.9, softness 0.1, κ = 10.
      const anchors = tf.tensor3d([[[1, 0], [0, 1], [0.6, 0.8]], [[1, 0], [0, 1], [0.6, 0.8]]]);
      const z = tf.tensor2d([[1, 0], [0.6, 0.8]]);   // inside the seen cap of class 0 (s = 1); outside (s = 0.8)
      const r = applyNode(BoundaryGate, { z, anchors }, { tau: tf.scalar(0.9) }, { seen: 2, scale: 10, softness: 0.1 });
      const out = r.out.out!;
      const [a0, a1, a2, b0, b1, b2] = values(out);
      // Row 0: outside = (0.9 − 1)/0.1 = −1, so log P(seen side) = −softplus(−1), log P(unseen side) = −softplus(1).
      const lse = Math.log(Math.exp(10) + 1);
      expect(a0).toBeCloseTo(10 - lse - softplus(-1), 4);
      expect(a1).toBeCloseTo(0 - lse - softplus(-1), 4);
      expect(a2).toBeCloseTo(-softplus(1), 4);       // one unseen class takes the whole unseen side
      expect(a2! - Math.log(Math.exp(a0!) + Math.exp(a1!))).toBeCloseTo(-1, 4);
      expect(b2! - Math.log(Math.exp(b0!) + Math.exp(b1!))).toBeCloseTo(1, 4);   // s = 0.8: (0.9 − 0.8)/0.1
      expect(values(r.records['unseen']!)).toEqual([0, 1]);
      const ungated = applyNode(BoundaryGate, { z, anchors }, { tau: tf.scalar(0.9) }, { seen: 2, scale: 10, mode: 'ungated' }).out.out!;
      expect(values(tf.exp(ungated)).slice(0, 3)).toEqual([Math.exp(10), 1, Math.exp(6)].map((v) => expect.closeTo(v / (Math.exp(10) + 1 + Math.exp(6)), 4)));
    });
  });

  it('fits τ on training batches (seen examples only) and trains the encoders through its own losses', () => {
    tf.tidy(() => {
      const tau = tf.variable(tf.scalar(0), false);
      const anchors = tf.tensor3d(Array.from({ length: 20 }, () => [[1, 0], [0, 1], [0.6, 0.8]]));
      const angles = Array.from({ length: 20 }, (_, i) => (i / 19) * 0.5);     // cosines to (1, 0) from 1 down to cos 0.5
      const z = tf.tensor2d(angles.map((a) => [Math.cos(a), Math.sin(a)]));
      const r = applyNode(BoundaryGate, { z, anchors }, { tau }, { seen: 2, coverage: 0.95 }, { training: true, step: 0, target: tf.zeros([20], 'int32') });
      expect(tau.dataSync()[0]).toBeCloseTo(Math.cos((18 / 19) * 0.5), 4);  // the 2nd smallest of 20 cosines (k = ⌊0.05 · 20⌋ + 1)
      expect(values(r.losses['align']!)[0]).toBeCloseTo(angles.reduce((s, a) => s + 1 - Math.cos(a), 0) / 20, 4);
      expect(r.losses['ce']).toBeDefined();
      tau.dispose();
    });
  });

  it('the boundary-ood-gzsl graph trains a few steps with finite losses and no tensor leak', async () => {
    await trainStepsNoLeak(presetGraph('boundary-ood-gzsl', 5), 4);
  }, 30_000);
});
