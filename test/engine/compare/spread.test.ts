import { describe, expect, it } from 'vitest';
import { mean, sampleStd, spread, t975 } from '../../../engine/compare/spread';

describe('spread over seeds', () => {
  it('mean and sample standard deviation (n − 1), worked by hand', () => {
    // [1, 2, 3, 4]: mean 2.5, squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5, variance 5/3
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(sampleStd([1, 2, 3, 4])).toBeCloseTo(Math.sqrt(5 / 3), 12);
    // [2, 4, 4, 4, 5, 5, 7, 9]: mean 5, squared deviations add up to 32, variance 32/7
    expect(sampleStd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.13809, 5);
    expect(sampleStd([3])).toBeUndefined();
  });

  it("t(0.975, df) agrees with the published table, also past its end at 30", () => {
    for (const [df, t] of [[1, 12.706], [2, 4.303], [4, 2.776], [10, 2.228], [30, 2.042], [31, 2.040], [40, 2.021], [60, 2.0], [120, 1.98], [1000, 1.962]] as const) {
      expect(t975(df)).toBeCloseTo(t, 2);
    }
    expect(t975(40)).toBeLessThan(t975(31)); // the interval narrows as the seeds grow
    expect(() => t975(0)).toThrow();
  });

  it('the 95% interval is t-based: mean ± t(0.975, n − 1)·s/√n', () => {
    // n = 4: half-width 3.1824 · 1.29099 / 2 = 2.05424
    const s = spread([1, 2, 3, 4]);
    expect(s.mean).toBe(2.5);
    expect(s.ci95![0]).toBeCloseTo(0.44576, 4);
    expect(s.ci95![1]).toBeCloseTo(4.55424, 4);
    // n = 2: s = √2, half-width 12.7062 · √2 / √2
    const two = spread([0, 2]);
    expect(two.ci95![0]).toBeCloseTo(-11.7062, 4);
    expect(two.ci95![1]).toBeCloseTo(13.7062, 4);
  });

  it('one value has a mean and no spread', () => {
    expect(spread([0.3])).toEqual({ mean: 0.3 });
  });
});
