/**
 * Live statistics by node id, kept out of React Flow's node data: each node's
 * main figure as a short series for the canvas sparklines (a node's card
 * subscribes to its own entry only), and readers over the run's statistics
 * log (`statsLog` in runStore) for the telemetry views.
 */
import { create } from 'zustand';
import type { NodeStats, StatValue } from '../../engine';

/** Points a sparkline keeps (the newest). */
export const SPARK_LENGTH = 80;

export interface Spark {
  /** The statistic drawn, e.g. gateMean. */
  name: string;
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

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

/** The figures a node card shows, in order of preference: what the node is about. */
const MAIN: readonly { key: string; unit: boolean }[] = [
  { key: 'gateMean', unit: true },
  { key: 'alpha', unit: false },
  { key: 'skipRate', unit: true },
  { key: 'exitRate', unit: true },
  { key: 'routingEntropy', unit: false },
  { key: 'firstTokenAttention', unit: true },
];

/**
 * A node's main figure: the first of gateMean, alpha, skipRate, exitRate,
 * routingEntropy, firstTokenAttention (mean over heads) it reports; else any
 * other rate, gate mean or computeFraction. Undefined for nodes that report
 * none (plain layers report only their activation sizes).
 */
export function mainFigure(stats: NodeStats): { name: string; value: number; unit: boolean } | undefined {
  const num = (v: StatValue | undefined): number | undefined =>
    typeof v === 'number' ? v : Array.isArray(v) && v.length > 0 && typeof v[0] === 'number' ? mean(v as number[]) : undefined;
  for (const { key, unit } of MAIN) {
    const v = num(stats[key]);
    if (v !== undefined && Number.isFinite(v)) return { name: key, value: v, unit };
  }
  for (const [k, v] of Object.entries(stats)) {
    if ((k.endsWith('Rate') || k.endsWith('Mean') || k === 'computeFraction') && typeof v === 'number' && Number.isFinite(v)) return { name: k, value: v, unit: true };
  }
  return undefined;
}

/** Folds one statistics snapshot into the sparklines; only nodes with a main figure change. */
export function ingestStats(entry: { step: number; stats: Record<string, NodeStats> }): void {
  const prev = useStats.getState().spark;
  const next = new Map(prev);
  let changed = false;
  for (const [id, stats] of Object.entries(entry.stats)) {
    if (id.startsWith('@')) continue;
    const f = mainFigure(stats);
    if (!f) continue;
    const old = prev.get(id);
    const keep = old && old.name === f.name ? Math.max(0, old.values.length - SPARK_LENGTH + 1) : 0;
    next.set(id, {
      name: f.name,
      unit: f.unit,
      steps: [...(old && old.name === f.name ? old.steps.slice(keep) : []), entry.step],
      values: [...(old && old.name === f.name ? old.values.slice(keep) : []), f.value],
    });
    changed = true;
  }
  if (changed) useStats.setState({ spark: next });
}

export function clearStats(): void {
  if (useStats.getState().spark.size) useStats.setState({ spark: new Map() });
}

export type LogEntry = { step: number; stats: Record<string, NodeStats> };

/** A scalar figure of one node over the log: steps and values (NaN where absent; arrays give their mean). */
export function seriesOf(log: readonly LogEntry[], id: string, key: string): { steps: number[]; values: number[] } {
  const steps: number[] = [], values: number[] = [];
  for (const e of log) {
    const v = e.stats[id]?.[key];
    if (v === undefined) continue;
    steps.push(e.step);
    values.push(typeof v === 'number' ? v : typeof v[0] === 'number' ? mean(v as number[]) : NaN);
  }
  return { steps, values };
}

/** A vector figure of one node over the log (a histogram, per-head values): one row per snapshot that has it. */
export function rowsOf(log: readonly LogEntry[], id: string, key: string): { steps: number[]; rows: number[][] } {
  const steps: number[] = [], rows: number[][] = [];
  for (const e of log) {
    const v = e.stats[id]?.[key];
    if (!Array.isArray(v) || (v.length > 0 && typeof v[0] !== 'number')) continue;
    steps.push(e.step);
    rows.push(v as number[]);
  }
  return { steps, rows };
}

/** A gate histogram over the log as a [bins][snapshots] matrix of shares (each column sums to 1), highest bin on top. */
export function histogramOverTime(log: readonly LogEntry[], id: string, key: string): { steps: number[]; rows: number[][] } {
  const { steps, rows: cols } = rowsOf(log, id, key);
  const bins = cols[0]?.length ?? 0;
  const rows = Array.from({ length: bins }, (_, r) => cols.map((c) => {
    const total = c.reduce((a, b) => a + b, 0);
    return total > 0 ? c[bins - 1 - r]! / total : 0;
  }));
  return { steps, rows };
}

/**
 * A per-head figure (firstTokenAttention) of several layers over the log: one
 * row per (layer, head), one column per snapshot; labels name the rows.
 */
export function headsOverTime(log: readonly LogEntry[], ids: readonly string[], key: string): { steps: number[]; rows: number[][]; labels: string[] } {
  const steps: number[] = [];
  const rows: number[][] = [];
  const labels: string[] = [];
  const heads = ids.map((id) => {
    for (let i = log.length - 1; i >= 0; i--) { const v = log[i]!.stats[id]?.[key]; if (Array.isArray(v)) return v.length; }
    return 0;
  });
  ids.forEach((id, l) => { for (let h = 0; h < heads[l]!; h++) { labels.push(`${id} h${h}`); rows.push([]); } });
  for (const e of log) {
    if (!ids.some((id) => Array.isArray(e.stats[id]?.[key]))) continue;
    steps.push(e.step);
    let r = 0;
    ids.forEach((id, l) => {
      const v = e.stats[id]?.[key];
      for (let h = 0; h < heads[l]!; h++) rows[r++]!.push(Array.isArray(v) && typeof v[h] === 'number' ? (v[h] as number) : NaN);
    });
  }
  return { steps, rows, labels };
}

/** Nodes of a snapshot that report `key`, in the order the forward pass met them. */
export function nodesWith(stats: Record<string, NodeStats> | undefined, key: string): string[] {
  return stats ? Object.keys(stats).filter((id) => !id.startsWith('@') && stats[id]![key] !== undefined) : [];
}
