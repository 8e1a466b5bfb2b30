/**
 * Training state as the page sees it: status, backend, latest figures, the
 * newest decision-boundary grid and statistics. Curves are in `series`
 * (typed buffers outside React); `seriesVersion` bumps when they change, and
 * charts redraw on the next animation frame.
 */
import { create } from 'zustand';
import type { Graph, GraphError, Summaries } from '../../engine';
import type { BackendInfo, BackendRequest, BoundaryGrid, FailReason, FromWorker, LoadedModel, RegressionFit, RunInfo } from '../worker/protocol';
import { Ema, SeriesBuffer } from './series';
import { clearStats, ingestStats } from './statsStore';
import { forgetInterventionResult, receiveIntervention } from './interveneStore';
import { forgetExitTable, receiveExitTable } from './exitStore';
import { forgetTrace, receiveTrace } from './traceStore';

export type RunStatus = 'idle' | 'starting' | 'running' | 'paused' | 'done' | 'stopped' | 'failed';

export interface Failure {
  reason: FailReason;
  message: string;
  errors: readonly GraphError[];
  step?: number;
}

export interface RunState {
  status: RunStatus;
  runId: number;
  /** The graph revision the run was started from (to say when the canvas moved on). */
  graphRev: number;
  /** weightsKey of the graph the run's weights belong to; null when there is no run. */
  weightsKey: string | null;
  /** The run during which the backend line was last told (an automatic choice is measured per graph). */
  backendRunId: number;
  backendRequest: BackendRequest;
  backend: BackendInfo | null;
  backendError: string | null;
  info: RunInfo | null;
  step: number;
  loss: number | undefined;
  accuracy: number | undefined;
  evalLoss: number | undefined;
  evalAccuracy: number | undefined;
  /** A regression's held-out figures (r2, mae): its stand-in for accuracy. */
  evalMetrics: Readonly<Record<string, number>> | undefined;
  msPerStep: number | undefined;
  seriesVersion: number;
  /** Bumps when statsLog grows. */
  statsVersion: number;
  boundary: BoundaryGrid | null;
  /** A regression's fitted curve (one feature) or surface (two). */
  fit: RegressionFit | null;
  stats: { step: number; stats: Summaries } | null;
  failure: Failure | null;
  /** A one-off note, e.g. that the worker crashed and was restarted. */
  notice: string | null;
  /** Train pressed on a graph that cannot train (at revision `graphRev`): no run started, the last one's curves stay. */
  refused: { graphRev: number; errors: readonly GraphError[] } | null;
  /** The training worker has left the page's heartbeat unanswered too long (src/worker/heartbeat.ts). */
  workerStuck: boolean;
}

export const series = {
  loss: new SeriesBuffer(),
  lossEma: new SeriesBuffer(),
  accuracy: new SeriesBuffer(),
  accuracyEma: new SeriesBuffer(),
  evalLoss: new SeriesBuffer(512),
  evalAccuracy: new SeriesBuffer(512),
  evalR2: new SeriesBuffer(512),
};
/** Auxiliary losses (load balance, gate penalties) by `nodeId/name`, per step. */
export const auxSeries = new Map<string, SeriesBuffer>();

/**
 * Every statistics snapshot of the run, oldest first, thinned (every other one dropped) when it
 * passes STATS_LOG_CAP: what the telemetry views draw over time. `statsVersion` bumps on change.
 */
export const statsLog: { step: number; stats: Summaries }[] = [];
export const STATS_LOG_CAP = 400;
function logStats(entry: { step: number; stats: Summaries }): void {
  statsLog.push(entry);
  if (statsLog.length > STATS_LOG_CAP) {
    const kept = statsLog.filter((_, i) => i % 2 === 1 || i === statsLog.length - 1);
    statsLog.splice(0, statsLog.length, ...kept);
  }
}

const lossEma = new Ema(0.1);
const accEma = new Ema(0.1);

const FRESH = {
  step: 0, loss: undefined, accuracy: undefined, evalLoss: undefined, evalAccuracy: undefined, evalMetrics: undefined, msPerStep: undefined,
  boundary: null, fit: null, stats: null, failure: null, info: null, weightsKey: null, refused: null,
} as const;

const keys = new WeakMap<Graph, string>();
/**
 * What trained weights depend on: nodes, params, edges and dataset (not positions,
 * names or training settings). Two graphs with the same key take the same weights.
 */
export function weightsKey(g: Graph): string {
  let k = keys.get(g);
  if (k === undefined) keys.set(g, (k = JSON.stringify([g.nodes.map((n) => [n.id, n.type, n.params]), g.edges, g.training.dataset])));
  return k;
}

export const useRun = create<RunState>()(() => ({
  status: 'idle', runId: 0, graphRev: -1, backendRunId: 0, backendRequest: 'auto', backend: null, backendError: null,
  seriesVersion: 0, statsVersion: 0, notice: null, workerStuck: false, ...FRESH,
}));

export function clearSeries(): void {
  for (const s of Object.values(series)) s.clear();
  auxSeries.clear();
  statsLog.length = 0;
  clearStats();
  forgetInterventionResult();
  forgetExitTable();
  forgetTrace();
  lossEma.reset();
  accEma.reset();
}

function dropAfter(b: SeriesBuffer, step: number): void {
  while (b.length > 0 && b.x[b.length - 1]! > step) b.length--;
}

/** Folds one worker message into the store; messages of an older run are dropped. */
export function receive(m: FromWorker): void {
  const s = useRun.getState();
  switch (m.type) {
    case 'backend':
      useRun.setState({ backend: m.info, backendError: null, backendRunId: s.runId });
      return;
    case 'backendFailed':
      useRun.setState({ backendError: m.message });
      return;
    case 'pong':
    case 'seedDone': // seed runs' replies go to seed-pair.ts's own workers
    case 'seedFailed':
      return;
  }
  if (m.runId !== s.runId) return;
  switch (m.type) {
    case 'started':
      useRun.setState({ info: m.info });
      return;
    case 'intervened':
      receiveIntervention(m.result);
      return;
    case 'exitTable':
      receiveExitTable(m);
      return;
    case 'trace':
    case 'misclassified':
      receiveTrace(m);
      return;
    case 'state':
      useRun.setState({ status: m.state });
      return;
    case 'resumed':
      // The steps after the saved weights are trained again: their points go.
      for (const b of [...Object.values(series), ...auxSeries.values()]) dropAfter(b, m.step);
      useRun.setState({ notice: m.message, step: m.step, seriesVersion: s.seriesVersion + 1 });
      return;
    case 'failed':
      useRun.setState({ status: 'failed', failure: { reason: m.reason, message: m.message, errors: m.errors, ...(m.step !== undefined ? { step: m.step } : {}) } });
      return;
    case 'tick': {
      const { steps } = m;
      const n = steps.step.length;
      for (let i = 0; i < n; i++) {
        const x = steps.step[i]!, loss = steps.loss[i]!, acc = steps.accuracy[i]!;
        series.loss.push(x, loss);
        series.lossEma.push(x, lossEma.next(loss));
        if (!Number.isNaN(acc)) { series.accuracy.push(x, acc); series.accuracyEma.push(x, accEma.next(acc)); }
        for (const [k, col] of Object.entries(steps.aux ?? {})) {
          const v = col[i];
          if (v === undefined || Number.isNaN(v)) continue;
          let b = auxSeries.get(k);
          if (!b) auxSeries.set(k, (b = new SeriesBuffer(1024)));
          b.push(x, v);
        }
      }
      for (const e of m.evals) {
        series.evalLoss.push(e.step, e.loss);
        if (e.accuracy !== undefined) series.evalAccuracy.push(e.step, e.accuracy);
        if (e.metrics?.['r2'] !== undefined) series.evalR2.push(e.step, e.metrics['r2']);
      }
      const patch: Partial<RunState> = { seriesVersion: s.seriesVersion + 1 };
      if (n > 0) {
        patch.step = steps.step[n - 1]!;
        patch.loss = steps.loss[n - 1]!;
        const acc = steps.accuracy[n - 1]!;
        if (!Number.isNaN(acc)) patch.accuracy = acc;
        const ms = steps.ms.slice(-20);
        patch.msPerStep = ms.reduce((a, b) => a + b, 0) / ms.length;
      }
      const lastEval = m.evals[m.evals.length - 1];
      if (lastEval) { patch.evalLoss = lastEval.loss; if (lastEval.accuracy !== undefined) patch.evalAccuracy = lastEval.accuracy; if (lastEval.metrics) patch.evalMetrics = lastEval.metrics; }
      if (m.boundary) patch.boundary = m.boundary;
      if (m.fit) patch.fit = m.fit;
      if (m.stats) { patch.stats = m.stats; logStats(m.stats); ingestStats(m.stats); patch.statsVersion = s.statsVersion + 1; }
      useRun.setState(patch);
    }
  }
}

/** A new run of `graph` (at revision `graphRev`): fresh id, empty curves. */
export function beginRun(graphRev: number, graph?: Graph): number {
  clearSeries();
  const runId = useRun.getState().runId + 1;
  useRun.setState((s) => ({ ...FRESH, status: 'starting', runId, graphRev, weightsKey: graph ? weightsKey(graph) : null, notice: null, seriesVersion: s.seriesVersion + 1 }));
  return runId;
}

/** Back to idle: curves cleared, the worker's run (if any) is stopped by the bridge. */
export function resetRun(): void {
  clearSeries();
  useRun.setState((s) => ({ ...FRESH, status: 'idle', runId: s.runId + 1, graphRev: -1, seriesVersion: s.seriesVersion + 1 }));
}

/** A run made of a model file's weights: trained already, shown with the one held-out evaluation the worker made. */
export function beginLoadedRun(graphRev: number, loaded: LoadedModel, graph: Graph): number {
  const runId = beginRun(graphRev, graph);
  receive({ type: 'started', runId, info: loaded.info });
  receive({ type: 'tick', runId, steps: { step: [], loss: [], accuracy: [], ms: [] }, evals: [loaded.heldOut], ...(loaded.boundary ? { boundary: loaded.boundary } : {}), ...(loaded.fit ? { fit: loaded.fit } : {}) });
  useRun.setState({ status: 'done', step: loaded.heldOut.step });
  return runId;
}
