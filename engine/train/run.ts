/**
 * One whole run, headless: compile, generate and split the data, train, and
 * summarise. The CLI's train and compare, and the benchmarks, share it.
 */
import { trainingPath } from './plain/plan';
import type { Graph } from '../graph/format';
import { GateLabError, formatError, type GraphError } from '../errors';
import { compile, type Compiled } from '../compile/compile';
import { generateDataset } from '../data/generate';
import { train } from './trainer';
import type { TrainEvent, TrainOptions } from './events';
import { predictAll } from './measure';
import { prepareData } from './session';
import { resolveDataset } from '../shapes/dataset-info';
import { trainingSchedule } from './schedule';
import { flattenSummaries, type NodeStats } from '../stats/summarize';

export interface RunSummary {
  name: string;
  steps: number;
  /** Held-out loss at the end. */
  loss: number;
  /** Held-out accuracy at the end (classification). */
  accuracy?: number;
  /** Mean training loss over the last 10% of steps. */
  trainLoss: number;
  /** Training loss of the very first step. */
  firstLoss: number;
  msPerStep: number;
  /** How the steps ran: plain JavaScript (a small 2-D network) or tfjs, and why not plain. */
  path: 'plain' | 'tfjs';
  pathReason?: string;
  params: number;
  flopsPerExample: number;
  stats: Record<string, NodeStats>;
  /** The dataset's own held-out figures (harmonicMean, forgetting, ...), where it defines them. */
  metrics: Record<string, number>;
  /** With several phases: the dataset's figures at the end of each phase but the last (an accuracy matrix for a task stream). */
  phaseMetrics?: { phase: string; step: number; metrics: Record<string, number> }[];
  /** Set when training stopped on NaN or Infinity, or ended on weights that were not finite. */
  error?: GraphError;
  /** With `error`: no finite trained weights are left, so the run has nothing to keep or write. */
  noResult?: true;
  history: { step: number; loss: number; evalLoss?: number; evalAccuracy?: number }[];
}

export interface RunOptions extends TrainOptions {
  onEvent?: (e: TrainEvent, total: number) => void;
  /** Keep the compiled model (caller disposes it); otherwise it is disposed. */
  keep?: boolean;
}

export async function runGraph(graph: Graph, opts: RunOptions = {}): Promise<{ summary: RunSummary; compiled?: Compiled }> {
  const c = compile(graph);
  if (!c.ok) throw new GateLabError(c.errors);
  const compiled = c.value;
  const session = prepareData(compiled, generateDataset(graph));
  const route = trainingPath(compiled, session, opts.path);
  const schedule = opts.schedule ?? trainingSchedule(graph.training, opts);
  const total = schedule.total;
  const losses: number[] = [];
  const history: RunSummary['history'] = [];
  let stats: Record<string, NodeStats> = {};
  let final: { loss: number; accuracy?: number } = { loss: NaN };
  let error: GraphError | undefined;
  let noResult = false;
  let ms = 0;
  let metrics: Record<string, number> = {};
  const resolved = resolveDataset(graph.training.dataset);
  const metricsOf = 'spec' in resolved ? resolved.spec.metrics : undefined;
  // Phase ends (all but the last) at which the dataset's figures are taken: forgetting needs them.
  const phaseEnds = metricsOf ? schedule.phases.slice(0, -1) : [];
  const phaseMetrics: NonNullable<RunSummary['phaseMetrics']> = [];
  const measure = async (): Promise<Record<string, number>> => {
    const { pred, shape } = await predictAll(compiled, session.test);
    return metricsOf!({ data: session.data, rows: session.testRows, pred, predShape: shape, earlier: phaseMetrics.map((p) => p.metrics) });
  };
  try {
    for await (const e of train(compiled, session, { ...opts, schedule })) {
      opts.onEvent?.(e, total);
      if (e.kind === 'step') {
        losses.push(e.loss);
        if (e.step > 1) ms += e.ms; // the first step includes kernel compilation
        if (e.step % Math.max(1, Math.round(total / 100)) === 0 || e.step === 1) history.push({ step: e.step, loss: e.loss });
        const ended = phaseEnds.find((p) => p.end === e.step);
        if (ended) phaseMetrics.push({ phase: ended.name, step: e.step, metrics: await measure() });
      } else if (e.kind === 'eval') {
        final = e;
        history.push({ step: e.step, loss: losses[losses.length - 1] ?? NaN, evalLoss: e.loss, ...(e.accuracy !== undefined ? { evalAccuracy: e.accuracy } : {}) });
      } else if (e.kind === 'stats') stats = flattenSummaries(e.stats);
      else if (e.kind === 'failed') {
        error = e.error;
        noResult = e.noResult === true;
        if (noResult) final = { loss: NaN }; // earlier evaluations were of weights the run could not keep
      }
    }
    if (!error && metricsOf) metrics = await measure();
  } finally {
    session.dispose();
    if (!opts.keep) compiled.model.dispose();
  }
  const tail = losses.slice(-Math.max(1, Math.round(losses.length / 10)));
  const summary: RunSummary = {
    name: graph.name,
    steps: losses.length,
    loss: final.loss,
    trainLoss: tail.reduce((a, b) => a + b, 0) / Math.max(tail.length, 1),
    firstLoss: losses[0] ?? NaN,
    msPerStep: ms / Math.max(losses.length - 1, 1),
    path: route.path,
    ...(route.path === 'tfjs' ? { pathReason: route.reason } : {}),
    params: compiled.params,
    flopsPerExample: compiled.flopsPerExample,
    stats,
    metrics,
    history,
  };
  if (final.accuracy !== undefined) summary.accuracy = final.accuracy;
  if (error) summary.error = error;
  if (noResult) summary.noResult = true;
  if (phaseMetrics.length) summary.phaseMetrics = phaseMetrics;
  return opts.keep ? { summary, compiled } : { summary };
}

/**
 * A run's figures as `gatelab train --json` prints them: the summary's numbers
 * at the top level with the dataset's own metrics, node statistics under
 * `stats`. A comparison over seeds reads these (figureOf), in the CLI and the
 * editor alike.
 */
export function runFigures(s: RunSummary, backend: string) {
  return {
    name: s.name, steps: s.steps, loss: s.loss, accuracy: s.accuracy, trainLoss: s.trainLoss, firstLoss: s.firstLoss, backend, path: s.path,
    msPerStep: Math.round(s.msPerStep * 1000) / 1000, params: s.params, flopsPerExample: s.flopsPerExample, ...s.metrics, stats: s.stats,
    ...(s.error ? { error: formatError(s.error) } : {}),
  };
}
