import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ReZero } from '../../../../engine/nodes/gates/rezero';
import { ResidualStack, notebookGain, xavierStd } from '../../../../engine/nodes/gates/residual-stack';
import { compile } from '../../../../engine';
import { forEachBackend, useBackend } from '../../../helpers/backend';
import { applyNode, presetGraph, trainStepsNoLeak, values } from './node-harness';


describe('ReZero', () => {
  it('out = x + α·f(x): a hand-computed case', async () => {
    await useBackend('cpu');
    tf.tidy(() => {
      const x = tf.tensor2d([[1, 2], [3, 4]]);
      const fx = tf.tensor2d([[10, 20], [-10, 0]]);
      const { out, records } = applyNode(ReZero, { x, fx }, { alpha: tf.scalar(0.5) });
      expect(values(out.out!)).toEqual([6, 12, -2, 4]);
      expect(values(records.alpha!)).toEqual([0.5]);
    });
  });

  it('starts as the identity: α is built at 0 and the output equals x exactly', () => {
    tf.tidy(() => {
      const vars = ReZero.build!({
        params: { init: 0 } as never, inputs: {} as never, dataset: {} as never,
        v: { make: () => { throw new Error('unused'); }, scalar: (_n, value) => tf.variable(tf.scalar(value)) },
      });
      const x = tf.randomNormal([3, 4, 5], 0, 1, 'float32', 1);
      const fx = tf.randomNormal([3, 4, 5], 0, 100, 'float32', 2);
      expect(values(applyNode(ReZero, { x, fx }, vars).out.out!)).toEqual(values(x));
      vars.alpha!.dispose();
    });
  });

  it('refuses x and f(x) of different shapes', () => {
    const ctx = { nodeId: 'n', dataset: { name: 'd', task: 'classification' as const, classes: 2, fields: {}, targetShape: [] } };
    const f = (shape: (number | 'B')[]) => ({ shape, dtype: 'float32' as const });
    expect(ReZero.infer({ x: f(['B', 4]), fx: f(['B', 5]) }, { init: 0 } as never, ctx)).toHaveProperty('error');
  });
});

describe('ResidualStack', () => {
  // Two layers, width 2, W_1 = I, W_2 = 2I, b = [1, -1]: relu(Wh + b) by hand.
  const vars = (alpha?: number[]) => ({
    kernels: tf.tensor3d([[[1, 0], [0, 1]], [[2, 0], [0, 2]]]),
    biases: tf.tensor2d([[1, -1], [1, -1]]),
    ...(alpha ? { alpha: tf.tensor1d(alpha) } : {}),
  });
  const x = () => tf.tensor2d([[1, 3]]);

  it('none (vanilla): h ← relu(W h + b)', () => {
    tf.tidy(() => {
      // relu([2, 2]) = [2, 2]; relu([5, 3]) = [5, 3]
      expect(values(applyNode(ResidualStack, { in: x() }, vars(), { depth: 2, residual: 'none' }).out.out!)).toEqual([5, 3]);
    });
  });

  it('residual: h ← h + relu(W h + b)', () => {
    tf.tidy(() => {
      // h1 = [1, 3] + [2, 2] = [3, 5]; h2 = [3, 5] + relu([7, 9]) = [10, 14]
      expect(values(applyNode(ResidualStack, { in: x() }, vars(), { depth: 2, residual: 'residual' }).out.out!)).toEqual([10, 14]);
    });
  });

  it('rezero: h ← h + α_i relu(W h + b), α per layer, reported per layer', () => {
    tf.tidy(() => {
      // h1 = [1, 3] + ½[2, 2] = [2, 4]; h2 = [2, 4] + ¼ relu([5, 7]) = [3.25, 5.75]
      const { out, records } = applyNode(ResidualStack, { in: x() }, vars([0.5, 0.25]), { depth: 2, residual: 'rezero' });
      expect(values(out.out!)).toEqual([3.25, 5.75]);
      expect(values(records.alpha!)).toEqual([0.5, 0.25]);
      // output RMS over input RMS: sqrt((3.25² + 5.75²)/2) / sqrt((1 + 9)/2)
      expect(values(records.outputScale!)[0]).toBeCloseTo(Math.sqrt((3.25 ** 2 + 5.75 ** 2) / 2) / Math.sqrt(5), 5);
      // α = 0: the identity, whatever the weights
      expect(values(applyNode(ResidualStack, { in: x() }, vars([0, 0]), { depth: 2, residual: 'rezero' }).out.out!)).toEqual([1, 3]);
    });
  });

  it('initialises as the notebook: Xavier-normal gain √2, gain 0.5 for the plain residual net, α = 0', async () => {
    expect(xavierStd(notebookGain('rezero'), 16)).toBeCloseTo(Math.SQRT2 * Math.sqrt(2 / 32), 10);
    expect(xavierStd(notebookGain('residual'), 16)).toBeCloseTo(0.5 * Math.sqrt(2 / 32), 10);
    const r = compile(presetGraph('rezero-deep', 1));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const k = r.value.model.variables.get('stack/kernels')!;
    const a = r.value.model.variables.get('stack/alpha')!;
    expect(k.shape).toEqual([64, 16, 16]);
    const kv = values(k);
    const std = Math.sqrt(kv.reduce((s, v) => s + v * v, 0) / kv.length);
    expect(std).toBeGreaterThan(0.95 * xavierStd(Math.SQRT2, 16));
    expect(std).toBeLessThan(1.05 * xavierStd(Math.SQRT2, 16));
    expect(values(a)).toEqual(new Array(64).fill(0));
    r.value.model.dispose();
  });
});

forEachBackend('ReZero trains', () => {
  for (const residual of ['rezero', 'residual', 'none'] as const) {
    it(`ResidualStack (${residual}): training steps with statistics, no tensor leaked`, async () => {
      const g = presetGraph('rezero-deep', 2, { 'stack.residual': residual, 'stack.depth': 8 });
      g.training.dataset = { ...g.training.dataset, samples: 100 };
      g.training.batchSize = 32;
      await trainStepsNoLeak(g, 3);
    });
  }

  it('ReZero node wired around a Dense branch: steps with statistics, no leak', async () => {
    const g = presetGraph('rezero-deep', 2);
    g.nodes = g.nodes.filter((n) => n.id !== 'stack').concat(
      { id: 'f', type: 'Dense', params: { units: 16 } },
      { id: 'rz', type: 'ReZero' },
    );
    g.edges = g.edges.filter((e) => e.source !== 'stack' && e.target !== 'stack').concat(
      { id: 'a1', source: 'relu', sourceHandle: 'out', target: 'f', targetHandle: 'in' },
      { id: 'a2', source: 'relu', sourceHandle: 'out', target: 'rz', targetHandle: 'x' },
      { id: 'a3', source: 'f', sourceHandle: 'out', target: 'rz', targetHandle: 'fx' },
      { id: 'a4', source: 'rz', sourceHandle: 'out', target: 'head', targetHandle: 'in' },
    );
    g.variants = [];
    delete g.headline;
    g.training.dataset = { ...g.training.dataset, samples: 100 };
    await trainStepsNoLeak(g, 3);
  });
});
