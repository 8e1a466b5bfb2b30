import { describe, expect, it } from 'vitest';
import { Batcher } from '../../../src/worker/batcher';

describe('Batcher', () => {
  it('posts at most once per interval, with every step since the last post', () => {
    const b = new Batcher(50);
    let posts = 0, steps = 0;
    for (let t = 0; t < 1000; t += 2) {
      b.step(t, 1, 0.5, 2);
      if (b.due(t)) { const m = b.take(1, t)!; posts++; steps += m.tick.steps.step.length; }
    }
    const rest = b.take(1, 1000);
    steps += rest?.tick.steps.step.length ?? 0;
    expect(posts).toBeLessThanOrEqual(20);
    expect(steps).toBe(500);
  });

  it('keeps only the newest grid and transfers its buffer', () => {
    const b = new Batcher(50);
    const grid = (step: number) => ({ step, res: 2, classes: 2, extent: [0, 1, 0, 1] as [number, number, number, number], probs: new Float32Array(8) });
    b.setBoundary(grid(1));
    b.setBoundary(grid(2));
    const m = b.take(1, 0)!;
    expect(m.tick.boundary?.step).toBe(2);
    expect(m.transfer).toHaveLength(1);
    expect(b.pending).toBe(false);
    expect(b.take(1, 1)).toBeNull();
  });

  it('marks a missing accuracy as NaN', () => {
    const b = new Batcher();
    b.step(1, 0.3, undefined, 1);
    expect(b.take(1, 0)!.tick.steps.accuracy[0]).toBeNaN();
  });
});
