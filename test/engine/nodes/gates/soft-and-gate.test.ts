import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { forEachBackend, expectNoLeak } from '../../../helpers/backend';
import { SoftAndGate, softAnd } from '../../../../engine/nodes/gates/soft-and-gate';
import { isFailure, type DatasetInfo } from '../../../../engine/registry/defineNode';
import { withDefaults } from '../../../../engine/registry/params';
import { applyNode, presetGraph, trainStepsNoLeak, values } from './node-harness';

const sig = (z: number) => 1 / (1 + Math.exp(-z));
const ctx = { nodeId: 'and', dataset: { name: 't', task: 'classification', classes: 2, fields: {}, targetShape: [] } as DatasetInfo };
const infer = (ins: Parameters<typeof SoftAndGate.infer>[0], p: Record<string, string | number> = {}) =>
  SoftAndGate.infer(ins, withDefaults(SoftAndGate.params, p) as never, ctx);

describe('SoftAndGate shapes', () => {
  it('outputs the gate [B, 1], x gated, or the controls when off with nothing on x', () => {
    const c = { shape: ['B', 4] as ('B' | number)[], dtype: 'float32' as const };
    const x = { shape: ['B', 6] as ('B' | number)[], dtype: 'float32' as const };
    expect(infer({ c })).toEqual({ out: { shape: ['B', 1], dtype: 'float32' } });
    expect(infer({ c }, { mode: 'off' })).toEqual({ out: c });
    expect(infer({ c, x })).toEqual({ out: { shape: ['B', 6], dtype: 'float32' } });
    expect(infer({ c, x, fx: x })).toEqual({ out: { shape: ['B', 6], dtype: 'float32' } });
    expect(isFailure(infer({ c, fx: x }))).toBe(true);
    expect(isFailure(infer({ c: { shape: ['B'], dtype: 'float32' } }))).toBe(true);
  });
});

forEachBackend('SoftAndGate', () => {
  it('forward: g = Π σ(s(c_i − θ_i)), out = x ⊙ g, by hand', async () => {
    await expectNoLeak(() => {
      const r = tf.tidy(() => {
        const c = tf.tensor2d([[1, 0.8], [1, 0.2]]);
        const x = tf.tensor2d([[2, 3], [4, 5]]);
        const theta = tf.tensor1d([0.5, 0.5]);
        const { out, records } = applyNode(SoftAndGate, { c, x }, { theta }, { sharpness: 2 });
        return { out: values(out.out!), gate: values(records.gate!), alone: values(applyNode(SoftAndGate, { c }, { theta }, { sharpness: 2 }).out.out!) };
      });
      const g0 = sig(1) * sig(0.6), g1 = sig(1) * sig(-0.6);
      r.out.forEach((v, i) => expect(v).toBeCloseTo([2 * g0, 3 * g0, 4 * g1, 5 * g1][i]!, 5));
      r.gate.forEach((v, i) => expect(v).toBeCloseTo([g0, g1][i]!, 5));
      r.alone.forEach((v, i) => expect(v).toBeCloseTo([g0, g1][i]!, 5));
    });
  });

  it('a gated branch: out = x + g ⊙ fx; off passes x + fx', () => {
    const r = tf.tidy(() => {
      const c = tf.tensor2d([[3, 3]]);
      const x = tf.tensor2d([[1, 1]]);
      const fx = tf.tensor2d([[10, 20]]);
      const theta = tf.tensor1d([0, 0]);
      return {
        on: values(applyNode(SoftAndGate, { c, x, fx }, { theta }, { sharpness: 1 }).out.out!),
        off: values(applyNode(SoftAndGate, { c, x, fx }, {}, { mode: 'off' }).out.out!),
      };
    });
    const g = sig(3) ** 2;
    r.on.forEach((v, i) => expect(v).toBeCloseTo(1 + g * [10, 20][i]!, 4));
    expect(r.off).toEqual([11, 21]);
  });

  it('stays finite with many closed controls (sums logs, no underflow to NaN)', () => {
    const v = tf.tidy(() => values(softAnd(tf.fill([1, 64], -5), tf.zeros([64]), 100)));
    expect(Number.isFinite(v[0]!)).toBe(true);
    expect(v[0]).toBe(0);
  });

  it('hard mode: exact 0/1 AND forward, the soft gate\'s gradient backward', async () => {
    await expectNoLeak(() => {
      const r = tf.tidy(() => {
        const c = tf.tensor2d([[0.9, 0.6, 0.7], [0.9, 0.4, 0.7]]);
        const theta = tf.tensor1d([0.5, 0.5, 0.5]);
        const hard = (t: tf.Tensor) => applyNode(SoftAndGate, { c }, { theta: t }, { mode: 'hard', sharpness: 4 }).out.out!;
        const soft = (t: tf.Tensor) => applyNode(SoftAndGate, { c }, { theta: t }, { mode: 'soft', sharpness: 4 }).out.out!;
        return {
          fwd: values(hard(theta)),
          gHard: values(tf.grad((t: tf.Tensor) => tf.sum(hard(t)))(theta)),
          gSoft: values(tf.grad((t: tf.Tensor) => tf.sum(soft(t)))(theta)),
        };
      });
      expect(r.fwd).toEqual([1, 0]);
      r.gHard.forEach((v, i) => expect(v).toBeCloseTo(r.gSoft[i]!, 5));
      expect(r.gSoft.every((v) => v < 0)).toBe(true); // raising a threshold closes the gate
    });
  });

  it('θ gradient matches the closed form ∂g/∂θ_i = −s·g·(1 − σ_i)', () => {
    const r = tf.tidy(() => {
      const c = tf.tensor2d([[0.8, 0.3]]);
      const theta = tf.tensor1d([0.5, 0.1]);
      return values(tf.grad((t: tf.Tensor) => tf.sum(softAnd(c, t, 3)))(theta));
    });
    const s1 = sig(3 * 0.3), s2 = sig(3 * 0.2), g = s1 * s2;
    expect(r[0]).toBeCloseTo(-3 * g * (1 - s1), 5);
    expect(r[1]).toBeCloseTo(-3 * g * (1 - s2), 5);
  });

  it('records the mean gate by number of controls on (NaN where no example has that count)', () => {
    const byCount = tf.tidy(() => {
      const c = tf.tensor2d([[1, 1], [1, 0], [0, 1]]);
      const theta = tf.tensor1d([0.5, 0.5]);
      return values(applyNode(SoftAndGate, { c }, { theta }, { sharpness: 4 }).records.gateByControlsOn!);
    });
    expect(Number.isNaN(byCount[0]!)).toBe(true);
    expect(byCount[1]).toBeCloseTo(sig(2) * sig(-2), 5);
    expect(byCount[2]).toBeCloseTo(sig(2) ** 2, 5);
  });

  for (const mode of ['soft', 'hard', 'off'] as const) {
    it(`trains in the preset (${mode}) with the probe on, and leaks nothing`, async () => {
      await trainStepsNoLeak(presetGraph('multi-controlled-gate', 1, { 'and.mode': mode }), 3);
    });
  }
});
