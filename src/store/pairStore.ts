/**
 * Run B of a paired comparison: the same graph and seed with one change (a
 * preset variant, or the attention gate switched off), trained in a second
 * worker beside the main run (run A, in runStore). Its curves and statistics
 * live here, apart from run A's, so both can be drawn side by side.
 */
import { create } from 'zustand';
import type { Graph, ParamValue } from '../../engine';
import type { FromWorker } from '../worker/protocol';
import { Ema, SeriesBuffer } from './series';
import { STATS_LOG_CAP, type RunStatus } from './runStore';
import type { LogEntry } from './statsStore';

/** One param that differs between run A's graph and run B's. */
export interface ParamChange {
  nodeId: string;
  param: string;
  a: ParamValue | undefined;
  b: ParamValue | undefined;
}

export interface PairState {
  status: RunStatus;
  runId: number;
  /** What run B changes, in words ("attn.gate = none"). */
  label: string;
  changes: readonly ParamChange[];
  step: number;
  loss: number | undefined;
  evalLoss: number | undefined;
  evalAccuracy: number | undefined;
  stats: LogEntry | null;
  statsVersion: number;
  seriesVersion: number;
  failure: string | null;
}

export const pairSeries = {
  loss: new SeriesBuffer(),
  lossEma: new SeriesBuffer(),
  evalLoss: new SeriesBuffer(512),
  evalAccuracy: new SeriesBuffer(512),
};
/** Run B's statistics snapshots, oldest first, thinned like runStore's statsLog. */
export const pairLog: LogEntry[] = [];
const ema = new Ema(0.1);

const FRESH = { step: 0, loss: undefined, evalLoss: undefined, evalAccuracy: undefined, stats: null, failure: null } as const;

export const usePair = create<PairState>()(() => ({ status: 'idle', runId: 0, label: '', changes: [], statsVersion: 0, seriesVersion: 0, ...FRESH }));

/** The params that differ between two graphs with the same nodes (node ids missing from one count as changed). */
export function graphDiff(a: Graph, b: Graph): ParamChange[] {
  const out: ParamChange[] = [];
  const bById = new Map(b.nodes.map((n) => [n.id, n]));
  for (const n of a.nodes) {
    const m = bById.get(n.id);
    const keys = new Set([...Object.keys(n.params ?? {}), ...Object.keys(m?.params ?? {})]);
    for (const k of keys) {
      const va = n.params?.[k], vb = m?.params?.[k];
      if (va !== vb) out.push({ nodeId: n.id, param: k, a: va, b: vb });
    }
  }
  return out;
}

export function describeChanges(changes: readonly ParamChange[]): string {
  return changes.map((c) => `${c.nodeId}.${c.param} = ${String(c.b ?? 'default')}`).join(', ') || 'no change';
}

/** A new run B: fresh id, empty curves. */
export function beginPair(changes: readonly ParamChange[], label?: string): number {
  for (const s of Object.values(pairSeries)) s.clear();
  pairLog.length = 0;
  ema.reset();
  const runId = usePair.getState().runId + 1;
  usePair.setState((s) => ({ ...FRESH, status: 'starting', runId, changes, label: label ?? describeChanges(changes), statsVersion: s.statsVersion + 1, seriesVersion: s.seriesVersion + 1 }));
  return runId;
}

export function clearPair(): void {
  for (const s of Object.values(pairSeries)) s.clear();
  pairLog.length = 0;
  usePair.setState((s) => ({ ...FRESH, status: 'idle', runId: s.runId + 1, changes: [], label: '', statsVersion: s.statsVersion + 1, seriesVersion: s.seriesVersion + 1 }));
}

/** Folds one message of run B's worker into the store; other runs' messages are dropped. */
export function receivePair(m: FromWorker): void {
  const s = usePair.getState();
  // Seed runs' replies go to seed-pair.ts's own workers, never to run B's.
  if (m.type === 'backend' || m.type === 'backendFailed' || m.type === 'pong' || m.type === 'seedDone' || m.type === 'seedFailed') {
    if (m.type === 'backendFailed') usePair.setState({ failure: m.message });
    return;
  }
  if (m.runId !== s.runId) return;
  switch (m.type) {
    case 'started': return;
    case 'state': usePair.setState({ status: m.state }); return;
    case 'failed': usePair.setState({ status: 'failed', failure: m.message }); return;
    case 'tick': {
      const n = m.steps.step.length;
      for (let i = 0; i < n; i++) {
        pairSeries.loss.push(m.steps.step[i]!, m.steps.loss[i]!);
        pairSeries.lossEma.push(m.steps.step[i]!, ema.next(m.steps.loss[i]!));
      }
      for (const e of m.evals) {
        pairSeries.evalLoss.push(e.step, e.loss);
        if (e.accuracy !== undefined) pairSeries.evalAccuracy.push(e.step, e.accuracy);
      }
      const patch: Partial<PairState> = { seriesVersion: s.seriesVersion + 1 };
      if (n > 0) { patch.step = m.steps.step[n - 1]!; patch.loss = m.steps.loss[n - 1]!; }
      const last = m.evals[m.evals.length - 1];
      if (last) { patch.evalLoss = last.loss; if (last.accuracy !== undefined) patch.evalAccuracy = last.accuracy; }
      if (m.stats) {
        pairLog.push(m.stats);
        if (pairLog.length > STATS_LOG_CAP) pairLog.splice(0, pairLog.length, ...pairLog.filter((_, i) => i % 2 === 1 || i === pairLog.length - 1));
        patch.stats = m.stats;
        patch.statsVersion = s.statsVersion + 1;
      }
      usePair.setState(patch);
    }
  }
}
