import { describe, expect, it } from 'vitest';
import { describeStat, regressionMetrics } from '../../../../engine';
import type { Dataset } from '../../../../engine';

describe('regression figures', () => {
  it('R² and mean absolute error by hand, over the test rows only, averaged over target columns', () => {
    // targets [N=4, K=2]; rows 1..3 are the test rows
    const target = Float32Array.from([9, 9, 1, 10, 2, 20, 3, 30]);
    const data = { target: { data: target, shape: [4, 2], dtype: 'float32' } } as unknown as Dataset;
    const pred = Float32Array.from([1, 12, 2, 20, 4, 28]);
    const m = regressionMetrics({ data, rows: Int32Array.from([1, 2, 3]), pred, predShape: [3, 2] });
    // column 0: y 1,2,3 (mean 2, total 2), residuals 0,0,-1 → R² 0.5; column 1: y 10,20,30 (total 200), residuals -2,0,2 → R² 0.96
    expect(m.r2).toBeCloseTo((0.5 + 0.96) / 2, 6);
    expect(m.mae).toBeCloseTo((0 + 0 + 1 + 2 + 0 + 2) / 6, 6);
  });

  it('the glossary explains them for your own data', () => {
    expect(describeStat('r2', { dataset: 'table' })?.label).toBe('Held-out R²');
    expect(describeStat('mae', { dataset: 'points' })?.label).toBe('Held-out mean absolute error');
  });
});
