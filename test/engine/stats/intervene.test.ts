/**
 * Interventions at evaluation time: with none, the same held-out figures as
 * the trainer's evaluate; with the attention gate clamped to 0, a head-only
 * model whose classifier bias starts at zero predicts the uniform
 * distribution, so the loss is ln(classes) exactly. Switching off an expert
 * of the topk-moe preset moves its held-out outputs and empties that expert's
 * load in the statistics.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { compile, evaluate, flattenSummaries, generateDataset, prepareData, train } from '../../../engine';
import { evaluateWith, intervene } from '../../../engine/stats/intervene';
import { chain } from '../../helpers/graphs';
import { presetGraph } from '../nodes/gates/routing-helpers';
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
    const gate = r.stats['attn']!.gate!;
    expect(gate.kind === 'gate' && [gate.mean, gate.near0]).toEqual([0, 1]);
    session.dispose();
    c.value.model.dispose();
  });

  it('switching off an expert of the topk-moe preset: other held-out outputs, and 0 load on that expert', async () => {
    const g = presetGraph('topk-moe', 3);
    const c = compile(g);
    if (!c.ok) throw new Error('compile');
    const session = prepareData(c.value, generateDataset(g));
    for await (const e of train(c.value, session, { steps: 40, evalEvery: 0, statsEvery: 40 })) if (e.kind === 'failed') throw new Error(e.error.message);
    const before = tf.memory().numTensors;
    const plain = await intervene(c.value, session.test, {}, 64);
    const load = flattenSummaries(plain.stats)['router']!.expertLoad as number[];
    const busiest = load.indexOf(Math.max(...load));
    expect(load[busiest]).toBeGreaterThan(0);
    const r = await intervene(c.value, session.test, { 'router.offExpert': busiest }, 64);
    expect(tf.memory().numTensors).toBe(before);
    expect(r.base.loss).toBeCloseTo(plain.base.loss, 6);
    expect(Math.abs(r.with.loss - r.base.loss)).toBeGreaterThan(1e-3);
    const flat = flattenSummaries(r.stats);
    const after = flat['router']!.expertLoad as number[];
    expect(after[busiest]).toBe(0);
    expect(after.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    // k = 2 still: every token keeps two experts, so the compute spent does not change
    expect(flat['experts']!.computeFraction).toBeCloseTo(2 / 8, 6);
    session.dispose();
    c.value.model.dispose();
  });
});
