/**
 * Found by the fuzz (issue 18): tf.oneHot throws below depth 2, so a
 * ContextGate told apart one task ("depth must be >=2, but it is 1"), and a
 * probe batch holding one group broke the group statistics of the MoE nodes.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile, getPreset } from '../../../engine';
import { oneHotAny } from '../../../engine/compile/ops';
import { clone } from '../../helpers/graphs';
import { useBackend } from '../../helpers/backend';

describe('one-hot rows at any depth', () => {
  beforeAll(() => useBackend('wasm'));

  it('agrees with tf.oneHot from depth 2 (an id out of range gives a zero row), and works at depth 1', () => {
    const ids = tf.tensor1d([0, 2, 1, 5], 'int32');
    expect(oneHotAny(ids, 3).arraySync()).toEqual(tf.cast(tf.oneHot(ids, 3), 'float32').arraySync());
    expect(oneHotAny(ids, 1).arraySync()).toEqual([[1], [0], [0], [0]]);
    ids.dispose();
  });

  it('ContextGate with tasks = 1 runs (the GateON preset, every gate narrowed to one task)', () => {
    const g = clone(getPreset('gateon')!.graph);
    for (const n of g.nodes) if (n.type === 'ContextGate') n.params = { ...n.params, tasks: 1 };
    const c = compile(g);
    if (!c.ok) throw new Error(JSON.stringify(c.errors));
    const pred = tf.tidy(() => c.value.model.forward({ x: tf.ones([4, ...c.value.model.dataset.fields.x!.shape.map(Number)]), task: tf.zeros([4], 'int32') }, { training: false }).pred);
    expect(pred.shape[0]).toBe(4);
    expect(Array.from(pred.dataSync()).every(Number.isFinite)).toBe(true);
    pred.dispose();
    c.value.model.dispose();
  });
});
