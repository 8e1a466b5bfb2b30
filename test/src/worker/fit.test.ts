/**
 * A regression's fit for the training panel: the curve is the model's output
 * at evenly spaced x across the data (here a model that doubles x, so the
 * values are checkable by hand), the surface a grid over the plane; other
 * data gets no plan, and no tensor is left behind.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import type { Compiled, Dataset } from '../../../engine';
import { CURVE_RES, fitGrid, planFit } from '../../../src/worker/fit';
import { useBackend } from '../../helpers/backend';

const regression = (x: number[], F: number, y: number[]): Dataset => ({
  inputs: { x: { data: Float32Array.from(x), shape: [y.length, F], dtype: 'float32' } },
  target: { data: Float32Array.from(y), shape: [y.length, 1], dtype: 'float32' },
  task: 'regression',
  classes: 1,
});
/** A stand-in model: the prediction is the sum of the features times 2. */
const doubler = { model: { forward: (feeds: Record<string, tf.Tensor>) => ({ pred: tf.mul(tf.sum(feeds['x']!, 1, true), 2) }) } } as unknown as Compiled;

describe('regression fit', () => {
  beforeAll(() => useBackend('cpu'));

  it('draws one feature as a curve across the data with a margin, with the points and their targets', async () => {
    const before = tf.memory().numTensors;
    const plan = planFit(regression([0, 1, 2, 10], 1, [5, 6, 7, 8]))!;
    expect(plan.features).toBe(1);
    expect(plan.extent[0]).toBeCloseTo(-0.5, 5);
    expect(plan.extent[1]).toBeCloseTo(10.5, 5);
    expect([...plan.points]).toEqual([0, 5, 1, 6, 2, 7, 10, 8]);
    const fit = await fitGrid(doubler, plan, 7);
    expect(fit.step).toBe(7);
    expect(fit.values.length).toBe(CURVE_RES);
    const x0 = -0.5 + (0.5 / CURVE_RES) * 11;
    expect(fit.values[0]).toBeCloseTo(2 * x0, 4);
    plan.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('draws two features as a res × res surface over the square around the data', async () => {
    const plan = planFit(regression([1, -1, 0.5, 0.5], 2, [1, 2]))!;
    expect(plan.features).toBe(2);
    expect(plan.extent).toEqual([-1.1, 1.1, -1.1, 1.1].map((v) => expect.closeTo(v, 5)));
    const fit = await fitGrid(doubler, plan, 1);
    expect(fit.values.length).toBe(plan.res * plan.res);
    // Top-left cell: x near x0, y near y1; the model gives 2 (x + y) there.
    const cell = 2.2 / plan.res;
    expect(fit.values[0]).toBeCloseTo(2 * (-1.1 + cell / 2 + 1.1 - cell / 2), 4);
    plan.dispose();
  });

  it('has no plan for classification, three features, or a second input', () => {
    expect(planFit({ ...regression([0, 1], 1, [0, 1]), task: 'classification' })).toBeUndefined();
    expect(planFit(regression([0, 1, 2], 3, [0]))).toBeUndefined();
    const two = regression([0, 1], 1, [0, 1]);
    expect(planFit({ ...two, inputs: { ...two.inputs, cond: two.inputs['x']! } })).toBeUndefined();
  });
});
