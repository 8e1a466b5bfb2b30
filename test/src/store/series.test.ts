import { describe, expect, it } from 'vitest';
import { Ema, SeriesBuffer } from '../../../src/store/series';

describe('SeriesBuffer', () => {
  it('never grows past its capacity and keeps the whole history, thinned', () => {
    const s = new SeriesBuffer(64);
    for (let i = 0; i < 10_000; i++) s.push(i, i * 2);
    expect(s.length).toBeLessThanOrEqual(64);
    expect(s.length).toBeGreaterThan(16);
    const [x, y] = s.view();
    expect(x[0]).toBe(0);
    expect(x[x.length - 1]).toBeGreaterThan(9000);
    for (let i = 1; i < x.length; i++) expect(x[i]!).toBeGreaterThan(x[i - 1]!);
    expect(y[3]).toBe(x[3]! * 2);
  });
  it('clears', () => {
    const s = new SeriesBuffer(4);
    s.push(1, 1);
    s.clear();
    expect(s.length).toBe(0);
    expect(s.last()).toBeUndefined();
  });
  it('smooths', () => {
    const e = new Ema(0.5);
    expect(e.next(2)).toBe(2);
    expect(e.next(4)).toBe(3);
  });
});
