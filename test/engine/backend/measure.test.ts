import { it, expect } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { measureBackends, timeSteps, getPreset } from '../../../engine';
import { useBackend } from '../../helpers/backend';

it('times each Node backend on a graph and ranks them, fastest first', async () => {
  await useBackend('wasm');
  const before = tf.memory().numTensors;
  const graph = getPreset('spiral-gated-mlp')!.graph;
  const ranked = await measureBackends(['cpu', 'wasm', 'webgpu'], (n) => timeSteps(graph, n), { steps: 3 });
  expect(ranked.map((r) => r.name).sort()).toEqual(['cpu', 'wasm', 'webgpu']);
  expect(ranked[ranked.length - 1]).toMatchObject({ name: 'webgpu', msPerStep: Infinity });
  for (const r of ranked.slice(0, 2)) expect(r.msPerStep).toBeGreaterThan(0);
  expect(ranked[0]!.msPerStep).toBeLessThanOrEqual(ranked[1]!.msPerStep);
  await useBackend('wasm');
  expect(tf.memory().numTensors).toBe(before);
});
