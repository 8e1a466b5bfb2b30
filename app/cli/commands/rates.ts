/**
 * `gatelab rates --preset gaussian-moe [--sizes 100,200,...] [--seeds 101-105] [--steps N] [--plot FILE.svg] [--json]`:
 * the distance of the maximum-likelihood fit to the true parameters against
 * the sample size, per variant, and the fitted log-log slopes.
 */
import { writeFileSync } from 'node:fs';
import { measureRates, plotSvg, spread, TRUE_MIXTURE, type RateCurve } from '../../../engine';
import { startBackend } from '../backend';
import { EXIT, loadGraph, usage } from '../io';
import { parseSeeds } from './seed-list';

export interface RatesArgs { preset?: string; file?: string; sizes?: string; seeds?: string; steps?: string; plot?: string; backend?: string; json: boolean }

const DEFAULT_SIZES = [125, 250, 500, 1000, 2000, 4000];

function parseSizes(text: string | undefined): number[] {
  if (text === undefined) return DEFAULT_SIZES;
  const sizes = text.split(',').map(Number);
  if (sizes.length < 2 || sizes.some((n) => !Number.isInteger(n) || n < 10 || n > 20000)) usage('--sizes takes two or more sample sizes from 10 to 20000, such as 250,1000,4000');
  return sizes;
}

/** log10 of each (n, mean error over seeds), with the spread carried to the log scale as one std of log10 error. */
function logCurve(c: RateCurve, sizes: readonly number[]) {
  return {
    name: `${c.variant}: slope ${c.slope.D1.mean.toFixed(2)}`,
    points: sizes.map((n) => {
      const s = spread(c.points.filter((p) => p.n === n).map((p) => Math.log10(p.D1)));
      return { x: Math.log10(n), y: s.mean, ...(s.std !== undefined ? { yStd: s.std } : {}) };
    }),
  };
}

export async function ratesCommand(a: RatesArgs): Promise<number> {
  const { graph } = loadGraph(a.file, a.preset);
  const sizes = parseSizes(a.sizes);
  const seeds = a.seeds !== undefined ? parseSeeds(a.seeds) : [101, 102, 103, 104, 105];
  const steps = a.steps !== undefined ? Number(a.steps) : 600;
  if (!Number.isInteger(steps) || steps < 1) usage('--steps takes a whole number of steps');
  await startBackend(a.backend);
  const curves = await measureRates(graph, TRUE_MIXTURE, { sizes, seeds, steps, learningRate: 0.05 }, (v, p) => {
    if (!a.json) console.error(`${v}  n=${p.n}  seed ${p.seed}  D1 ${p.D1.toFixed(4)}  D2 ${p.D2.toFixed(4)}`);
  });
  if (a.plot) {
    writeFileSync(a.plot, plotSvg(curves.map((c) => logCurve(c, sizes)), { x: 'log10 of the sample size n', y: 'log10 of the parameter error D1', title: 'Distance to the true parameters against sample size' }));
  }
  if (a.json) console.log(JSON.stringify({ sizes, seeds, steps, variants: curves }));
  else {
    for (const c of curves) {
      const f = (s: RateCurve['slope']['D1']) => `${s.mean.toFixed(2)} ± ${(s.std ?? 0).toFixed(2)}`;
      console.log(`${c.variant}: slope of log D1 on log n ${f(c.slope.D1)}, of log D2 ${f(c.slope.D2)} (over seeds ${seeds.join(', ')})`);
    }
  }
  return EXIT.ok;
}
