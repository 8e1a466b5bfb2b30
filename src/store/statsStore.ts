/**
 * Live statistics by node id, kept out of React Flow's node data: each node's
 * main figure as a short series for the canvas sparklines (a node's card
 * subscribes to its own entry only), and readers over the run's statistics
 * log (`statsLog` in runStore) for the telemetry views.
 */
import { create } from 'zustand';
import { headlineFigure, type NodeSummary, type StatPart, type StatSummary, type Summaries, type SummaryKind } from '../../engine';

/** Points a sparkline keeps (the newest). */
export const SPARK_LENGTH = 80;

export interface Spark {
  /** The statistic drawn (a name the node declares, e.g. gate). */
  stat: string;
  /** Its flat key, e.g. gateMean: for the glossary and data attributes. */
  key: string;
  steps: readonly number[];
  values: readonly number[];
  /** Share-like figures (gate means, rates, attention mass) are drawn on [0, 1] at least. */
  unit: boolean;
}

export interface StatsState {
  spark: ReadonlyMap<string, Spark>;
}

export const useStats = create<StatsState>()(() => ({ spark: new Map() }));

/** Module-level selector factory: one node's sparkline. */
export const sparkOf = (id: string) => (s: StatsState): Spark | undefined => s.spark.get(id);

/**
 * A node's main figure: the statistic its type names as its headline (by
 * default its first gate, rate, routing, attention or compute statistic).
 * Undefined for nodes that have none (plain layers report only their
 * activation sizes).
 */
export function mainFigure(stats: NodeSummary): { stat: string; part: StatPart; key: string; value: number; unit: boolean } | undefined {
  for (const [stat, s] of Object.entries(stats)) {
    if (!s.headline) continue;
    const f = headlineFigure(stat, s);
    return Number.isFinite(f.value) ? { stat, part: f.part, key: f.key, value: f.value, unit: f.share } : undefined;
  }
  return undefined;
}

/** Folds one statistics snapshot into the sparklines; only nodes with a main figure change. */
export function ingestStats(entry: LogEntry): void {
  const prev = useStats.getState().spark;
  const next = new Map(prev);
  let changed = false;
  for (const [id, stats] of Object.entries(entry.stats)) {
    if (id.startsWith('@')) continue;
    const f = mainFigure(stats);
    if (!f) continue;
    const old = prev.get(id);
    const same = old && old.stat === f.stat;
    const keep = same ? Math.max(0, old.values.length - SPARK_LENGTH + 1) : 0;
    next.set(id, {
      stat: f.stat,
      key: f.key,
      unit: f.unit,
      steps: [...(same ? old.steps.slice(keep) : []), entry.step],
      values: [...(same ? old.values.slice(keep) : []), f.value],
    });
    changed = true;
  }
  if (changed) useStats.setState({ spark: next });
}

export function clearStats(): void {
  if (useStats.getState().spark.size) useStats.setState({ spark: new Map() });
}

export type LogEntry = { step: number; stats: Summaries };

/** The summary of one kind: what a view reads from it, or undefined for any other kind. */
export const asKind = <K extends SummaryKind>(kind: K) => (s: StatSummary | undefined): Extract<StatSummary, { kind: K }> | undefined =>
  s?.kind === kind ? (s as Extract<StatSummary, { kind: K }>) : undefined;

const headline = (stat: string) => (s: StatSummary) => headlineFigure(stat, s).value;

/** A number of one node's statistic over the log (by default its headline figure), where the snapshot has it. */
export function seriesOf(log: readonly LogEntry[], id: string, stat: string, pick: (s: StatSummary) => number | undefined = headline(stat)): { steps: number[]; values: number[] } {
  const steps: number[] = [], values: number[] = [];
  for (const e of log) {
    const s = e.stats[id]?.[stat];
    const v = s && pick(s);
    if (v === undefined) continue;
    steps.push(e.step);
    values.push(v);
  }
  return { steps, values };
}

/** A vector of one node's statistic over the log (expert load, per-item values): one row per snapshot that has it. */
export function rowsOf(log: readonly LogEntry[], id: string, stat: string, pick: (s: StatSummary) => readonly number[] | undefined): { steps: number[]; rows: number[][] } {
  const steps: number[] = [], rows: number[][] = [];
  for (const e of log) {
    const s = e.stats[id]?.[stat];
    const v = s && pick(s);
    if (!v) continue;
    steps.push(e.step);
    rows.push([...v]);
  }
  return { steps, rows };
}

/** A gate's histogram over the log as a [bins][snapshots] matrix of shares (each column sums to 1), highest bin on top. */
export function histogramOverTime(log: readonly LogEntry[], id: string, stat: string): { steps: number[]; rows: number[][] } {
  const { steps, rows: cols } = rowsOf(log, id, stat, (s) => asKind('gate')(s)?.histogram);
  const bins = cols[0]?.length ?? 0;
  const rows = Array.from({ length: bins }, (_, r) => cols.map((c) => {
    const total = c.reduce((a, b) => a + b, 0);
    return total > 0 ? c[bins - 1 - r]! / total : 0;
  }));
  return { steps, rows };
}

/** A node's first summary of `kind` and its name. */
export function ofKind<K extends SummaryKind>(stats: NodeSummary | undefined, kind: K): [string, Extract<StatSummary, { kind: K }>] | undefined {
  for (const [name, s] of Object.entries(stats ?? {})) if (s.kind === kind) return [name, s as Extract<StatSummary, { kind: K }>];
  return undefined;
}

/**
 * First-token attention per head of several layers over the log: one row per
 * (layer, head), one column per snapshot; labels name the rows.
 */
export function headsOverTime(log: readonly LogEntry[], ids: readonly string[]): { steps: number[]; rows: number[][]; labels: string[] } {
  const steps: number[] = [];
  const rows: number[][] = [];
  const labels: string[] = [];
  const heads = ids.map((id) => {
    for (let i = log.length - 1; i >= 0; i--) { const a = ofKind(log[i]!.stats[id], 'attention'); if (a) return a[1].firstToken.length; }
    return 0;
  });
  ids.forEach((id, l) => { for (let h = 0; h < heads[l]!; h++) { labels.push(`${id} h${h}`); rows.push([]); } });
  for (const e of log) {
    if (!ids.some((id) => ofKind(e.stats[id], 'attention'))) continue;
    steps.push(e.step);
    let r = 0;
    ids.forEach((id, l) => {
      const v = ofKind(e.stats[id], 'attention')?.[1].firstToken;
      for (let h = 0; h < heads[l]!; h++) rows[r++]!.push(v?.[h] ?? NaN);
    });
  }
  return { steps, rows, labels };
}

/** Nodes of a snapshot with a statistic of `kind`, in the order the forward pass met them. */
export function nodesOfKind(stats: Summaries | undefined, kind: SummaryKind): string[] {
  return stats ? Object.keys(stats).filter((id) => !id.startsWith('@') && ofKind(stats[id], kind)) : [];
}

/** Nodes of a snapshot that report the statistic `stat`. */
export function nodesWith(stats: Summaries | undefined, stat: string): string[] {
  return stats ? Object.keys(stats).filter((id) => !id.startsWith('@') && stats[id]![stat] !== undefined) : [];
}
