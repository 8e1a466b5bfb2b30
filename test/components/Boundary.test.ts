import { describe, expect, it } from 'vitest';
import { extentOfPoints, heatPixels } from '../../components/charts/Boundary';
import { gridPoints } from '../../src/worker/boundary';

describe('decision boundary', () => {
  it('colours each cell by its winning class, paler when unsure', () => {
    const probs = new Float32Array([1, 0, 0.5, 0.5, 0, 1, 0.2, 0.8]);
    const px = heatPixels({ step: 1, res: 2, classes: 2, extent: [0, 1, 0, 1], probs });
    // cell 0: sure orange; cell 1: unsure → near white; cell 2: sure blue
    expect(px[0]).toBeGreaterThan(px[2]!);
    expect(px[4]).toBeGreaterThan(230);
    expect(px[10]).toBeGreaterThan(px[8]!);
    expect(px[3]).toBe(255);
  });

  it('lays grid points row-major from the top row down', () => {
    const g = gridPoints([-1, 1, -1, 1], 2);
    expect(Array.from(g)).toEqual([-0.5, 0.5, 0.5, 0.5, -0.5, -0.5, 0.5, -0.5]);
  });

  it('frames the points in a square extent', () => {
    expect(extentOfPoints([[1, -2, 0]])).toEqual([-2.2, 2.2, -2.2, 2.2].map((v) => expect.closeTo(v, 9)) as never);
  });
});
