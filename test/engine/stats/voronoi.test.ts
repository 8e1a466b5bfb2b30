import { describe, expect, it } from 'vitest';
import { normalizeGate, voronoiCells, voronoiLoss, type MixtureParams } from '../../../engine/stats/voronoi';

const truth: MixtureParams = { gateSlope: [1, -1], gateBias: [Math.log(0.5), Math.log(0.5)], slope: [1, -1], intercept: [0, 1], sigma: [1, 1] };

describe('Voronoi loss between a fitted and the true mixture of experts', () => {
  it('is 0 at the truth, and at the truth moved by the gate translation it cannot see', () => {
    expect(voronoiLoss(truth, truth)).toBeCloseTo(0, 12);
    const moved = { ...truth, gateSlope: [4, 2], gateBias: [3 + Math.log(0.5), 3 + Math.log(0.5)] };
    expect(voronoiLoss(moved, truth)).toBeCloseTo(0, 12);
    normalizeGate(moved).gateSlope.forEach((s, i) => expect(s).toBeCloseTo(truth.gateSlope[i]!, 12));
  });

  it('a hand case: one true expert split into two fitted experts', () => {
    // fitted experts 0 and 1 near true expert 0 (weights 0.3 + 0.2), expert 2 near true expert 1 (weight 0.5)
    const fit: MixtureParams = {
      gateSlope: [1.1, 0.9, -1], gateBias: [Math.log(0.3), Math.log(0.2), Math.log(0.5)],
      slope: [1, 1.2, -1], intercept: [0.1, 0, 1], sigma: [1, 1, Math.sqrt(1.5)],
    };
    expect(voronoiCells(fit, truth)).toEqual([0, 0, 1]);
    // weighted mean = 0.3·1.1 + 0.2·0.9 + 0.5·(−1) = 0.01, so the slopes become 1.09, 0.89, −1.01; truth's mean is 0.
    // cell 0: |0.5 − 0.5| + 0.3(0.09 + 0 + 0.1 + 0) + 0.2(0.11 + 0.2 + 0 + 0) = 0.057 + 0.062
    // cell 1: |0.5 − 0.5| + 0.5(0.01 + 0 + 0 + 0.5) = 0.255
    expect(voronoiLoss(fit, truth, 'D1')).toBeCloseTo(0.057 + 0.062 + 0.255, 10);
    // D2: the two-expert cell takes powers 4 (gate slope, intercept) and 2 (slope, variance)
    const d2 = 0.3 * (0.09 ** 4 + 0.1 ** 4) + 0.2 * (0.11 ** 4 + 0.2 ** 2) + 0.255;
    expect(voronoiLoss(fit, truth, 'D2')).toBeCloseTo(d2, 10);
  });
});
