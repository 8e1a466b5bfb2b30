import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { compile, flattenSummaries, probeStats, generateDataset, prepareData, type Graph } from '../../../../engine';
import { ResidualBranchGate, lowestShareMask, skipRatioAt } from '../../../../engine/nodes/gates/residual-branch-gate';
import { sliceOf } from '../../../../engine/train/batches';
import { forEachBackend, expectNoLeak, useBackend } from '../../../helpers/backend';
import { applyNode, trainStepsNoLeak, values } from './node-harness';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Input → Embedding → [LayerNorm → Dense → gate(u = norm, fu = dense, x = embedding)] → head: one gated branch. */
function oneGateGraph(gate: Record<string, number | string | boolean> = {}): Graph {
  const n = (id: string, type: string, params?: Record<string, number | string | boolean>) => ({ id, type, ...(params ? { params } : {}) });
  const e = (id: string, source: string, target: string, targetHandle = 'in') => ({ id, source, sourceHandle: 'out', target, targetHandle });
  return {
    format: 'gatelab/graph', version: 1, name: 'one gate',
    nodes: [n('x', 'Input'), n('emb', 'Embedding', { dim: 8 }), n('ln', 'LayerNorm'), n('f', 'Dense', { units: 8 }),
      n('g', 'ResidualBranchGate', gate), n('head', 'ClassifierHead'), n('y', 'Output')],
    edges: [e('e1', 'x', 'emb'), e('e2', 'emb', 'ln'), e('e3', 'ln', 'f'), e('e4', 'ln', 'g', 'u'), e('e5', 'f', 'g', 'fu'),
      e('e6', 'emb', 'g', 'x'), e('e7', 'g', 'head'), e('e8', 'head', 'y')],
    training: { dataset: { name: 'sink-stream', samples: 100, length: 4, ordinary: 4, triggers: 1 }, optimizer: { name: 'adam', learningRate: 0.01 }, batchSize: 8, steps: 3, seed: 1 },
  };
}

describe('ResidualBranchGate', () => {
  it('gates and skips a hand-computed case', async () => {
    await useBackend('cpu');
    tf.tidy(() => {
      // One scalar gate per token, reading u[..., 0]: g_t = σ(u_t0). Tokens 1 and 2 have the lowest importance.
      const u0 = [2, -1, 0, 3];
      const u = tf.tensor3d([u0.map((a) => [a, 5])]);
      const fu = tf.tensor3d([[[1, 2], [3, 4], [5, 6], [7, 8]]]);
      const x = tf.tensor3d([[[10, 10], [20, 20], [30, 30], [40, 40]]]);
      const vars = { kernel: tf.tensor2d([[1], [0]]), bias: tf.tensor1d([0]) };
      const { out, records, losses } = applyNode(ResidualBranchGate, { u, fu, x }, vars, { gateWidth: 'scalar', skipRatio: 0.5 });
      const keep = [1, 0, 0, 1];
      const want = [0, 1, 2, 3].flatMap((t) => [0, 1].map((c) => (t + 1) * 10 + keep[t]! * sigmoid(u0[t]!) * (2 * t + c + 1)));
      expect(values(out.out!).map((v) => +v.toFixed(5))).toEqual(want.map((v) => +v.toFixed(5)));
      expect(values(records.skip!)).toEqual([0, 1, 1, 0]);
      expect(values(records.compute!)).toEqual(keep);
      const g = u0.map(sigmoid);
      const meanSq = g.reduce((s, v) => s + v * v, 0) / 4;
      const ent = g.reduce((s, v) => s - v * Math.log(v + 1e-6) - (1 - v) * Math.log(1 - v + 1e-6), 0) / 4;
      expect(values(losses.sparsity!)[0]).toBeCloseTo(0.01 * meanSq, 6);
      expect(values(losses.entropy!)[0]).toBeCloseTo(0.01 * ent, 6);
    });
  });

  it('starts close to the ungated residual: bias 5 gives g ≈ 0.993', async () => {
    await useBackend('cpu');
    const r = compile(oneGateGraph({ skipRatio: 0 }));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const { model } = r.value;
    tf.tidy(() => {
      const u = tf.randomNormal([2, 4, 8], 0, 1, 'float32', 3);
      const fu = tf.randomNormal([2, 4, 8], 0, 1, 'float32', 4);
      const x = tf.randomNormal([2, 4, 8], 0, 1, 'float32', 5);
      const w = { kernel: model.variables.get('g/kernel')!, bias: model.variables.get('g/bias')! };
      const { out } = applyNode(ResidualBranchGate, { u, fu, x }, w, { skipRatio: 0 });
      const diff = tf.max(tf.abs(tf.sub(out.out!, tf.add(x, tf.mul(sigmoid(5), fu))))).dataSync()[0]!;
      expect(diff).toBeLessThan(0.005);
    });
    model.dispose();
  });

  it('skips exactly ⌊ρN⌋ tokens, ties broken by position', async () => {
    await useBackend('cpu');
    tf.tidy(() => {
      const s = tf.tensor2d([[0.5, 0.5, 0.5, 0.5], [0.5, 0.1, 0.9, 0.5]]);
      expect(values(lowestShareMask(s, 0))).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
      expect(values(lowestShareMask(s, 1))).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
      const m = values(lowestShareMask(s, 0.5));
      expect(m.reduce((a, b) => a + b, 0)).toBe(4);
      expect(m[5]).toBe(1);  // the lowest score
      expect(m[6]).toBe(0);  // the highest
      expect(values(lowestShareMask(s, 0.3)).reduce((a, b) => a + b, 0)).toBe(2);
    });
  });

  it('ramps ρ during training and uses the evaluation budget otherwise', () => {
    const p = { skipRatio: 0.5, trainSkipRatio: 0.4, rampSteps: 100, rampStart: 0 };
    expect(skipRatioAt(p, true, 0)).toBe(0);
    expect(skipRatioAt(p, true, 50)).toBeCloseTo(0.2);
    expect(skipRatioAt(p, true, 500)).toBeCloseTo(0.4);
    expect(skipRatioAt(p, false, 10)).toBe(0.5);
    expect(skipRatioAt({ ...p, rampSteps: 0 }, true, 0)).toBe(0.4);
    expect(skipRatioAt(p, false, 10, 0.1)).toBe(0.1);
    // a pretraining phase: nothing skips before rampStart, then the ramp starts from 0
    expect(skipRatioAt({ ...p, rampStart: 300 }, true, 299)).toBe(0);
    expect(skipRatioAt({ ...p, rampStart: 300 }, true, 350)).toBeCloseTo(0.2);
  });

  it('detaches the gate input: no gradient reaches u through the gate', async () => {
    await useBackend('cpu');
    tf.tidy(() => {
      const fu = tf.ones([1, 3, 2]);
      const x = tf.zeros([1, 3, 2]);
      const vars = { kernel: tf.tensor2d([[0.5, -0.3], [0.2, 0.1]]), bias: tf.tensor1d([0, 0]) };
      const grad = (detach: boolean) => tf.grad((u: tf.Tensor) => tf.sum(applyNode(ResidualBranchGate, { u, fu, x }, vars, { skipRatio: 0, detachInput: detach }).out.out!))(tf.ones([1, 3, 2]));
      expect(values(grad(true)).every((v) => v === 0)).toBe(true);
      expect(values(grad(false)).some((v) => Math.abs(v) > 1e-4)).toBe(true);
    });
  });

  it('counts skipped tokens\' branch FLOPs as free (hand-counted)', async () => {
    await useBackend('cpu');
    // T = 4, D = 8, C = 7 classes (pad, bos, 4 ordinary, 1 trigger).
    const ln = 8 * 4 * 8, dense = 2 * 4 * 8 * 8, gate = 4 * (2 * 8 * 8 + 2 * 8 + 3 * 8), head = 2 * 4 * 8 * 7;
    const graph = oneGateGraph({ skipRatio: 0.5 });
    const r = compile(graph);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.value.flopsPerExample).toBe(ln + dense + gate + head);
    const session = prepareData(r.value, generateDataset(graph));
    const probe = sliceOf(session.test, 0, 16);
    const stats = flattenSummaries(await probeStats(r.value, probe.feeds, 0));
    // Only the Dense branch is skippable: the LayerNorm also feeds the gate's u, so it always runs.
    expect(stats.g!.skipRate).toBe(0.5);
    expect(stats['@model']!.flopsPerExample).toBe(ln + dense / 2 + gate + head);
    expect(stats['@model']!.denseFlopsPerExample).toBe(ln + dense + gate + head);
    session.dispose();
    r.value.model.dispose();
  });
});

forEachBackend('ResidualBranchGate trains', () => {
  it('takes training steps with skipping, without leaking', async () => {
    await expectNoLeak(() => trainStepsNoLeak(oneGateGraph({ trainSkipRatio: 0.5, rampSteps: 0 }), 3));
  });
  it('trains with random skipping too', async () => {
    await trainStepsNoLeak(oneGateGraph({ decision: 'random', trainSkipRatio: 0.5, rampSteps: 0, gateWidth: 'scalar' }), 2);
  });
});
