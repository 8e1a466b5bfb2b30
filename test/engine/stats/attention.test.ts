import { describe, expect, it } from 'vitest';
import { attentionMap, firstTokenAttention, firstTokenAttentionByKind } from '../../../engine/stats/attention';

/**
 * A hand-made causal attention tensor, B = 2, H = 2, T = S = 3 (query i, key j):
 *   b0 h0: [1 0 0] [.5 .5 0]  [.2 .3 .5]
 *   b0 h1: [1 0 0] [.9 .1 0]  [.6 .2 .2]
 *   b1 h0: [1 0 0] [.1 .9 0]  [.4 .4 .2]
 *   b1 h1: [1 0 0] [.0 1. 0]  [.8 .1 .1]
 */
const A = [
  1, 0, 0, 0.5, 0.5, 0, 0.2, 0.3, 0.5,
  1, 0, 0, 0.9, 0.1, 0, 0.6, 0.2, 0.2,
  1, 0, 0, 0.1, 0.9, 0, 0.4, 0.4, 0.2,
  1, 0, 0, 0.0, 1.0, 0, 0.8, 0.1, 0.1,
];
const shape = [2, 2, 3, 3];

describe('attention statistics', () => {
  it('first-token attention: mean of A[b, h, i ≥ 1, 0] over batch and queries, per head', () => {
    // h0: (.5 + .2 + .1 + .4) / 4 = .3;  h1: (.9 + .6 + 0 + .8) / 4 = .575
    const f = firstTokenAttention(A, shape);
    expect(f[0]).toBeCloseTo(0.3, 12);
    expect(f[1]).toBeCloseTo(0.575, 12);
  });

  it('split by query kind: only queries of each kind count, query 0 never', () => {
    // kinds [B, T]: b0 = [1, 0, 1], b1 = [0, 1, 0] (query 0's kind is ignored)
    const kinds = [1, 0, 1, 0, 1, 0];
    const [k0, k1] = firstTokenAttentionByKind(A, shape, kinds);
    // kind 0: (b0 i1), (b1 i2) → h0 (.5 + .4)/2 = .45, h1 (.9 + .8)/2 = .85
    expect(k0![0]).toBeCloseTo(0.45, 12);
    expect(k0![1]).toBeCloseTo(0.85, 12);
    // kind 1: (b0 i2), (b1 i1) → h0 (.2 + .1)/2 = .15, h1 (.6 + 0)/2 = .3
    expect(k1![0]).toBeCloseTo(0.15, 12);
    expect(k1![1]).toBeCloseTo(0.3, 12);
  });

  it('a kind with no query gets NaN; the mean over kinds weighted by count is the overall figure', () => {
    const byKind = firstTokenAttentionByKind(A, shape, [0, 0, 0, 0, 0, 2]);
    expect(byKind).toHaveLength(3);
    expect(byKind[1]!.every(Number.isNaN)).toBe(true);
    // 3 queries of kind 0, 1 of kind 2
    const all = firstTokenAttention(A, shape);
    for (let h = 0; h < 2; h++) expect((3 * byKind[0]![h]! + byKind[2]![h]!) / 4).toBeCloseTo(all[h]!, 12);
  });

  it('attention map of one example: [H][T][S], rows as given', () => {
    expect(attentionMap(A, shape, 0)).toEqual([
      [[1, 0, 0], [0.5, 0.5, 0], [0.2, 0.3, 0.5]],
      [[1, 0, 0], [0.9, 0.1, 0], [0.6, 0.2, 0.2]],
    ]);
    expect(attentionMap(A, shape, 1)[1]![2]).toEqual([0.8, 0.1, 0.1]);
    // rounded to 4 decimals
    expect(attentionMap([1 / 3, 2 / 3, 0, 1], [1, 1, 2, 2])).toEqual([[[0.3333, 0.6667], [0, 1]]]);
  });
});
