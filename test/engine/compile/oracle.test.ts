import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { compile, type Compiled } from '../../../engine';
import { chain } from '../../helpers/graphs';
import { useBackend } from '../../helpers/backend';

/** Dense → Activation → Dense against the same weights in tf.layers: an oracle nobody here wrote. */
describe('compiled Dense stack vs tf.layers', () => {
  let c: Compiled;
  beforeAll(async () => {
    await useBackend('cpu');
    const r = compile(chain([['x', 'Input'], ['h', 'Dense', { units: 5 }], ['a', 'Activation', { fn: 'gelu' }], ['o', 'Dense', { units: 2 }], ['y', 'Output']]));
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    c = r.value;
  });
  afterAll(() => c.model.dispose());

  it('gives the same outputs', () => {
    const m = tfl.sequential({
      layers: [
        tfl.layers.dense({ units: 5, inputShape: [2], activation: 'gelu' }),
        tfl.layers.dense({ units: 2 }),
      ],
    });
    const v = c.model.variables;
    m.layers[0]!.setWeights([v.get('h/kernel')!, v.get('h/bias')!]);
    m.layers[1]!.setWeights([v.get('o/kernel')!, v.get('o/bias')!]);
    const x = tf.tensor2d([[0.3, -1.2], [2, 0.5], [-0.7, -0.1]]);
    const ours = tf.tidy(() => c.model.forward({ x }, { training: false }).pred);
    const theirs = m.predict(x) as tf.Tensor;
    const diff = tf.max(tf.abs(tf.sub(ours, theirs))).dataSync()[0]!;
    expect(diff).toBeLessThan(1e-5);
    tf.dispose([x, ours, theirs]);
    m.layers.forEach((l) => l.dispose());
  });

  it('draws Glorot-uniform kernels and zero biases, reproducibly from the seed', () => {
    const k = c.model.variables.get('h/kernel')!.dataSync();
    const lim = Math.sqrt(6 / (2 + 5));
    expect(Math.max(...Array.from(k).map(Math.abs))).toBeLessThanOrEqual(lim);
    expect(Array.from(c.model.variables.get('h/bias')!.dataSync())).toEqual([0, 0, 0, 0, 0]);
    const again = compile(c.model.graph);
    if (!again.ok) throw new Error('compile failed');
    expect(Array.from(again.value.model.variables.get('h/kernel')!.dataSync())).toEqual(Array.from(k));
    again.value.model.dispose();
  });
});
