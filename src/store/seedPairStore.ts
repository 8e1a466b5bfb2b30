/**
 * A/B runs over seeds: run A (the graph as built) and run B (one change) each
 * trained on N seeds, headless in workers (src/worker/seed-pair.ts). Here the
 * per-seed results, and what the view draws of them: each side's figures as
 * mean ± standard deviation over its seeds (the engine's seedSpreads, as
 * `gatelab compare --seeds` reports them), on how many seeds A beats B on the
 * headline metric, and mean curves with a ±1 std band.
 */
import { create } from 'zustand';
import { headlineHolds, meanCurve, seedSpreads, seedTableMetrics, type CurveKey, type Graph, type Headline, type HeadlineCount, type MeanCurve, type RunFigures, type RunSummary, type SeedSpreads } from '../../engine';

export interface SeedRun {
  seed: number;
  figures: RunFigures;
  history: RunSummary['history'];
}

export type Side = 'a' | 'b';

/** Each side's mean held-out curves over the runs done so far. */
type SideCurves = Record<CurveKey, MeanCurve>;

interface SeedPairState {
  status: 'idle' | 'running' | 'done' | 'stopped' | 'failed';
  seeds: readonly number[];
  /** What run B changes, in words. */
  label: string;
  headline: Headline | null;
  /** Per side, one entry per seed in `seeds`' order; null until that run ends. */
  a: readonly (SeedRun | null)[];
  b: readonly (SeedRun | null)[];
  /** Worked out as each run is recorded, not on every render. */
  curves: Record<Side, SideCurves>;
  /** Runs at once (workers). */
  workers: number;
  failure: string | null;
}

const NO_CURVES: Record<Side, SideCurves> = { a: curvesOf([]), b: curvesOf([]) };
const IDLE = { status: 'idle', seeds: [], label: '', headline: null, a: [], b: [], curves: NO_CURVES, workers: 0, failure: null } as const;

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

function curvesOf(runs: readonly SeedRun[]): SideCurves {
  const histories = runs.map((r) => r.history);
  return { evalLoss: meanCurve(histories, 'evalLoss'), evalAccuracy: meanCurve(histories, 'evalAccuracy') };
}

export function recordSeedRun(side: Side, index: number, run: SeedRun): void {
  const s = useSeedPair.getState();
  const next = s[side].slice();
  next[index] = run;
  const done = [...(side === 'a' ? next : s.a), ...(side === 'b' ? next : s.b)].every(Boolean);
  useSeedPair.setState({ [side]: next, curves: { ...s.curves, [side]: curvesOf(finishedRuns(next)) }, ...(done && s.status === 'running' ? { status: 'done' } : {}) });
}

export const finishedRuns = (runs: readonly (SeedRun | null)[]): SeedRun[] => runs.filter((r): r is SeedRun => r !== null);

interface SeedTable {
  /** Rows: the headline metric first, then held-out loss and accuracy, then the dataset's own metrics. */
  metrics: string[];
  a: SeedSpreads;
  b: SeedSpreads;
  holds: HeadlineCount;
}

/** The table once every run has ended: each side's spreads over its seeds and the headline's count, paired by seed. */
export function seedTable(s: Pick<SeedPairState, 'a' | 'b' | 'headline'>): SeedTable | null {
  const a = finishedRuns(s.a), b = finishedRuns(s.b);
  if (!s.headline || a.length === 0 || a.length !== s.a.length || b.length !== s.b.length) return null;
  const figs = (rs: SeedRun[]) => rs.map((r) => r.figures);
  const metrics = seedTableMetrics([...figs(a), ...figs(b)], s.headline.metric);
  return { metrics, a: seedSpreads(figs(a), metrics), b: seedSpreads(figs(b), metrics), holds: headlineHolds(s.headline, figs(a), figs(b)) };
}
