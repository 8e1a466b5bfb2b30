/**
 * A/B runs over seeds: run A (the graph as built) and run B (one change) each
 * trained on N seeds, headless in workers (src/worker/seed-pair.ts). Here the
 * per-seed results, and what the view draws of them: each side's figures as
 * mean ± standard deviation over its seeds (the engine's seedSpreads, as
 * `gatelab compare --seeds` reports them), on how many seeds A beats B on the
 * headline metric, and mean curves with a ±1 std band.
 */
import { create } from 'zustand';
import { figureOf, headlineHolds, seedSpreads, spread, type Graph, type Headline, type HeadlineCount, type RunFigures, type RunSummary, type SeedSpreads } from '../../engine';

export interface SeedRun {
  seed: number;
  figures: RunFigures;
  history: RunSummary['history'];
  /** The dataset's own metrics among the figures (harmonicMean, forgetting, ...). */
  ownMetrics: string[];
}

export type Side = 'a' | 'b';

export interface SeedPairState {
  status: 'idle' | 'running' | 'done' | 'stopped' | 'failed';
  seeds: readonly number[];
  /** What run B changes, in words. */
  label: string;
  headline: Headline | null;
  /** Per side, one entry per seed in `seeds`' order; null until that run ends. */
  a: readonly (SeedRun | null)[];
  b: readonly (SeedRun | null)[];
  /** Runs at once (workers). */
  workers: number;
  failure: string | null;
}

const IDLE = { status: 'idle', seeds: [], label: '', headline: null, a: [], b: [], workers: 0, failure: null } as const;

export const useSeedPair = create<SeedPairState>()(() => ({ ...IDLE }));

export function clearSeedPair(): void {
  useSeedPair.setState({ ...IDLE });
}

/** The comparison A and B are judged on: the graph's headline metric and direction where it declares one, else held-out loss. */
export function pairHeadline(graph: Graph, label: string): Headline {
  return { metric: graph.headline?.metric ?? 'loss', better: graph.headline?.better ?? 'lower', a: 'A', b: label };
}

export function beginSeedPair(seeds: readonly number[], label: string, headline: Headline, workers: number): void {
  useSeedPair.setState({ ...IDLE, status: 'running', seeds, label, headline, workers, a: seeds.map(() => null), b: seeds.map(() => null) });
}

export function recordSeedRun(side: Side, index: number, run: SeedRun): void {
  const s = useSeedPair.getState();
  const next = s[side].slice();
  next[index] = run;
  const done = [...(side === 'a' ? next : s.a), ...(side === 'b' ? next : s.b)].every(Boolean);
  useSeedPair.setState({ [side]: next, ...(done && s.status === 'running' ? { status: 'done' } : {}) });
}

export const finished = (runs: readonly (SeedRun | null)[]): SeedRun[] => runs.filter((r): r is SeedRun => r !== null);

export interface SeedTable {
  /** Rows: the headline metric first, then held-out loss and accuracy, then the dataset's own metrics. */
  metrics: string[];
  a: SeedSpreads;
  b: SeedSpreads;
  holds: HeadlineCount;
}

/** The table once every run has ended: each side's spreads over its seeds and the headline's count, paired by seed. */
export function seedTable(s: Pick<SeedPairState, 'a' | 'b' | 'headline'>): SeedTable | null {
  const a = finished(s.a), b = finished(s.b);
  if (!s.headline || a.length === 0 || a.length !== s.a.length || b.length !== s.b.length) return null;
  const all = [...a, ...b].map((r) => r.figures);
  const candidates = [s.headline.metric, 'loss', 'accuracy', ...new Set([...a, ...b].flatMap((r) => r.ownMetrics))];
  const metrics = [...new Set(candidates)].filter((m) => all.some((f) => figureOf(f, m) !== undefined));
  const figs = (rs: SeedRun[]) => rs.map((r) => r.figures);
  return { metrics, a: seedSpreads(figs(a), metrics), b: seedSpreads(figs(b), metrics), holds: headlineHolds(s.headline, figs(a), figs(b)) };
}

export type CurveKey = 'evalLoss' | 'evalAccuracy';

export interface MeanCurve {
  steps: number[];
  mean: number[];
  /** mean − 1 std and mean + 1 std at each step (the mean itself where only one run has the step). */
  lo: number[];
  hi: number[];
}

/** The mean of a held-out curve over runs at each step, with ±1 sample standard deviation. */
export function meanCurve(runs: readonly SeedRun[], key: CurveKey): MeanCurve {
  const byStep = new Map<number, number[]>();
  for (const r of runs) {
    const seen = new Set<number>();
    for (const h of r.history) {
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
