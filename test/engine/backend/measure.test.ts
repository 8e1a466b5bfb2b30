import { it, expect } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { measureBackends, timeSteps, getPreset } from '../../../engine';
import { warmUp } from '../../../engine/train/time-steps';
import { useBackend, expectNoLeak } from '../../helpers/backend';

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

it('gives up on a warm-up step still running past its budget, and starts nothing past the total', async () => {
  // cpu stands in for a GPU compiling shaders elsewhere: its first step never ends
  const run = (n: number) => (tf.getBackend() === 'cpu' ? new Promise<number[]>(() => {}) : Promise.resolve(new Array<number>(n).fill(2)));
  const ranked = await measureBackends(['wasm', 'cpu'], run, { budgetMs: 100 });
  expect(ranked).toEqual([
    { name: 'wasm', msPerStep: 2, firstMs: expect.any(Number) },
    { name: 'cpu', msPerStep: Infinity, firstMs: expect.any(Number), error: 'first step took over 100 ms' },
  ]);
  const slow = (n: number) => new Promise<number[]>((r) => setTimeout(() => r(new Array<number>(n).fill(5)), 30));
  expect(await measureBackends(['wasm', 'cpu'], slow, { totalMs: 10 })).toEqual([
    { name: 'wasm', msPerStep: 5, firstMs: expect.any(Number) },
    { name: 'cpu', msPerStep: Infinity, error: 'not measured: out of time' },
  ]);
  await useBackend('wasm');
});

it('warms a graph up (forward and backward, read back) and leaves nothing behind', async () => {
  await useBackend('wasm');
  await expectNoLeak(() => warmUp(getPreset('spiral-gated-mlp')!.graph));
});

