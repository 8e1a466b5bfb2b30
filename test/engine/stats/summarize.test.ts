/**
 * The summaries on real probe passes: massive activations against a hand
 * computation on a Dense layer with set weights, and the sink figures of the
 * gated-attention preset split by the sink stream's query kinds, and the mean
 * of a per-item scalar whose empty items are NaN.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { compile, flattenSummaries, generateDataset, prepareData, probeStats } from '../../../engine';
import { probeContext } from '../../../engine/stats/context';
import { firstTokenAttention } from '../../../engine/stats/attention';
import { chain } from '../../helpers/graphs';
import { presetGraph } from '../nodes/gates/node-harness';
import { expectNoLeak, useBackend } from '../../helpers/backend';

describe('summarizeRecords on probe passes', () => {
  beforeAll(() => useBackend('cpu'));

  it('a per-item scalar averages the items that have data (the soft AND gate by count of controls on)', async () => {
    const c = compile(presetGraph('multi-controlled-gate'));
    if (!c.ok) throw new Error('compile');
    // two examples of 8 readings: at most two of the counts 0…4 of controls on have an example, the rest are NaN
    const x = tf.tensor2d([new Array<number>(8).fill(5), new Array<number>(8).fill(-5)]);
    const stats = flattenSummaries(await probeStats(c.value, { x }, 0));
    x.dispose();
    c.value.model.dispose();
    const perCount = stats['and']!.gateByControlsOnPerCount as number[];
    const filled = perCount.filter((v) => !Number.isNaN(v));
    expect(filled.length).toBeLessThan(perCount.length);
    expect(stats['and']!.gateByControlsOn).toBeCloseTo(filled.reduce((a, b) => a + b, 0) / filled.length, 6);
  });

  it('max and mean |activation| of a Dense output, by hand', async () => {
    const c = compile(chain([['x', 'Input'], ['d', 'Dense', { units: 2 }], ['y', 'Output']]));
    if (!c.ok) throw new Error('compile');
    const { model } = c.value;
    model.writeWeights(new Map([
      ['d/kernel', { shape: [2, 2], data: Float32Array.from([1, -2, 3, 0.5]) }],
      ['d/bias', { shape: [2], data: Float32Array.from([0.5, -1]) }],
    ]));
    // x = [[1, 2], [-1, 0]]: xW + b = [[1+6+.5, -2+1-1], [-1+.5, 2-1]] = [[7.5, -2], [-0.5, 1]]
    const stats = await expectNoLeak(async () => {
      const x = tf.tensor2d([[1, 2], [-1, 0]]);
      const s = flattenSummaries(await probeStats(c.value, { x }, 0));
      x.dispose();
      return s;
    });
    model.dispose();
    expect(stats['d']!.maxActivation).toBeCloseTo(7.5, 5);
    expect(stats['d']!.meanAbsActivation).toBeCloseTo((7.5 + 2 + 0.5 + 1) / 4, 5);
  });

  it('gated attention on the sink stream: maps, the sink by query kind, the model-wide sink', async () => {
    const g = chain([
      ['x', 'Input'], ['emb', 'Embedding', { dim: 16 }],
      ['attn', 'GatedAttention', { heads: 4, gate: 'elementwise', causal: 'causal-no-self' }],
      ['head', 'ClassifierHead'], ['y', 'Output'],
    ], { dataset: { name: 'sink-stream', samples: 200, length: 12 }, optimizer: { name: 'adam', learningRate: 0.01 }, batchSize: 8, steps: 1, seed: 3 });
    const c = compile(g);
    if (!c.ok) throw new Error('compile');
    const data = generateDataset(g);
    const session = prepareData(c.value, data);
    const n = 16;
    const rows = session.testRows.subarray(0, n);
    const ctx = probeContext(data, rows);
    const feeds = { x: tf.tensor(data.inputs.x!.data.slice(0), data.inputs.x!.shape, 'int32') };
    const picked = tf.gather(feeds.x, tf.tensor1d(rows, 'int32'));
    const stats = flattenSummaries(await probeStats(c.value, { x: picked }, 0, ctx));
    tf.dispose([feeds.x, picked]);
    session.dispose();
    c.value.model.dispose();

    const a = stats['attn']!;
    const map = a.attentionMap as number[][][];
    expect(map).toHaveLength(4); // heads
    expect(map[0]).toHaveLength(12);
    // causal-no-self: query 0 sees only itself, later queries never see themselves; rows sum to 1
    expect(map[0]![0]![0]).toBeCloseTo(1, 3);
    for (const row of map[2]!) expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 3);
    expect(map[1]![5]![5]).toBeCloseTo(0, 6);

    // by query kind: count-weighted, the two kinds give back the overall per-head figure
    const kinds = ctx.marks!.queryKind!.data;
    let c0 = 0, c1 = 0;
    for (let b = 0; b < n; b++) for (let i = 1; i < 12; i++) (kinds[b * 12 + i] ? c1++ : c0++);
    expect(c1).toBeGreaterThan(0);
    const [k0, k1] = a.firstTokenAttentionByQueryKind as number[][];
    const all = a.firstTokenAttention as number[];
    for (let h = 0; h < 4; h++) expect((c0 * k0![h]! + c1 * k1![h]!) / (c0 + c1)).toBeCloseTo(all[h]!, 5);
    expect(stats['@model']!.firstTokenAttention).toBeCloseTo(all.reduce((s, v) => s + v, 0) / 4, 6);
    // gates per token of example 0: [T][H]
    expect((a.gateMap as number[][]).map((r) => r.length)).toEqual(new Array(12).fill(4));
    expect(typeof stats['emb']!.maxActivation).toBe('number');
    expect(firstTokenAttention).toBeTypeOf('function');
  });
});
