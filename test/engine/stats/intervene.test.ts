/**
 * Interventions at evaluation time: with none, the same held-out figures as
 * the trainer's evaluate; with the attention gate clamped to 0, a head-only
 * model whose classifier bias starts at zero predicts the uniform
 * distribution, so the loss is ln(classes) exactly.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { compile, evaluate, generateDataset, prepareData } from '../../../engine';
import { evaluateWith, intervene } from '../../../engine/stats/intervene';
import { chain } from '../../helpers/graphs';
import { useBackend } from '../../helpers/backend';

describe('interventions', () => {
  beforeAll(() => useBackend('cpu'));

  it('clamping the attention gate to 0 silences the layer; none changes nothing', async () => {
    const g = chain([
      ['x', 'Input'], ['emb', 'Embedding', { dim: 8 }],
      ['attn', 'GatedAttention', { heads: 2, gate: 'headwise' }],
      ['head', 'ClassifierHead'], ['y', 'Output'],
    ], { dataset: { name: 'sink-stream', samples: 100, length: 8 }, optimizer: { name: 'adam', learningRate: 0.01 }, batchSize: 8, steps: 1, seed: 2 });
    const c = compile(g);
    if (!c.ok) throw new Error('compile');
    const data = generateDataset(g);
    const session = prepareData(c.value, data);
    const before = tf.memory().numTensors;
    const plain = await evaluate(c.value, session.test);
    const none = await evaluateWith(c.value, session.test, {});
    expect(none.loss).toBeCloseTo(plain.loss, 6);
    expect(none.accuracy).toBeCloseTo(plain.accuracy!, 6);
    const r = await intervene(c.value, session.test, { 'attn.gate': 0 }, 16);
    expect(tf.memory().numTensors).toBe(before);
    expect(r.base.loss).toBeCloseTo(plain.loss, 6);
    expect(r.with.loss).toBeCloseTo(Math.log(data.classes), 5);
    // the probe saw the clamp
    expect(r.stats['attn']!.gateMean).toBe(0);
    expect(r.stats['attn']!.gateNear0).toBe(1);
    session.dispose();
    c.value.model.dispose();
  });
});
