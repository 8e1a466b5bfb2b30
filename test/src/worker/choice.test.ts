/**
 * The automatic backend choice on a hand-made graph: the backend picked is
 * the one measured fastest, the reason gives the figures, and the same graph
 * (moved about on the canvas) is not measured again.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { describeTimings, graphKey, pickBackend, pickFastest, plainChoice } from '../../../src/worker/choice';
import { getPreset } from '../../../engine';
import { chain } from '../../helpers/graphs';
import { useBackend } from '../../helpers/backend';

const graph = chain([['x', 'Input'], ['h', 'Dense', { units: 16 }], ['head', 'ClassifierHead'], ['y', 'Output']]);

describe('automatic backend choice', () => {
  beforeAll(() => useBackend('wasm'));

  it('picks the measured fastest and names the figures', async () => {
    const before = tf.memory().numTensors;
    const info = await pickFastest(graph, [], ['cpu', 'wasm']);
    const figures = [...info.reason.matchAll(/(wasm|cpu) ([\d.]+) ms/g)].map((m) => ({ name: m[1], ms: Number(m[2]) }));
    expect(figures.map((f) => f.name).sort()).toEqual(['cpu', 'wasm']);
    // Figures are listed fastest first, and the first is the one chosen and set.
    expect(figures[0]!.ms).toBeLessThanOrEqual(figures[1]!.ms);
    expect(info).toMatchObject({ name: figures[0]!.name, requested: 'auto', failed: [] });
    expect(info.reason).toMatch(/^fastest on this graph: (wasm|cpu) [\d.]+ ms\/step, (wasm|cpu) [\d.]+ ms$/);
    expect(tf.getBackend()).toBe(info.name);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('remembers the choice per graph structure, and leaves out a backend that failed', async () => {
    const moved = { ...graph, nodes: graph.nodes.map((n) => ({ ...n, position: { x: 1, y: 2 } })) };
    expect(graphKey(moved)).toBe(graphKey(graph));
    expect(graphKey({ ...graph, training: { ...graph.training, batchSize: 64 } })).not.toBe(graphKey(graph));
    const first = await pickFastest(graph, [], ['cpu', 'wasm']);
    const t0 = performance.now();
    const again = await pickFastest(moved, [], ['cpu', 'wasm']);
    expect(performance.now() - t0).toBeLessThan(50);
    expect(again.name).toBe(first.name);
    expect(again.reason).toMatch(/measured at its first run/);
    const other = first.name === 'wasm' ? 'cpu' : 'wasm';
    const without = await pickFastest(graph, [first.name], ['cpu', 'wasm']);
    expect(without.name).toBe(other);
    expect(without.reason).toContain(`${first.name}: failed during training`);
  });

  it('says why a backend was not timed', () => {
    expect(describeTimings([
      { name: 'wasm', msPerStep: 4.12, firstMs: 20 }, { name: 'cpu', msPerStep: 20.4, firstMs: 30 },
      { name: 'webgpu', msPerStep: Infinity, firstMs: 2300, error: 'first step took over 1500 ms' },
    ])).toBe('wasm 4.1 ms/step, cpu 20 ms; webgpu: first step took over 1500 ms');
  });

  it('an explicit choice wins, unless that backend failed during the run', async () => {
    expect(await pickBackend('cpu')).toMatchObject({ name: 'cpu', reason: 'chosen by you' });
    const after = await pickBackend('cpu', ['cpu']);
    expect(after.name).not.toBe('cpu');
    expect(after.reason).toMatch(/you asked for cpu, but .*cpu: failed during training/);
    await useBackend('wasm');
  });

  it('does not measure a graph that trains in plain JavaScript: wasm evaluates and draws, and the panel says so', async () => {
    await useBackend('cpu');
    const info = await plainChoice(getPreset('spiral-mlp')!.graph);
    expect(info).toMatchObject({ name: 'wasm', requested: 'auto', failed: [] });
    expect(info!.reason).toMatch(/^plain JavaScript for the training steps/);
    expect(tf.getBackend()).toBe('wasm');
    expect(await plainChoice(getPreset('spiral-gated-mlp')!.graph)).toMatchObject({ name: 'wasm' });
    expect(await plainChoice(getPreset('topk-moe')!.graph)).toBeNull();
  });

  it('measures a graph where a batch leaves some weights without a gradient (GateON: the other tasks\' gates)', async () => {
    const info = await pickFastest(getPreset('gateon')!.graph, [], ['wasm', 'cpu']);
    expect(info.reason).toMatch(/^fastest on this graph: (wasm|cpu) [\d.]+ ms\/step/);
    await useBackend('wasm');
  });
});
