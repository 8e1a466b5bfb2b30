import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../../../engine';
import { StopGradient } from '../../../../engine/nodes/primitives/training';
import { useBackend } from '../../../helpers/backend';
import { chain } from '../../../helpers/graphs';
import { applyNode, trainStepsNoLeak, values } from '../gates/node-harness';

beforeAll(() => useBackend('wasm'));

describe('StopGradient', () => {
  it('passes values unchanged and no gradient', () => {
    tf.tidy(() => {
      const x = tf.tensor1d([1, -2, 3]);
      expect(values(applyNode(StopGradient, { in: x }, {}).out.out!)).toEqual([1, -2, 3]);
      const through = (s: tf.Tensor) => tf.sum(tf.mul(s, applyNode(StopGradient, { in: s }, {}).out.out!));
      // d/ds of s · sg(s) is sg(s) alone: the stopped factor contributes nothing
      expect(values(tf.grad(through)(x))).toEqual([1, -2, 3]);
    });
  });
});

describe('AuxLoss', () => {
  /** x → Dense h → ClassifierHead → Output, with an AuxLoss on h. */
  function graph(weight: number) {
    const g = chain([['x', 'Input'], ['h', 'Dense', { units: 4 }], ['logits', 'ClassifierHead'], ['y', 'Output']]);
    g.nodes.push({ id: 'aux', type: 'AuxLoss', params: { weight } });
    g.edges.push({ id: 'ea', source: 'h', sourceHandle: 'out', target: 'aux', targetHandle: 'in' });
    return g;
  }

  it('adds weight · mean(input) to the task loss, and trains', async () => {
    const c = compile(graph(0.5));
    if (!c.ok) throw new Error(JSON.stringify(c.errors));
    const model = c.value.model;
    tf.tidy(() => {
      const x = tf.tensor2d([[1, 2], [-1, 0.5]]);
      const { total, task, aux } = model.loss({ x }, tf.tensor1d([0, 1], 'int32'), undefined, { training: true });
      const evaluated = model.forward({ x }, { training: false });
      expect(aux.map((a) => `${a.nodeId}/${a.name}`)).toEqual(['aux/loss']);
      const hMean = tf.mean(tf.add(tf.matMul(x, model.variables.get('h/kernel')!), model.variables.get('h/bias')!)).dataSync()[0]!;
      expect(aux[0]!.value.dataSync()[0]).toBeCloseTo(0.5 * hMean, 6);
      expect(total.dataSync()[0]).toBeCloseTo(task.dataSync()[0]! + 0.5 * hMean, 6);
      expect(evaluated.aux).toHaveLength(1);
    });
    model.dispose();
    await trainStepsNoLeak(graph(0.1));
  });
});
