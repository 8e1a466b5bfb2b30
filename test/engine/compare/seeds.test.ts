import { describe, expect, it } from 'vitest';
import { figureOf, headlineHolds, meanCurve, seedSpreads, seedTableMetrics, type RunFigures } from '../../../engine';

const run = (loss: number, extra: RunFigures = {}): RunFigures => ({ name: 'g', loss, ...extra });

describe('figures over seeds', () => {
  it('figureOf reads top-level figures and NODE.STAT statistics, a per-item one as its mean', () => {
    const r: RunFigures = { loss: 0.5, harmonicMean: 0.7, path: 'tfjs', stats: { attn: { firstTokenAttention: [0.2, 0.4, 0.9], gateMean: 0.3 }, '@model': { flopsPerExample: 1200 } } };
    expect(figureOf(r, 'loss')).toBe(0.5);
    expect(figureOf(r, 'harmonicMean')).toBe(0.7);
    expect(figureOf(r, 'attn.firstTokenAttention')).toBeCloseTo(0.5, 12);
    expect(figureOf(r, 'attn.gateMean')).toBe(0.3);
    expect(figureOf(r, '@model.flopsPerExample')).toBe(1200);
    for (const missing of ['accuracy', 'path', 'attn.nope', 'ghost.gateMean', 'toString', 'attn.constructor']) expect(figureOf(r, missing)).toBeUndefined();
    expect(figureOf({ loss: null }, 'loss')).toBeUndefined(); // a diverged run's NaN arrives as null
  });

  it('seedSpreads: every top-level number and the extra metrics, by hand', () => {
    const runs = [run(1, { auroc: 0.6, stats: { r: { loadCV: 0.1 } } }), run(2, { auroc: 0.8, stats: { r: { loadCV: 0.3 } } }), run(3, { auroc: 1, stats: { r: { loadCV: 0.5 } } })];
    const s = seedSpreads(runs, ['r.loadCV']);
    expect(Object.keys(s.mean).sort()).toEqual(['auroc', 'loss', 'r.loadCV']);
    expect(s.mean.loss).toBe(2);
    expect(s.std.loss).toBe(1);
    // half-width t(0.975, 2) · 1 / √3 = 4.3027 / 1.73205 = 2.48417
    expect(s.ci95.loss![0]).toBeCloseTo(2 - 2.48417, 4);
    expect(s.mean.auroc).toBeCloseTo(0.8, 12);
    expect(s.std['r.loadCV']).toBeCloseTo(0.2, 12);
  });

  it('seedSpreads leaves a diverged run out of the metric it lacks', () => {
    const s = seedSpreads([run(1), { name: 'g', loss: null }, run(3)]);
    expect(s.mean.loss).toBe(2);
    expect(s.std.loss).toBeCloseTo(Math.SQRT2, 12);
  });
});

describe('headlineHolds', () => {
  const lower = { metric: 'loss', better: 'lower' as const, a: 'gated', b: 'plain' };

  it('counts the seeds on which a beats b, pairing runs by seed', () => {
    const a = [run(0.1), run(0.5), run(0.2), run(0.4)];
    const b = [run(0.2), run(0.3), run(0.3), run(0.4)]; // a wins seeds 1 and 3; seed 4 is a tie, which does not hold
    expect(headlineHolds(lower, a, b)).toEqual({ ...lower, holds: 2, of: 4 });
    expect(headlineHolds({ ...lower, better: 'higher' }, a, b).holds).toBe(1);
  });

  it('reads node statistics, and a seed where a figure is missing does not hold', () => {
    const h = { metric: 'router.loadCV', better: 'lower' as const, a: 'balanced', b: 'free' };
    const a = [run(1, { stats: { router: { loadCV: 0.1 } } }), run(1, { stats: {} })];
    const b = [run(1, { stats: { router: { loadCV: 0.9 } } }), run(1, { stats: { router: { loadCV: 0.9 } } })];
    expect(headlineHolds(h, a, b)).toMatchObject({ holds: 1, of: 2 });
  });

  it('refuses runs that cannot be paired', () => {
    expect(() => headlineHolds(lower, [run(1)], [])).toThrow(/pair/);
  });

  it('tables the headline first, then loss and accuracy, then the dataset’s own metrics, each where a run has it', () => {
    const runs = [run(0.5, { steps: 10, msPerStep: 2, accuracy: Number.NaN, forgetting: 0.1, stats: { g: { gateMean: 0.4 } } }), run(0.4, { harmonicMean: 0.6, backend: 'cpu' })];
    expect(seedTableMetrics(runs, 'g.gateMean')).toEqual(['g.gateMean', 'loss', 'forgetting', 'harmonicMean']);
    expect(seedTableMetrics(runs, 'g.missing')).toEqual(['loss', 'forgetting', 'harmonicMean']);
  });

  it('meanCurve: the mean at each step over the runs that have it, ±1 sample std', () => {
    const c = meanCurve([[{ step: 5, evalLoss: 1 }, { step: 10, evalLoss: 0.6 }], [{ step: 10, evalLoss: 0.2 }, { step: 15, evalLoss: Number.NaN }]], 'evalLoss');
    expect(c.steps).toEqual([5, 10]);
    expect(c.mean).toEqual([1, expect.closeTo(0.4, 12)]);
    // at step 10: 0.6 and 0.2, std √((0.04 + 0.04) / 1) = 0.2828
    expect(c.hi[1]! - c.mean[1]!).toBeCloseTo(Math.sqrt(0.08), 12);
    expect([c.lo[0], c.hi[0]]).toEqual([1, 1]);
  });
});
