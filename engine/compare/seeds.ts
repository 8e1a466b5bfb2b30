/**
 * A comparison over seeds: each variant's figures gathered over its runs, and
 * on how many seeds the graph's headline effect holds.
 */
import type { Headline } from '../graph/format';
import { spread } from './spread';

/** One run's figures as `gatelab train --json` prints them: numbers at the top level, node statistics under `stats`. */
export interface RunFigures {
  [key: string]: unknown;
  stats?: Record<string, Record<string, unknown>>;
}

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/**
 * The value of `metric` in a run: a top-level number (`loss`, `harmonicMean`),
 * or `NODE.STAT` from its statistics (`router.loadCV`), a per-item statistic
 * counting as the mean of its items; undefined when the run has no finite value.
 */
export function figureOf(run: RunFigures, metric: string): number | undefined {
  if (Object.hasOwn(run, metric)) return finite(run[metric]) ? run[metric] : undefined;
  const dot = metric.indexOf('.');
  if (dot < 0) return undefined;
  const node = run.stats?.[metric.slice(0, dot)];
  const stat = metric.slice(dot + 1);
  const v = node && Object.hasOwn(node, stat) ? node[stat] : undefined;
  if (finite(v)) return v;
  if (Array.isArray(v) && v.length > 0 && v.every(finite)) return v.reduce((s, x) => s + x, 0) / v.length;
  return undefined;
}

export interface SeedSpreads {
  mean: Record<string, number>;
  std: Record<string, number>;
  ci95: Record<string, [number, number]>;
}

/**
 * Mean, standard deviation and 95% interval of every top-level number the
 * runs report, and of the `extra` metrics (a headline's node statistic). A
 * run without a finite value for a metric (a run that diverged) is left out of
 * that metric; std and ci95 need two values.
 */
export function seedSpreads(runs: readonly RunFigures[], extra: readonly string[] = []): SeedSpreads {
  const metrics = new Set<string>();
  for (const r of runs) for (const [k, v] of Object.entries(r)) if (finite(v)) metrics.add(k);
  for (const m of extra) metrics.add(m);
  const out: SeedSpreads = { mean: {}, std: {}, ci95: {} };
  for (const m of metrics) {
    const xs = runs.map((r) => figureOf(r, m)).filter(finite);
    if (xs.length === 0) continue;
    const s = spread(xs);
    out.mean[m] = s.mean;
    if (s.std !== undefined) out.std[m] = s.std;
    if (s.ci95) out.ci95[m] = s.ci95;
  }
  return out;
}

export interface HeadlineCount extends Headline {
  /** Seeds on which a's figure is strictly better than b's. */
  holds: number;
  of: number;
}

/**
 * On how many seeds the headline holds: runs of `a` and `b` are paired by
 * position (the same seed), and a seed where either run lacks the figure
 * counts as not holding.
 */
export function headlineHolds(h: Headline, a: readonly RunFigures[], b: readonly RunFigures[]): HeadlineCount {
  if (a.length !== b.length) throw new Error(`headline: ${a.length} runs of "${h.a}" against ${b.length} of "${h.b}"; pair them by seed`);
  let holds = 0;
  for (let i = 0; i < a.length; i++) {
    const x = figureOf(a[i]!, h.metric), y = figureOf(b[i]!, h.metric);
    if (x !== undefined && y !== undefined && (h.better === 'lower' ? x < y : x > y)) holds++;
  }
  return { ...h, holds, of: a.length };
}

/** The figures every run reports (engine/train/run.ts runFigures); a run's other top-level numbers are its dataset's own metrics. */
const RUN_FIELDS = new Set(['steps', 'loss', 'accuracy', 'trainLoss', 'firstLoss', 'msPerStep', 'params', 'flopsPerExample']);

/**
 * The rows of a table over seeds: the headline metric first, then held-out
 * loss and accuracy, then the dataset's own metrics (harmonicMean,
 * forgetting, ...), each only where some run has a value.
 */
export function seedTableMetrics(runs: readonly RunFigures[], headline?: string): string[] {
  const own = runs.flatMap((r) => Object.keys(r).filter((k) => !RUN_FIELDS.has(k) && finite(r[k])));
  const rows = new Set([...(headline !== undefined ? [headline] : []), 'loss', 'accuracy', ...own]);
  return [...rows].filter((m) => runs.some((r) => figureOf(r, m) !== undefined));
}

/** One run's held-out curves, step by step (a run summary's `history`). */
export type CurvePoint = { step: number; evalLoss?: number; evalAccuracy?: number };
export type CurveKey = 'evalLoss' | 'evalAccuracy';

export interface MeanCurve {
  steps: number[];
  mean: number[];
  /** mean − 1 std and mean + 1 std at each step (the mean itself where only one run has the step). */
  lo: number[];
  hi: number[];
}

/** The mean of a held-out curve over runs at each step, with ±1 sample standard deviation. */
export function meanCurve(runs: readonly (readonly CurvePoint[])[], key: CurveKey): MeanCurve {
  const byStep = new Map<number, number[]>();
  for (const history of runs) {
    const seen = new Set<number>();
    for (const h of history) {
      const v = h[key];
      if (v === undefined || !Number.isFinite(v) || seen.has(h.step)) continue;
      seen.add(h.step);
      byStep.set(h.step, [...(byStep.get(h.step) ?? []), v]);
    }
  }
  const out: MeanCurve = { steps: [], mean: [], lo: [], hi: [] };
  for (const step of [...byStep.keys()].sort((x, y) => x - y)) {
    const { mean, std = 0 } = spread(byStep.get(step)!);
    out.steps.push(step); out.mean.push(mean); out.lo.push(mean - std); out.hi.push(mean + std);
  }
  return out;
}
