import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { forEachBackend, expectNoLeak } from '../../../helpers/backend';
import { IdeaHead, VocabLogGate, alphaAt, bceWithLogits, multiHotWindow } from '../../../../engine/nodes/gates/vocab-log-gate';
import { isFailure, type DatasetInfo } from '../../../../engine/registry/defineNode';
import { withDefaults } from '../../../../engine/registry/params';
import type { TensorInfo } from '../../../../engine/registry/ports';
import { applyNode, presetGraph, trainStepsNoLeak, values } from './node-harness';

const sig = (z: number) => 1 / (1 + Math.exp(-z));
const lm: DatasetInfo = { name: 't', task: 'classification', classes: 5, vocab: 5, seqLen: 4, fields: {}, targetShape: [4] };
const t3 = (a: number, b: number): TensorInfo => ({ shape: ['B', a, b], dtype: 'float32' });

describe('IdeaHead and VocabLogGate shapes', () => {
  it('the idea head gives one score per word; the gate needs matching logits', () => {
    const idea = IdeaHead.infer({ in: t3(4, 8) }, withDefaults(IdeaHead.params, {}) as never, { nodeId: 'i', dataset: lm });
    expect(idea).toEqual({ out: t3(4, 5) });
    expect(isFailure(IdeaHead.infer({ in: t3(4, 8) }, withDefaults(IdeaHead.params, {}) as never, { nodeId: 'i', dataset: { ...lm, vocab: undefined } as never }))).toBe(true);
    const g = (z: TensorInfo, i: TensorInfo) => VocabLogGate.infer({ z, idea: i }, withDefaults(VocabLogGate.params, {}) as never, { nodeId: 'g', dataset: lm });
    expect(g(t3(4, 5), t3(4, 5))).toEqual({ out: t3(4, 5) });
    expect(isFailure(g(t3(4, 5), t3(4, 6)))).toBe(true);
  });

  it('α ramps linearly while training and is full at inference', () => {
    expect(alphaAt(0.5, 0, 100, 0, true)).toBe(0);
    expect(alphaAt(0.5, 0, 100, 50, true)).toBe(0.25);
    expect(alphaAt(0.5, 0, 100, 500, true)).toBe(0.5);
    expect(alphaAt(0.5, 0, 100, 0, false)).toBe(0.5);
    expect(alphaAt(0.5, 0, 0, 0, true)).toBe(0.5);
    expect(alphaAt(0.5, 400, 100, 399, true)).toBe(0); // the language model's pretraining
    expect(alphaAt(0.5, 400, 100, 450, true)).toBe(0.25);
    expect(alphaAt(0.5, 400, 0, 400, true)).toBe(0.5);
  });
});

forEachBackend('VocabLogGate and IdeaHead', () => {
  it('multi-hot of the next K targets, leaving out positions that do not count', async () => {
    await expectNoLeak(() => {
      const [all, masked] = tf.tidy(() => {
        const ids = tf.tensor2d([[3, 1, 3, 0]], undefined, 'int32');
        return [values(multiHotWindow(ids, 4, 2)), values(multiHotWindow(ids, 4, 2, tf.tensor2d([[1, 1, 0, 1]])))];
      });
      expect(all).toEqual([0, 1, 0, 1, 0, 1, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0]);
      expect(masked).toEqual([0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0]);
    });
  });

  it('binary cross-entropy from logits matches the formula', () => {
    const v = tf.tidy(() => values(bceWithLogits(tf.tensor3d([[[2, -1]]]), tf.tensor3d([[[1, 0]]]))));
    const want = (-Math.log(sig(2)) - Math.log(1 - sig(-1))) / 2;
    expect(v[0]).toBeCloseTo(want, 5);
  });

  it('forward by hand: z + max(α log σ(idea), β), and the clamped count', async () => {
    await expectNoLeak(() => {
      const r = tf.tidy(() => {
        const z = tf.tensor3d([[[1, 2, 3]]]);
        const idea = tf.tensor3d([[[10, 0, -10]]]);
        const a = applyNode(VocabLogGate, { z, idea }, {}, { alpha: 0.5, beta: -2 });
        return { out: values(a.out.out!), gate: values(a.records.gate!), clamped: values(a.records.clamped!)[0]! };
      });
      const pen = [0.5 * Math.log(sig(10) + 1e-8), 0.5 * Math.log(0.5), -2];
      r.out.forEach((v, i) => expect(v).toBeCloseTo([1, 2, 3][i]! + pen[i]!, 5));
      r.gate.forEach((v, i) => expect(v).toBeCloseTo(Math.exp(pen[i]!), 5));
      expect(r.clamped).toBeCloseTo(1, 5);
    });
  });

  it('is the identity at the start of training (α ramps from 0) and with α = 0', () => {
    const r = tf.tidy(() => {
      const z = tf.tensor3d([[[1, 2, 3], [0.5, -1, 4]]]);
      const idea = tf.tensor3d([[[3, -2, 0], [-5, 1, 2]]]);
      return {
        z: values(z),
        start: values(applyNode(VocabLogGate, { z, idea }, {}, { rampSteps: 100 }, { training: true, step: 0 }).out.out!),
        off: values(applyNode(VocabLogGate, { z, idea }, {}, { alpha: 0 }).out.out!),
        on: values(applyNode(VocabLogGate, { z, idea }, {}, {}).out.out!),
      };
    });
    expect(r.start).toEqual(r.z);
    expect(r.off).toEqual(r.z);
    expect(r.on).not.toEqual(r.z);
  });

  it('passes a gradient to the idea logits except where the penalty is clamped at β', () => {
    const g = tf.tidy(() => {
      const z = tf.tensor3d([[[1, 2, 3]]]);
      const f = (idea: tf.Tensor) => tf.sum(applyNode(VocabLogGate, { z, idea }, {}, { alpha: 0.5 }).out.out!);
      return values(tf.grad(f)(tf.tensor3d([[[1, 0, -10]]])));
    });
    // d/du 0.5·log σ(u) = 0.5·(1 − σ(u))
    expect(g[0]).toBeCloseTo(0.5 * (1 - sig(1)), 4);
    expect(g[1]).toBeCloseTo(0.25, 4);
    expect(g[2]).toBe(0);
  });

  it('the idea head adds w·BCE against the next-K multi-hot while training, and nothing otherwise', async () => {
    await expectNoLeak(() => {
      const r = tf.tidy(() => {
        const h = tf.tensor3d([[[1, 0], [0, 1]]]);                  // B 1, T 2, D 2
        const w = { w1: tf.eye(2), b1: tf.zeros([2]), w2: tf.tensor2d([[1, -1, 0], [0, 2, -1]]), b2: tf.zeros([3]) };
        const target = tf.tensor2d([[2, 1]], undefined, 'int32');
        const train = applyNode(IdeaHead, { in: h }, w, { window: 2, auxWeight: 0.5 }, { training: true, target });
        const evalOnly = applyNode(IdeaHead, { in: h }, w, {}, { training: false });
        return { u: values(train.out.out!), loss: values(train.losses.idea!)[0]!, none: Object.keys(evalOnly.losses).length };
      });
      // u = relu(h) W2: [[1, -1, 0], [0, 2, -1]]; multi-hot: t0 {2, 1} → [0, 1, 1], t1 {1} → [0, 1, 0]
      expect(r.u).toEqual([1, -1, 0, 0, 2, -1]);
      const y = [0, 1, 1, 0, 1, 0];
      const bce = r.u.reduce((s, u, i) => s - (y[i] ? Math.log(sig(u)) : Math.log(1 - sig(u))), 0) / 6;
      expect(r.loss).toBeCloseTo(0.5 * bce, 5);
      expect(r.none).toBe(0);
    });
  });

  it('detachInput: the idea head\'s loss leaves the hidden states (the language model) alone', () => {
    const [free, detached] = tf.tidy(() => {
      const w = { w1: tf.eye(2), b1: tf.zeros([2]), w2: tf.tensor2d([[1, -1, 0], [0, 2, -1]]), b2: tf.zeros([3]) };
      const target = tf.tensor2d([[2, 1]], undefined, 'int32');
      const lossWrtH = (detachInput: boolean) => tf.grad((h: tf.Tensor) =>
        applyNode(IdeaHead, { in: h }, w, { window: 2, detachInput }, { training: true, target }).losses.idea!)(tf.tensor3d([[[1, 0.5], [0.3, 1]]]));
      return [values(lossWrtH(false)), values(lossWrtH(true))];
    });
    expect(free.some((v) => Math.abs(v) > 1e-6)).toBe(true);
    expect(detached).toEqual([0, 0, 0, 0]);
  });

  for (const v of ['idea gate (alpha 0.5)', 'ungated (alpha 0)']) {
    it(`trains in the preset (${v}) with the probe on, and leaks nothing`, async () => {
      const set = presetGraph('idea-gated').variants!.find((x) => x.name === v)!.set;
      // the gate on the tape from the first step (the preset switches it on after 400 steps)
      await trainStepsNoLeak(presetGraph('idea-gated', 1, { ...set, 'gate.rampStart': 0, 'gate.rampSteps': 0 }), 3);
    });
  }
});
