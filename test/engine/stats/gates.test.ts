import { describe, expect, it } from 'vitest';
import { gateMap, gateSummary, histogram } from '../../../engine/stats/gates';

describe('gate statistics', () => {
  it('histogram: 20 bins on [0, 1], ends clamped', () => {
    const h = histogram([0, 0.01, 0.049, 0.05, 0.5, 0.99, 1, 1.5, -2], 0, 1);
    expect(h).toHaveLength(20);
    expect(h[0]).toBe(4); // 0, 0.01, 0.049, -2
    expect(h[1]).toBe(1); // 0.05
    expect(h[10]).toBe(1); // 0.5
    expect(h[19]).toBe(3); // 0.99, 1, 1.5
  });

  it('mean, near 0 / near 1 and mean per position of a [B, T, U] gate', () => {
    // B = 2, T = 2, U = 2
    const v = [0, 0.02, 1, 0.5, 0.2, 0.98, 0.4, 1];
    const s = gateSummary(v, [2, 2, 2]);
    expect(s.mean).toBeCloseTo(4.1 / 8, 12);
    expect(s.near0).toBe(2 / 8); // 0, 0.02
    expect(s.near1).toBe(3 / 8); // 1, 0.98, 1
    // t0: (0 + .02 + .2 + .98)/4 = .3; t1: (1 + .5 + .4 + 1)/4 = .725
    const per = s.perPosition!;
    expect(per[0]).toBeCloseTo(0.3, 12);
    expect(per[1]).toBeCloseTo(0.725, 12);
  });

  it('gate map of a sequence: example 0, [T][U], mean over trailing axes', () => {
    // [B = 2, T = 2, U = 2, 2]
    const v = [0.1, 0.3, 0.5, 0.7, 0.2, 0.2, 0.9, 0.1, /* example 1 */ 9, 9, 9, 9, 9, 9, 9, 9];
    expect(gateMap(v, [2, 2, 2, 2])).toEqual([[0.2, 0.6], [0.2, 0.5]]);
  });

  it('gate map of a stack recorded per layer: [L][T] for example 0', () => {
    // [L = 2, B = 2, T = 3, 1]
    const v = [1, 0, 1, /* b1 */ 5, 5, 5, /* layer 2 */ 0, 0, 1, /* b1 */ 5, 5, 5];
    expect(gateMap(v, [2, 2, 3, 1], true)).toEqual([[1, 0, 1], [0, 0, 1]]);
  });

  it('gate map without a sequence: one row per example, wide gates averaged into 64 columns', () => {
    expect(gateMap([0.1, 0.2, 0.3, 0.4], [2, 2])).toEqual([[0.1, 0.2], [0.3, 0.4]]);
    const wide = Array.from({ length: 128 }, (_, i) => (i % 2 ? 1 : 0));
    expect(gateMap(wide, [1, 128])).toEqual([new Array(64).fill(0.5)]);
  });
});

describe('rates per position', () => {
  it('mean over every axis but the position axis', async () => {
    const { meanPerAxis } = await import('../../../engine/stats/summarize');
    // skip decisions [B = 2, T = 3]: positions 0, 1, 2
    expect(meanPerAxis([1, 0, 0, 1, 1, 0], [2, 3], 1)).toEqual([1, 0.5, 0]);
    // per layer [L = 2, B = 1, T = 2, 1]: position 0 skipped in both layers, position 1 in one
    expect(meanPerAxis([1, 1, 1, 0], [2, 1, 2, 1], 2)).toEqual([1, 0.5]);
  });
});
