/**
 * Found by the fuzz (issue 18): a weight the loss does not reach on one step
 * (a router that sends no token to an expert) has no gradient, tf.variableGrads
 * leaves it out, and tfjs's Adam, which keeps its moments by position, then
 * paired later gradients with another weight's moments: "could not be broadcast".
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createOptimizer } from '../../../engine/train/optimizers';
import { useBackend } from '../../helpers/backend';

describe('optimizer moments stay with their weights when a step skips one', () => {
  beforeAll(() => useBackend('cpu'));

  for (const name of ['adam', 'adamw', 'sgd'] as const) {
    it(`${name}: a weight missing from one step's gradients, present in the next`, () => {
      const a = tf.variable(tf.ones([3, 2]), true, 'robust-test-a-' + name);
      const b = tf.variable(tf.ones([5]), true, 'robust-test-b-' + name);
      const opt = createOptimizer(name === 'sgd' ? { name, learningRate: 0.1, momentum: 0.9 } : { name, learningRate: 0.1 });
      const vars = [a, b];
      tf.tidy(() => opt.apply({ [b.name]: tf.ones([5]) }, vars));            // a unreached on step 1
      tf.tidy(() => opt.apply({ [a.name]: tf.ones([3, 2]), [b.name]: tf.ones([5]) }, vars));
      // each weight moved only by its own gradients: a took one step, b two (every entry alike)
      const [av, bv] = [a.dataSync(), b.dataSync()];
      expect(new Set(av).size).toBe(1);
      expect(new Set(bv).size).toBe(1);
      expect(av[0]!).toBeLessThan(1);
      expect(bv[0]!).toBeLessThan(av[0]!);
      opt.dispose();
      tf.dispose([a, b]);
    });
  }
});
