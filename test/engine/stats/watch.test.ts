/**
 * Watch as a gate: in the spiral gated MLP, each sigmoid Activation feeds a
 * Multiply's gate input, so it is watched by default and its statistics must
 * equal the Multiply's own gate-input statistics (the same tensor, recorded
 * twice). A `watch` flag turns the default off or watches any other node;
 * clamping the watched gate to 0 shuts the Multiply it feeds.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { compile, generateDataset, parseGraphValue, prepareData, registry, type Graph } from '../../../engine';
import { intervene } from '../../../engine/stats/intervene';
import { watchedNodes } from '../../../engine/stats/watch';
import { presetGraph } from '../nodes/gates/routing-helpers';
import { useBackend } from '../../helpers/backend';

const small = (): Graph => {
  const g = presetGraph('spiral-gated-mlp', 3);
  g.training.dataset = { ...g.training.dataset, samples: 120 };
  return g;
};
const mark = (g: Graph, id: string, watch: boolean): Graph => ({ ...g, nodes: g.nodes.map((n) => (n.id === id ? { ...n, watch } : n)) });

describe('watch as a gate', () => {
  beforeAll(() => useBackend('cpu'));

  it('watches a sigmoid feeding a Multiply by default; the flag turns that off or watches any node', () => {
    const g = small();
    expect([...watchedNodes(g, registry)].sort()).toEqual(['s1', 's2']);
    expect([...watchedNodes(mark(mark(g, 's1', false), 't1', true), registry)].sort()).toEqual(['s2', 't1']);
    // a sigmoid into the Multiply's data input is no gate
    const swapped = { ...g, edges: g.edges.map((e) => (e.id === 'e5' ? { ...e, targetHandle: 'b' } : e.id === 'e6' ? { ...e, targetHandle: 'a' } : e)) };
    expect(watchedNodes(swapped, registry).has('s1')).toBe(false);
  });

  it('the flag is part of the file format, and only a boolean', () => {
    const g = mark(small(), 't1', true);
    expect(parseGraphValue(g).ok).toBe(true);
    const bad = { ...g, nodes: g.nodes.map((n) => (n.id === 't1' ? { ...n, watch: 'yes' } : n)) };
    expect(parseGraphValue(bad).ok).toBe(false);
  });

  it('records the watched output as a gate, equal to the Multiply’s gate input, and clamps it', async () => {
    const g = mark(small(), 't1', true);
    const c = compile(g);
    if (!c.ok) throw new Error(c.errors[0]!.message);
    const session = prepareData(c.value, generateDataset(g));
    const before = tf.memory().numTensors;
    const r = await intervene(c.value, session.test, { 's1.watched': 0 }, 16);
    const plain = await intervene(c.value, session.test, {}, 16);
    expect(tf.memory().numTensors).toBe(before);
    const watched = plain.stats['s1']!.watched!, gate = plain.stats['m1']!.gate!;
    if (watched.kind !== 'gate' || gate.kind !== 'gate') throw new Error('kinds');
    expect(watched.mean).toBeCloseTo(gate.mean, 6);
    expect(watched.histogram).toEqual(gate.histogram);
    expect(watched.histogram.reduce((a, b) => a + b, 0)).toBe(16 * 16);
    expect([watched.headline, gate.headline]).toEqual([true, true]);
    // a tanh watched on request: its values are tanh's, so some are below 0 (the first bin) and none above 1
    const t1 = plain.stats['t1']!.watched!;
    expect(t1.kind === 'gate' && t1.mean > -1 && t1.mean < 1).toBe(true);
    // clamped to 0: the gate is shut, so the Multiply sees zeros and the loss moves
    const shut = r.stats['m1']!.gate!;
    expect(shut.kind === 'gate' && [shut.mean, shut.near0]).toEqual([0, 1]);
    expect(Math.abs(r.with.loss - r.base.loss)).toBeGreaterThan(1e-4);
    session.dispose();
    c.value.model.dispose();
  });
});
