import { describe, expect, it } from 'vitest';
import { COLLAPSE_SHARE, routingSummary } from '../../../engine/stats/routing';

describe('routing statistics', () => {
  // 4 tokens, 3 experts, top-2 weights (0 = not routed)
  const w = [
    0.7, 0.3, 0,
    0.6, 0, 0.4,
    0, 0.5, 0.5,
    0.9, 0.1, 0,
  ];

  it('load, importance, entropy and top-expert share by hand', () => {
    const s = routingSummary(w, [4, 3]);
    // 8 routed slots: expert 0 gets 3, expert 1 gets 3, expert 2 gets 2
    expect(s.load).toEqual([3 / 8, 3 / 8, 2 / 8]);
    const imp = s.importance;
    expect(imp[0]).toBeCloseTo(2.2 / 4, 12);
    expect(imp[1]).toBeCloseTo(0.9 / 4, 12);
    expect(imp[2]).toBeCloseTo(0.9 / 4, 12);
    const H = (ps: number[]) => -ps.reduce((a, p) => a + p * Math.log(p), 0);
    expect(s.entropy).toBeCloseTo((H([0.7, 0.3]) + H([0.6, 0.4]) + H([0.5, 0.5]) + H([0.9, 0.1])) / 4, 12);
    // top experts: 0, 0, 1 and 2 tied (half a token each), 0
    expect(s.topShare).toEqual([0.75, 0.125, 0.125]);
    expect(s.collapsed).toBe(false);
    expect(s.sample).toEqual([[0.7, 0.3, 0], [0.6, 0, 0.4], [0, 0.5, 0.5], [0.9, 0.1, 0]]);
  });

  it('warns of collapse when one expert is the top choice of more than 80% of tokens', () => {
    // 5 tokens, 2 experts: 4 of 5 go to expert 1 → 0.8, not above the threshold; 5 of 5 is
    const four = [0, 1, 0, 1, 0, 1, 0, 1, 1, 0];
    expect(routingSummary(four, [5, 2]).collapsed).toBe(false);
    expect(COLLAPSE_SHARE).toBe(0.8);
    const five = [0, 1, 0, 1, 0, 1, 0, 1, 0.2, 0.8];
    const s = routingSummary(five, [5, 2]);
    expect(s.topShare).toEqual([0, 1]);
    expect(s.collapsed).toBe(true);
  });

  it('equal weights on every token are a tie, not a collapse onto the first expert', () => {
    // an untrained post-hoc router: 4 tokens, 4 experts, top-2 of equal scores
    const even = Array.from({ length: 4 }, () => [0.5, 0.5, 0, 0]).flat();
    const s = routingSummary(even, [4, 4]);
    expect(s.topShare).toEqual([0.5, 0.5, 0, 0]);
    expect(s.collapsed).toBe(false);
  });

  it('keeps at most 32 sample rows', () => {
    const many = Array.from({ length: 100 * 2 }, (_, i) => (i % 2 ? 1 : 0));
    expect(routingSummary(many, [100, 2]).sample.length).toBe(32);
  });
});
