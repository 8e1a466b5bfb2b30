import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ExpandedGLU, ExpandedSelfGate } from '../../../../engine/nodes/gates/expanded-activations';
import { expandedGate } from '../../../../engine/nodes/gates/gate-mul';
import { activate } from '../../../../engine/nodes/dense';
import { forEachBackend, useBackend } from '../../../helpers/backend';
import { applyNode, presetGraph, trainStepsNoLeak, values } from './node-harness';

const U = [-3, -1, -0.5, 0, 0.5, 1, 3];
const close = (a: number[], b: number[], digits = 5) => a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, digits));

/** erf by its series (an oracle independent of tf.erf): 2/√π Σ (−1)^n u^(2n+1) / (n! (2n+1)). */
function erf(u: number): number {
  let s = 0, term = u;
  for (let n = 0; n < 60; n++) {
    s += term / (2 * n + 1);
    term *= (-u * u) / (n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * s;
}

describe('expanded gates', () => {
  it('match the formulas of x_gate.py, and span (−α, 1+α)', async () => {
    await useBackend('cpu');
    const a = 0.3;
    tf.tidy(() => {
      const u = tf.tensor1d(U);
      close(values(expandedGate('arctan', u, a)), U.map((x) => (Math.atan(x) * (1 + 2 * a)) / Math.PI + 0.5));
      close(values(expandedGate('erf', u, a)), U.map((x) => erf(x / Math.SQRT2) * (0.5 + a) + 0.5), 4);
      close(values(expandedGate('sigmoid', u, a)), U.map((x) => (1 + 2 * a) / (1 + Math.exp(-x)) - a));
      for (const fn of ['arctan', 'erf', 'sigmoid'] as const) {
        const far = values(expandedGate(fn, tf.tensor1d([-1e4, 1e4]), a));
        expect(far[0]).toBeCloseTo(-a, 3);
        expect(far[1]).toBeCloseTo(1 + a, 3);
      }
    });
  });
});

describe('ExpandedSelfGate', () => {
  it('x·g(x) by hand, with α from its variable; records α, the gate and the share of negative gates', () => {
    tf.tidy(() => {
      const x = tf.tensor1d(U);
      const { out, records } = applyNode(ExpandedSelfGate, { in: x }, { alpha: tf.scalar(0.5) }, { fn: 'sigmoid' });
      const g = U.map((v) => 2 / (1 + Math.exp(-v)) - 0.5);
      close(values(out.out!), U.map((v, i) => v * g[i]!));
      expect(values(records.alpha!)).toEqual([0.5]);
      expect(values(records.negativeGate!)[0]).toBeCloseTo(g.filter((v) => v < 0).length / U.length, 6);
    });
  });

  it('at α = 0 it is exactly GELU and SiLU, and ATLU is x·(atan(x)/π + ½)', () => {
    tf.tidy(() => {
      const x = tf.tensor1d(U);
      const alpha = { alpha: tf.scalar(0) };
      close(values(applyNode(ExpandedSelfGate, { in: x }, alpha, { fn: 'erf' }).out.out!), values(activate('gelu', x)), 6);
      close(values(applyNode(ExpandedSelfGate, { in: x }, alpha, { fn: 'sigmoid' }).out.out!), values(activate('silu', x)), 6);
      close(values(applyNode(ExpandedSelfGate, { in: x }, alpha, { fn: 'arctan' }).out.out!), U.map((v) => v * (Math.atan(v) / Math.PI + 0.5)), 6);
      // frozen α: no variable at all, the constant alphaInit is used
      const frozen = applyNode(ExpandedSelfGate, { in: x }, {}, { fn: 'erf', learnAlpha: false });
      close(values(frozen.out.out!), values(activate('gelu', x)), 6);
      expect(values(frozen.records.alpha!)).toEqual([0]);
    });
  });

  it('builds α only when it learns, one per channel on request', () => {
    const made: [string, number[]][] = [];
    const v = { make: (n: string, s: number[]) => { made.push([n, s]); return tf.variable(tf.zeros(s)); }, scalar: () => { throw new Error('unused'); } };
    const build = (p: object) => ExpandedSelfGate.build!({ params: { fn: 'arctan', learnAlpha: true, alphaInit: 0, perChannel: false, ...p } as never, inputs: { in: { shape: ['B', 6], dtype: 'float32' } } as never, v, dataset: {} as never });
    tf.dispose(Object.values(build({})));
    tf.dispose(Object.values(build({ perChannel: true })));
    expect(Object.keys(build({ learnAlpha: false }))).toEqual([]);
    expect(made).toEqual([['alpha', []], ['alpha', [6]]]);
  });
});

describe('ExpandedGLU', () => {
  it('first order g(u)·v, second order g(u)·u·v, halves of the last axis', () => {
    tf.tidy(() => {
      const x = tf.tensor2d([[1, -2, 3, 4]]);        // u = [1, -2], v = [3, 4]
      const a = 0.25;
      const g = [1, -2].map((u) => (Math.atan(u) * (1 + 2 * a)) / Math.PI + 0.5);
      const first = applyNode(ExpandedGLU, { in: x }, { alpha: tf.scalar(a) }, { fn: 'arctan', order: 'first' });
      close(values(first.out.out!), [g[0]! * 3, g[1]! * 4]);
      const second = applyNode(ExpandedGLU, { in: x }, { alpha: tf.scalar(a) }, { fn: 'arctan', order: 'second' });
      close(values(second.out.out!), [g[0]! * 1 * 3, g[1]! * -2 * 4]);
      // α = 0, second order, sigmoid: SwiGLU = silu(u)·v
      const swiglu = applyNode(ExpandedGLU, { in: x }, { alpha: tf.scalar(0) }, { fn: 'sigmoid', order: 'second' });
      close(values(swiglu.out.out!), [3 / (1 + Math.exp(-1)), (-2 * 4) / (1 + Math.exp(2))]);
    });
  });

  it('needs an even last axis and halves it', () => {
    const ctx = { nodeId: 'n', dataset: { name: 'd', task: 'classification' as const, classes: 2, fields: {}, targetShape: [] } };
    const p = { fn: 'arctan', order: 'first', learnAlpha: true, alphaInit: 0, perChannel: false } as never;
    expect(ExpandedGLU.infer({ in: { shape: ['B', 5], dtype: 'float32' } }, p, ctx)).toHaveProperty('error');
    expect(ExpandedGLU.infer({ in: { shape: ['B', 3, 8], dtype: 'float32' } }, p, ctx)).toEqual({ out: { shape: ['B', 3, 4], dtype: 'float32' } });
  });
});

forEachBackend('expanded activations train', () => {
  for (const fn of ['arctan', 'erf', 'sigmoid'] as const) {
    it(`ExpandedSelfGate (${fn}) and ExpandedGLU: steps with statistics, no leak`, async () => {
      const g = presetGraph('expanded-activations', 2, { 'act1.fn': fn, 'act2.fn': fn });
      g.training.dataset = { ...g.training.dataset, samples: 200 };
      // a GLU block between act3 and the head: Dense to 2K = 16, ExpandedGLU to K = 8
      g.nodes.push({ id: 'up', type: 'Dense', params: { units: 16 } }, { id: 'glu', type: 'ExpandedGLU', params: { fn } });
      g.edges = g.edges.filter((e) => e.target !== 'head').concat(
        { id: 'g1', source: 'act3', sourceHandle: 'out', target: 'up', targetHandle: 'in' },
        { id: 'g2', source: 'up', sourceHandle: 'out', target: 'glu', targetHandle: 'in' },
        { id: 'g3', source: 'glu', sourceHandle: 'out', target: 'head', targetHandle: 'in' },
      );
      await trainStepsNoLeak(g, 3);
    });
  }
});
