import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { compile } from '../../../../engine';
import { HighwayGate } from '../../../../engine/nodes/gates/highway';
import { isFailure } from '../../../../engine/registry/defineNode';
import { useBackend } from '../../../helpers/backend';
import { applyNode, presetGraph, trainStepsNoLeak, values } from './node-harness';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('HighwayGate', () => {
  beforeAll(() => useBackend('wasm'));

  it('out = x + t ⊙ (h(x) − x), t = σ(x W + b): a hand-computed case', () => {
    const [out, gate] = tf.tidy(() => {
      const r = applyNode(HighwayGate, { x: tf.tensor2d([[1, 2]]), hx: tf.tensor2d([[3, -1]]) }, {
        kernel: tf.tensor2d([[1, 0], [0, -1]]), bias: tf.tensor1d([-1, 0]),
      });
      return [values(r.out['out']!), values(r.records['gate']!)];
    });
    // logits: [1·1 + 2·0 − 1, 1·0 + 2·(−1) + 0] = [0, −2]
    expect(gate[0]).toBeCloseTo(0.5, 6);
    expect(gate[1]).toBeCloseTo(sigmoid(-2), 6);
    expect(out[0]).toBeCloseTo(1 + 0.5 * (3 - 1), 6);
    expect(out[1]).toBeCloseTo(2 + sigmoid(-2) * (-1 - 2), 6);
  });

  it('a closed gate carries x, an open one passes h(x)', () => {
    const [closed, open] = tf.tidy(() => {
      const x = tf.tensor2d([[0.5, -0.5]]), hx = tf.tensor2d([[4, 4]]), kernel = tf.zeros([2, 2]);
      const run = (b: number) => values(applyNode(HighwayGate, { x, hx }, { kernel, bias: tf.fill([2], b) }).out['out']!);
      return [run(-30), run(30)];
    });
    expect(closed).toEqual([0.5, -0.5]);
    expect(open).toEqual([4, 4]);
  });

  it('plain mode is h(x) alone: no gate, no variables', () => {
    const out = tf.tidy(() => values(applyNode(HighwayGate, { x: tf.tensor2d([[1, 2]]), hx: tf.tensor2d([[3, -1]]) }, {}, { mode: 'plain' }).out['out']!));
    expect(out).toEqual([3, -1]);
  });

  it('refuses x and h(x) of different widths, naming the port', () => {
    const r = HighwayGate.infer({ x: { shape: ['B', 4], dtype: 'float32' }, hx: { shape: ['B', 3], dtype: 'float32' } }, { bias: -2, mode: 'highway' } as never, {} as never);
    expect(isFailure(r)).toBe(true);
    if (isFailure(r)) expect(r.port).toBe('hx');
  });

  it('builds the gate bias at its param and a D × D kernel; plain builds nothing', () => {
    const c = compile(presetGraph('highway-deep', 3, { 'g1.bias': -3, 'g2.mode': 'plain' }));
    if (!c.ok) throw new Error(JSON.stringify(c.errors));
    const vars = c.value.model.variables;
    expect(values(vars.get('g1/bias')!)).toEqual(new Array(16).fill(-3));
    expect(vars.get('g1/kernel')!.shape).toEqual([16, 16]);
    expect([...vars.keys()].some((k) => k.startsWith('g2/'))).toBe(false);
    c.value.model.dispose();
  });

  it('a few training steps on the preset: finite losses, no tensor left behind', async () => {
    await trainStepsNoLeak(presetGraph('highway-deep', 3), 2);
  });
});
