/** Saved weights: plain copies that load into a model compiled afresh, and the keeper's fallback when a backend cannot be read. */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { compile, type Compiled } from '../../../engine';
import { WeightKeeper, restoreWeights, saveWeights } from '../../../src/worker/weights';
import { chain } from '../../helpers/graphs';
import { useBackend } from '../../helpers/backend';

const graph = chain([['x', 'Input'], ['h', 'Dense', { units: 8 }], ['head', 'ClassifierHead'], ['y', 'Output']]);
const compiled = (seed: number): Compiled => {
  const c = compile({ ...graph, training: { ...graph.training, seed } });
  if (!c.ok) throw new Error(JSON.stringify(c.errors));
  return c.value;
};

describe('saved weights [wasm]', () => {
  beforeAll(() => useBackend('wasm'));

  it('restores every value into a fresh model of the same graph', async () => {
    const a = compiled(1), b = compiled(2);
    const saved = await saveWeights(a.model, 7);
    expect(saved.step).toBe(7);
    expect((await b.model.readWeights()).get('h/kernel')!.data).not.toEqual(saved.weights.get('h/kernel')!.data);
    const before = tf.memory().numTensors;
    restoreWeights(b.model, saved);
    expect(tf.memory().numTensors).toBe(before);
    const back = await b.model.readWeights();
    expect([...back.keys()].sort()).toEqual([...saved.weights.keys()].sort());
    for (const [name, w] of saved.weights) expect(back.get(name)!.data, name).toEqual(w.data);
    a.model.dispose();
    b.model.dispose();
  });

  it('keeps a copy at most every interval, and falls back to it when the weights cannot be read', async () => {
    const a = compiled(1);
    const keeper = new WeightKeeper(1000);
    await keeper.maybeKeep(a.model, 0);
    await keeper.maybeKeep(a.model, 1);
    expect(keeper.last?.step).toBe(0);
    expect((await keeper.rescue(a.model, 3))?.step).toBe(3);
    const dead = { readWeights: () => Promise.reject(new Error('The Device was lost before mapping was resolved.')) } as unknown as typeof a.model;
    expect((await keeper.rescue(dead, 3))?.step).toBe(0);
    a.model.dispose();
  });
});
