import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { getPreset, runGraph } from '../../../engine';
import { clipByGlobalNorm } from '../../../engine/train/optimizers';
import { useBackend } from '../../helpers/backend';

describe('gradient clipping', () => {
  beforeAll(() => useBackend('wasm'));

  it('scales by maxNorm / global norm, hand-computed: (3, 4) with max 1 becomes (0.6, 0.8)', async () => {
    const grads = { a: tf.tensor1d([3]), b: tf.tensor1d([4]) };
    const out = clipByGlobalNorm(grads, 1);
    expect((await out.a!.data())[0]).toBeCloseTo(0.6, 6);
    expect((await out.b!.data())[0]).toBeCloseTo(0.8, 6);
    const loose = clipByGlobalNorm(grads, 10);
    expect((await loose.b!.data())[0]).toBeCloseTo(4, 6);
    tf.dispose([grads, out, loose]);
  });

  it('leaves out a weight the loss did not reach (variableGrads gives null) instead of failing', async () => {
    const grads = { a: tf.tensor1d([3, 4]), b: null } as unknown as tf.NamedTensorMap;
    const out = clipByGlobalNorm(grads, 1);
    expect(Object.keys(out)).toEqual(['a']);
    expect(Array.from(await out.a!.data()).map((v) => +v.toFixed(6))).toEqual([0.6, 0.8]);
    tf.dispose([grads.a!, out.a!]);
  });

  it('trains the GateON preset with clipping on (its context gates for other tasks get no gradient)', async () => {
    const g = structuredClone(getPreset('gateon')!.graph);
    g.training.clipNorm = 1e-9;
    g.training.phases = g.training.phases!.slice(0, 2).map((p) => ({ ...p, steps: 3 }));
    g.training.steps = 6;
    const { summary } = await runGraph(g, { finalEval: false });
    expect(summary.history.at(-1)?.step).toBe(6);
    expect(Number.isFinite(summary.loss)).toBe(true);
  });
});
