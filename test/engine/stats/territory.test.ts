import { describe, expect, it } from 'vitest';
import { gateAtPoints, nearestRows, routingTerritory } from '../../../engine/stats/territory';

describe('router territory', () => {
  it('the winning expert and its weight per point; 255 when nothing is routed', () => {
    const w = [0.2, 0.8, 0, /**/ 0, 0, 0, /**/ 0.5, 0, 0.5, /**/ 0, 0.3, 0.7];
    const t = routingTerritory(w, 4, 3);
    expect(Array.from(t.winner)).toEqual([1, 255, 0, 2]);
    expect(Array.from(t.weight)).toEqual([0.800000011920929, 0, 0.5, 0.699999988079071]);
  });

  it('a gate’s mean value per point', () => {
    expect(Array.from(gateAtPoints([0, 1, 0.5, 0.5, 1, 1], 3))).toEqual([0.5, 0.5, 1]);
  });

  it('the nearest example of each grid point', () => {
    const pts = [0, 0, 10, 0, 0, 10];
    expect(Array.from(nearestRows([1, 1, 9, 1, 1, 8, -5, -5], pts))).toEqual([0, 1, 2, 0]);
  });
});
