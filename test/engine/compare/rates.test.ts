import { describe, expect, it } from 'vitest';
import { applyVariant, fitOnce, getPreset, logLogSlope, TRUE_MIXTURE } from '../../../engine';
import { useBackend } from '../../helpers/backend';

describe('parameter error of the Gaussian mixture of experts against sample size', () => {
  it('the log-log slope of a power law is its exponent', () => {
    expect(logLogSlope([100, 400, 1600], [1, 0.5, 0.25])).toBeCloseTo(-0.5, 12);
  });

  it('the exact fit moves closer to the true parameters with 16 times more data', async () => {
    await useBackend('cpu');
    const graph = applyVariant(getPreset('gaussian-moe')!.graph, 'exact (2 experts)');
    const opts = { steps: 100, learningRate: 0.05 };
    const small = await fitOnce(graph, TRUE_MIXTURE, 150, 7, opts);
    const large = await fitOnce(graph, TRUE_MIXTURE, 2400, 7, opts);
    // n^(−1/2) predicts a quarter of the error; ask for under half
    expect(large.D1).toBeLessThan(small.D1 / 2);
  }, 60_000);
});
