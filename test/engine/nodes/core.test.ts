import { it, expect } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { compile, generateDataset, prepareData, train, CORE_GRAPHS } from './core-graphs';
import { forEachBackend } from '../../helpers/backend';

/** Every core node type takes a training step on both Node backends, and leaks nothing. */
forEachBackend('core nodes train', () => {
  for (const [name, graph] of Object.entries(CORE_GRAPHS)) {
    it(`${name}: loss falls over a few steps and no tensor leaks`, async () => {
      const before = tf.memory().numTensors;
      const r = compile(graph);
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      const session = prepareData(r.value, generateDataset(graph));
      const losses: number[] = [];
      for await (const e of train(r.value, session, { steps: 12, evalEvery: 0, path: 'tfjs' })) if (e.kind === 'step') losses.push(e.loss);
      session.dispose();
      r.value.model.dispose();
      expect(losses.every(Number.isFinite)).toBe(true);
      expect(Math.min(...losses.slice(-3))).toBeLessThan(losses[0]!);
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
