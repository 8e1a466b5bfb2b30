import { describe, expect, it } from 'vitest';
import { AndDetectors } from '../../../engine/data/and-detectors';
import { gen } from './helpers';

describe('and-detectors', () => {
  const d = gen(AndDetectors, 4, { samples: 1000, noise: 0.1 });
  const x = d.inputs['x']!.data, y = d.target.data, active = d.marks!['active']!.data;

  it('labels 1 exactly when all four detectors fire; half the examples are positive', () => {
    let pos = 0;
    for (let i = 0; i < 1000; i++) {
      expect(y[i]).toBe(active[i] === 4 ? 1 : 0);
      pos += y[i]!;
      const fired = [0, 1, 2, 3].filter((j) => x[i * 8 + j]! > 0.5).length; // noise 0.1: 5 sd from the threshold
      expect(fired).toBe(active[i]);
    }
    expect(pos).toBe(500);
  });

  it('half the negatives are near misses with one detector silent', () => {
    let near = 0;
    for (let i = 0; i < 1000; i++) if (y[i] === 0 && active[i] === 3) near++;
    expect(near / 500).toBeGreaterThan(0.4);
    expect(near / 500).toBeLessThan(0.6);
  });
});
