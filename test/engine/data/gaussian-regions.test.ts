import { describe, expect, it } from 'vitest';
import { GaussianRegions } from '../../../engine/data/gaussian-regions';
import { gen } from './helpers';

describe('gaussian-regions', () => {
  it('is deterministic, balanced over regions, and gives the region as the group field', () => {
    const a = gen(GaussianRegions, 3, { samples: 400 });
    const b = gen(GaussianRegions, 3, { samples: 400 });
    expect(a.inputs['x']!.data).toEqual(b.inputs['x']!.data);
    expect(a.inputs['group']!.shape).toEqual([400]);
    const counts = [0, 0, 0, 0];
    for (const g of a.inputs['group']!.data) counts[g]!++;
    expect(counts).toEqual([100, 100, 100, 100]);
    expect(a.marks!['region']!.data).toEqual(a.inputs['group']!.data);
  });

  it('each region splits its points by its own line through the centre', () => {
    const d = gen(GaussianRegions, 5, { samples: 2000, regions: 4 });
    const x = d.inputs['x']!.data, g = d.inputs['group']!.data, y = d.target.data;
    for (let r = 0; r < 4; r++) {
      const angle = Math.PI / 4 + (Math.PI * r) / 2, turn = 2 * Math.PI * 0.381966 * r;
      let agree = 0, n = 0, ones = 0;
      for (let i = 0; i < g.length; i++) {
        if (g[i] !== r) continue;
        const dx = x[2 * i]! - 0.6 * Math.cos(angle), dy = x[2 * i + 1]! - 0.6 * Math.sin(angle);
        agree += Number((Math.cos(turn) * dx + Math.sin(turn) * dy > 0 ? 1 : 0) === y[i]);
        ones += y[i]!;
        n++;
      }
      expect(agree).toBe(n);
      expect(ones / n).toBeGreaterThan(0.35);
      expect(ones / n).toBeLessThan(0.65);
    }
  });
});
