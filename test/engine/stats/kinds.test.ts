/**
 * Typed summaries on small hand-made probe records: each kind's figures
 * computed by hand, the headline flag, and the flat keys `--json` has always
 * written for them, in the same order.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { registry, type Compiled } from '../../../engine';
import { flattenSummaries, summarize } from '../../../engine/stats/summarize';
import { ACTIVATION_STAT } from '../../../engine/stats/activations';
import type { ProbeRecord } from '../../../engine/compile/model';
import { useBackend } from '../../helpers/backend';

/** Just what `summarize` reads of a compiled graph: node types, params, FLOPs. */
function fakeCompiled(types: Record<string, string>, flopsByNode: Record<string, number> = {}): Compiled {
  const total = Object.values(flopsByNode).reduce((a, b) => a + b, 0);
  return {
    model: { nodeDef: (id: string) => registry.get(types[id]!), graph: { edges: [] } },
    validation: { params: new Map(), order: Object.keys(types) },
    flopsByNode,
    flopsPerExample: total,
    params: 7,
  } as unknown as Compiled;
}

const rec = (nodeId: string, stat: string, values: number[], shape: number[]): ProbeRecord => ({ nodeId, stat, value: tf.tensor(values, shape) }) as ProbeRecord;

async function run(types: Record<string, string>, records: ProbeRecord[], flops?: Record<string, number>) {
  try {
    return await summarize(records, fakeCompiled(types, flops));
  } finally {
    tf.dispose(records.map((r) => r.value));
  }
}

describe('typed summaries', () => {
  beforeAll(() => useBackend('cpu'));

  it('a gate [B = 2, T = 2, 1]: mean, near 0 / 1, histogram, per position, map; flat keys as before', async () => {
    const s = await run({ m: 'Multiply' }, [rec('m', 'gate', [0, 0.02, 1, 0.5], [2, 2, 1])]);
    const g = s.m!.gate!;
    if (g.kind !== 'gate') throw new Error(g.kind);
    expect(g.mean).toBeCloseTo(1.52 / 4, 6);
    expect(g.near0).toBe(2 / 4); // 0 and 0.02 are within 0.05 of 0
    expect(g.near1).toBe(1 / 4);
    const h = new Array(20).fill(0);
    h[0] = 2; h[10] = 1; h[19] = 1;
    expect(g.histogram).toEqual(h);
    // example 0 is [0, 0.02] (t0, t1), example 1 is [1, 0.5]: per position (0 + 1)/2, (0.02 + 0.5)/2
    expect(g.perPosition![0]).toBeCloseTo(0.5, 6);
    expect(g.perPosition![1]).toBeCloseTo(0.26, 6);
    expect(g.map).toEqual([[0], [0.02]]);
    expect(g.range).toEqual([0, 1]);
    expect(g.headline).toBe(true);
    const flat = flattenSummaries(s).m!;
    expect(Object.keys(flat)).toEqual(['gateMean', 'gateHistogram', 'gateNear0', 'gateNear1', 'gatePerPosition', 'gateMap']);
    expect(flat.gateNear0).toBe(0.5);
  });

  it('a gate with a declared range [−1, 1]: near 0 / near 1 within 5% of the width, histogram over the range', async () => {
    const s = await run({ z: 'ZeroGatedInjection' }, [rec('z', 'gate', [-1, 0, 0.95, 1], [2, 2])]);
    const g = s.z!.gate!;
    if (g.kind !== 'gate') throw new Error(g.kind);
    expect(g.range).toEqual([-1, 1]);
    expect(g.near0).toBe(1 / 4); // 0; tolerance 0.1
    expect(g.near1).toBe(2 / 4); // 0.95, 1
    const h = new Array(20).fill(0);
    h[0] = 1; h[10] = 1; h[19] = 2; // bins of 0.1 from −1: −1 → 0, 0 → 10, 0.95 and 1 → 19
    expect(g.histogram).toEqual(h);
  });

  it('a gate recorded per layer [L = 2, B = 1, T = 2, 1]: mean per layer, per position over layers, a layer × position map', async () => {
    const s = await run({ k: 'MiddleSkipStack' }, [rec('k', 'gate', [1, 0, 0, 0], [2, 1, 2, 1])]);
    const g = s.k!.gate!;
    if (g.kind !== 'gate') throw new Error(g.kind);
    expect(g.perItem).toEqual({ item: 'Layer', values: [0.5, 0] });
    expect(g.perPosition).toEqual([0.5, 0]);
    expect(g.map).toEqual([[1, 0], [0, 0]]);
    expect(flattenSummaries(s).k!.gateMeanPerLayer).toEqual([0.5, 0]);
  });

  it('a rate per token [B = 2, T = 3]: the share and the share per position', async () => {
    const s = await run({ r: 'ResidualBranchGate' }, [rec('r', 'skip', [1, 0, 0, 1, 1, 0], [2, 3])]);
    expect(s.r!.skip).toEqual({ kind: 'rate', value: 0.5, perPosition: [1, 0.5, 0] });
    expect(flattenSummaries(s).r).toEqual({ skipRate: 0.5, skipRatePerPosition: [1, 0.5, 0] });
  });

  it('a scalar per layer: the mean of the items that have data, each item, and the node’s declared headline', async () => {
    const s = await run({ st: 'ResidualStack' }, [rec('st', 'alpha', [0.1, NaN, 0.3], [3])]);
    const a = s.st!.alpha!;
    if (a.kind !== 'scalar') throw new Error(a.kind);
    expect(a.value).toBeCloseTo(0.2, 6);
    expect(a.perItem!.item).toBe('Layer');
    expect(a.headline).toBe(true);
    expect(Object.keys(flattenSummaries(s).st!)).toEqual(['alpha', 'alphaPerLayer']);
  });

  it('attention [B = 1, H = 1, T = 3, 3]: first-token attention over queries i ≥ 1, the uniform share of a causal mask, the map', async () => {
    const A = [1, 0, 0, 0.25, 0.75, 0, 0.5, 0.25, 0.25];
    const s = await run({ a: 'Attention' }, [rec('a', 'attention', A, [1, 1, 3, 3])]);
    const t = s.a!.attention!;
    if (t.kind !== 'attention') throw new Error(t.kind);
    expect(t.firstToken[0]).toBeCloseTo((0.25 + 0.5) / 2, 6);
    expect(t.baseline).toBeCloseTo((1 / 2 + 1 / 3) / 2, 12); // query i sees i + 1 keys
    expect(t.map).toEqual([[[1, 0, 0], [0.25, 0.75, 0], [0.5, 0.25, 0.25]]]);
    const model = s['@model']!.firstTokenAttention!;
    expect(model.kind === 'scalar' && model.value).toBeCloseTo(0.375, 6);
    expect(Object.keys(flattenSummaries(s).a!)).toEqual(['firstTokenAttention', 'firstTokenBaseline', 'attentionMap']);
  });

  it('compute: the share spent scales the node’s FLOPs in the model’s figures', async () => {
    const s = await run({ e: 'FFNExperts', d: 'Dense' }, [rec('e', 'compute', [1, 0, 0.5, 0.5], [4])], { e: 100, d: 50 });
    expect(s.e!.compute).toEqual({ kind: 'compute', share: 0.5, headline: true });
    expect(flattenSummaries(s)['@model']).toEqual({ flopsPerExample: 100 * 0.5 + 50, denseFlopsPerExample: 150, params: 7 });
    expect(flattenSummaries(s).e).toEqual({ computeFraction: 0.5 });
  });

  it('activations of several outputs: the largest magnitude of any, the mean |x| of the first', async () => {
    const s = await run({ d: 'Dense' }, [rec('d', ACTIVATION_STAT, [2, 1], [2]), rec('d', ACTIVATION_STAT, [5, 3], [2])]);
    expect(s.d![ACTIVATION_STAT]).toEqual({ kind: 'activation', max: 5, meanAbs: 1 });
    expect(flattenSummaries(s).d).toEqual({ maxActivation: 5, meanAbsActivation: 1 });
  });

  it('routing: the collapse flag is a boolean typed, 0/1 flat', async () => {
    const s = await run({ r: 'TopKSoftmaxRouter' }, [rec('r', 'routing', [0, 1, 0, 1, 0.2, 0.8], [3, 2])]);
    const r = s.r!.routing!;
    if (r.kind !== 'routing') throw new Error(r.kind);
    expect(r.collapsed).toBe(true);
    expect(r.load).toEqual([1 / 4, 3 / 4]);
    const flat = flattenSummaries(s).r!;
    expect(Object.keys(flat)).toEqual(['expertLoad', 'importance', 'routingEntropy', 'topExpertShare', 'collapsed', 'routingSample']);
    expect(flat.collapsed).toBe(1);
  });
});
