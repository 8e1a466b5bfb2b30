import { describe, expect, it } from 'vitest';
import { Spiral } from '../../../engine/data/spiral';
import { Xor } from '../../../engine/data/xor';
import { Circles } from '../../../engine/data/circles';
import { Gaussians } from '../../../engine/data/gaussians';
import { Moons } from '../../../engine/data/moons';
import type { Dataset } from '../../../engine/data/dataset';
import { gen } from './helpers';

const xy = (d: Dataset, i: number): [number, number] => [d.inputs['x']!.data[2 * i]!, d.inputs['x']!.data[2 * i + 1]!];

describe('2-D datasets', () => {
  it.each([
    [Spiral, 2], [Spiral, 5], [Xor, 2], [Circles, 2], [Gaussians, 3], [Gaussians, 8], [Moons, 2],
  ] as const)('%s with %i classes is balanced and fills about [-1, 1]', (spec, classes) => {
    const d = gen(spec, 11, { classes, samples: 1001 });
    expect(d.classes).toBe(classes);
    const counts = new Array<number>(classes).fill(0);
    for (const v of d.target.data) counts[v]!++;
    for (const c of counts) expect(Math.abs(c - 1001 / classes)).toBeLessThanOrEqual(1);
    let max = 0;
    for (const v of d.inputs['x']!.data) max = Math.max(max, Math.abs(v));
    expect(max).toBeGreaterThan(0.5);
    expect(max).toBeLessThan(1.3);
  });

  it('xor labels follow the quadrant of the clean point', () => {
    const d = gen(Xor, 2, { noise: 0 });
    for (let i = 0; i < d.target.data.length; i++) {
      const [x, y] = xy(d, i);
      expect(Math.min(Math.abs(x), Math.abs(y))).toBeGreaterThanOrEqual(0.05 - 1e-6);
      expect(d.target.data[i]).toBe(x * y > 0 ? 0 : 1);
    }
  });

  it('circles: inner disc inside 0.5, ring between 0.7 and 1', () => {
    const d = gen(Circles, 3, { noise: 0 });
    for (let i = 0; i < d.target.data.length; i++) {
      const r = Math.hypot(...xy(d, i));
      if (d.target.data[i] === 0) expect(r).toBeLessThanOrEqual(0.5 + 1e-6);
      else { expect(r).toBeGreaterThanOrEqual(0.7 - 1e-6); expect(r).toBeLessThanOrEqual(1 + 1e-6); }
    }
  });

  it('moons: points lie on the two scaled arcs', () => {
    const d = gen(Moons, 4, { noise: 0 });
    for (let i = 0; i < d.target.data.length; i++) {
      const [x, y] = xy(d, i);
      const [mx, my] = [1.5 * x + 0.5, 1.5 * y + 0.25]; // undo the scaling
      const r = d.target.data[i] === 0 ? Math.hypot(mx, my) : Math.hypot(mx - 1, my - 0.5);
      expect(r).toBeCloseTo(1, 4);
      if (d.target.data[i] === 0) expect(my).toBeGreaterThanOrEqual(-1e-6);
      else expect(my).toBeLessThanOrEqual(0.5 + 1e-6);
    }
  });

  it('spiral: each arm is a clean spiral, radius growing with the angle', () => {
    const d = gen(Spiral, 5, { noise: 0, classes: 3, turns: 1 });
    for (let i = 0; i < d.target.data.length; i++) {
      const [x, y] = xy(d, i);
      const r = Math.hypot(x, y);
      const t = (r - 0.05) / 0.95; // position along the arm
      const expected = 2 * Math.PI * t + (2 * Math.PI * d.target.data[i]!) / 3;
      const angle = Math.atan2(x, y); // sin on x, cos on y
      const diff = Math.atan2(Math.sin(angle - expected), Math.cos(angle - expected));
      expect(Math.abs(diff)).toBeLessThan(1e-4);
    }
  });

  it('noise is Gaussian jitter of the given size', () => {
    const clean = gen(Gaussians, 9, { noise: 0, samples: 4000 });
    const noisy = gen(Gaussians, 9, { noise: 0.3, samples: 4000 });
    const sd = (d: Dataset) => {
      const v = d.inputs['x']!.data;
      let s = 0;
      for (let i = 0; i < v.length; i += 2) s += v[i]! ** 2;
      return Math.sqrt(s / (v.length / 2));
    };
    // centres at radius 0.6 contribute 0.18 variance per axis, base spread 0.01, noise 0.09
    expect(sd(clean)).toBeCloseTo(Math.sqrt(0.18 + 0.01), 1);
    expect(sd(noisy)).toBeCloseTo(Math.sqrt(0.18 + 0.01 + 0.09), 1);
  });
});
