/** Drawn points: placing, erasing, jitter and the points dataset they become (and back). */
import { describe, expect, it } from 'vitest';
import {
  MAX_DRAWN, balance, drawingDataset, drawingOf, emptyDrawing, eraseNear, jitter, notReady, place, withClasses,
} from '../../../src/data/drawing';

describe('drawing', () => {
  it('places points clamped to the plane and rounded to 3 decimals, with the class kept in range', () => {
    let d = place(emptyDrawing('classification', 3), 0.12345, -1.7, 1);
    d = place(d, 0.5, 0.5, 9);
    expect(d.points).toEqual([[0.123, -1, 1], [0.5, 0.5, 2]]);
    expect(balance(d)).toEqual([0, 1, 1]);
  });

  it('stops at the cap rather than growing without end', () => {
    let d = emptyDrawing();
    for (let i = 0; i < MAX_DRAWN + 5; i++) d = place(d, 0, 0, 0);
    expect(d.points.length).toBe(MAX_DRAWN);
  });

  it('erases only the points within the radius, and returns the same drawing when none is', () => {
    const d = place(place(emptyDrawing(), 0, 0, 0), 0.5, 0, 1);
    expect(eraseNear(d, 0.05, 0).points).toEqual([[0.5, 0, 1]]);
    expect(eraseNear(d, -0.8, -0.8)).toBe(d);
  });

  it('jitters every point by the seed: same seed, same points; the spread is about sigma', () => {
    let d = emptyDrawing();
    for (let i = 0; i < 400; i++) d = place(d, 0, 0, i % 2);
    const a = jitter(d, 0.1, 3), b = jitter(d, 0.1, 3);
    expect(a.points).toEqual(b.points);
    const sd = Math.sqrt(a.points.reduce((s, [x]) => s + x * x, 0) / a.points.length);
    expect(sd).toBeGreaterThan(0.085);
    expect(sd).toBeLessThan(0.115);
    expect(a.points.map((p) => p[2])).toEqual(d.points.map((p) => p[2]));
  });

  it('dropping classes drops their points; the count stays within 2..8', () => {
    const d = place(place(place(emptyDrawing('classification', 3), 0, 0, 0), 0, 0, 1), 0, 0, 2);
    expect(withClasses(d, 2).points.map((p) => p[2])).toEqual([0, 1]);
    expect(withClasses(d, 1).classes).toBe(2);
    expect(withClasses(d, 12).classes).toBe(8);
  });

  it('says what is missing before it can train', () => {
    let d = place(emptyDrawing(), 0, 0, 0);
    expect(notReady(d)).toMatch(/class 2 has none yet/);
    d = place(d, 1, 1, 1);
    expect(notReady(d)).toMatch(/at least 4 points/);
    d = place(place(d, 0.1, 0, 0), 0.9, 1, 1);
    expect(notReady(d)).toBeNull();
    expect(notReady(place(emptyDrawing('regression'), 0, 0, 0))).toMatch(/at least 4 points of the curve \(1 so far\)/);
  });

  it('becomes a points dataset and comes back from it unchanged', () => {
    const c = place(place(emptyDrawing('classification', 3), 0.1, 0.2, 2), -0.3, 0.4, 0);
    expect(drawingDataset(c)).toEqual({ name: 'points', task: 'classification', points: [[0.1, 0.2, 2], [-0.3, 0.4, 0]], classes: 3 });
    expect(drawingOf(drawingDataset(c))).toEqual(c);
    const r = place(place(emptyDrawing('regression'), 0.1, 0.2, 0), 0.3, -0.4, 0);
    expect(drawingDataset(r)).toEqual({ name: 'points', task: 'regression', points: [[0.1, 0.2], [0.3, -0.4]] });
    expect(drawingOf(drawingDataset(r))).toEqual({ ...r, classes: 2 });
    expect(drawingOf({ name: 'spiral' })).toBeNull();
  });
});
