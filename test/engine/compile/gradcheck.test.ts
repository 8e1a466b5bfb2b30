import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { compile, getPreset } from '../../../engine';
import { useBackend } from '../../helpers/backend';

/**
 * Finite differences on the gated MLP (tanh(Dense) ⊙ sigmoid(Dense)): the
 * engine's analytic gradients must match central differences of its loss.
 */
describe('gradient check on a gated graph', () => {
  beforeAll(() => useBackend('cpu'));

  it('matches central differences for every variable', () => {
    const graph = getPreset('spiral-gated-mlp')!.graph;
    const r = compile(graph);
    if (!r.ok) throw new Error('compile failed');
    const { model } = r.value;
    const x = tf.tensor2d([[0.2, -0.4], [-0.9, 0.3], [0.5, 0.8], [0.05, -0.6]]);
    const y = tf.tensor1d([0, 1, 1, 0], 'int32');
    const lossOf = () => model.loss({ x }, y, undefined, { training: true }).total;
    const { grads } = tf.variableGrads(lossOf);
    const eps = 1e-2;
    let checked = 0;
    for (const [name, v] of model.variables) {
      const g = grads[v.name]!.dataSync();
      const base = v.dataSync().slice();
      for (const i of [0, Math.floor(base.length / 2), base.length - 1]) {
        const at = (d: number) => {
          const w = base.slice();
          w[i] = w[i]! + d;
          v.assign(tf.tensor(w, v.shape));
          return tf.tidy(() => lossOf().dataSync()[0]!);
        };
        const numeric = (at(eps) - at(-eps)) / (2 * eps);
        v.assign(tf.tensor(base, v.shape));
        expect(Math.abs(numeric - g[i]!), `${name}[${i}]: numeric ${numeric} vs analytic ${g[i]}`).toBeLessThan(2e-3 + 2e-2 * Math.abs(numeric));
        checked++;
      }
    }
    expect(checked).toBe(model.variables.size * 3);
    tf.dispose([x, y, ...Object.values(grads)]);
    model.dispose();
  });
});
