/**
 * The training loop as an async iterator of events: the worker and the CLI
 * decide how to report them. Each step reads its loss before applying the
 * gradients, so a NaN stops the run with the last finite weights intact.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Compiled } from '../compile/compile';
import type { Graph } from '../graph/format';
import type { Dataset } from '../data/dataset';
import { graphError, type GraphError } from '../errors';
import { createRng } from '../random';
import { accuracy } from '../compile/ops';
import { outputLoss } from '../nodes/io';
import { batchOf, sliceOf, upload, type DeviceData } from './batches';
import { clipByGlobalNorm, createOptimizer } from './optimizers';
import { splitIndices } from './split';
import { phaseAt, phasePlan } from './phases';
import { summarizeRecords, type NodeStats } from '../stats/summarize';
import { probeContext, type ProbeContext } from '../stats/context';
import type { ProbeRecord } from '../compile/model';
import { trainingPath } from './plain/plan';
import { trainPlain } from './plain/trainer';

export interface StepEvent {
  kind: 'step';
  step: number;
  loss: number;
  taskLoss: number;
  aux: Record<string, number>;
  /** Accuracy on this training batch (classification). */
  accuracy?: number;
  phase?: string;
  ms: number;
}
export interface EvalEvent {
  kind: 'eval';
  step: number;
  loss: number;
  accuracy?: number;
}
export interface StatsEvent {
  kind: 'stats';
  step: number;
  stats: Record<string, NodeStats>;
}
export interface FailedEvent {
  kind: 'failed';
  step: number;
  error: GraphError;
}
export type TrainEvent = StepEvent | EvalEvent | StatsEvent | FailedEvent;

export interface TrainOptions {
  /** Overrides training.steps. */
  steps?: number;
  /** Held-out evaluation every N steps (and at the end). 0 = only at the end. */
  evalEvery?: number;
  /** Evaluate after the last step (default true); benchmarks of the step alone turn it off. */
  finalEval?: boolean;
  /** Statistics probe every N steps; 0 = never. */
  statsEvery?: number;
  /** Examples in the probe batch. */
  probeSize?: number;
  /** Checked between steps; return true to stop early. */
  shouldStop?: () => boolean;
  /** Starts at this step (resuming); data order follows the step, so a resumed run matches. */
  startStep?: number;
  /**
   * 'auto' (default): small Dense/Activation chains train in plain JavaScript, which is
   * several times faster there than tfjs's per-op dispatch (engine/train/plain); 'tfjs' always uses tfjs;
   * 'plain' takes the plain path at any size where the graph allows it (benchmarks of the crossover).
   */
  path?: 'auto' | 'tfjs' | 'plain';
}

export interface Session {
  data: Dataset;
  train: DeviceData;
  test: DeviceData;
  /** Dataset rows of the test split, in the order `test` holds them. */
  testRows: Int32Array;
  /** Dataset rows of the training split, in the order `train` holds them. */
  trainRows?: Int32Array;
  dispose(): void;
}

/** Generates the dataset, splits it and uploads both halves. */
export function prepareData(compiled: Compiled, data: Dataset): Session {
  const split = splitIndices(data, createRng(compiled.model.graph.training.seed).fork('split'));
  const train = upload(data, split.train);
  const test = upload(data, split.test);
  return { data, train, test, testRows: split.test, trainRows: split.train, dispose: () => { train.dispose(); test.dispose(); } };
}

export async function* train(compiled: Compiled, session: Session, opts: TrainOptions = {}): AsyncGenerator<TrainEvent> {
  const route = trainingPath(compiled, session, opts.path);
  if (route.path === 'plain') { yield* trainPlain(compiled, session, opts, route.plan); return; }
  const { model } = compiled;
  const cfg = model.graph.training;
  const plan = phasePlan(cfg, opts.steps);
  const total = plan.totalSteps;
  // tfjs optimizers keep their moments by position in the variable list, so each phase gets a fresh one.
  let optimizer = createOptimizer(cfg.optimizer);
  let optimizerPhase: object | undefined;
  const classification = model.dataset.task === 'classification';
  const measure = measurements(compiled, session, opts, total);
  const snapshot = new Snapshot();
  snapshot.take(model.allVariables(), opts.startStep ?? 0);
  const pools = taskPools(plan, session);
  const batchAt = batchSampler(cfg, plan, session, pools);
  try {
    for (let step = opts.startStep ?? 0; step < total; step++) {
      if (opts.shouldStop?.()) return;
      const t0 = performance.now();
      const phase = phaseAt(plan, step);
      model.phase = phase ? plan.phases.indexOf(phase) : undefined;
      if (phase && phase !== optimizerPhase) {
        if (optimizerPhase !== undefined) { optimizer.dispose(); optimizer = createOptimizer(cfg.optimizer); }
        optimizerPhase = phase;
      }
      const vars = model.trainableVariables(phase?.nodes, phase?.frozen);
      const warm = cfg.warmupSteps ?? 0;
      optimizer.setLearningRate(warm > 0 && step < warm ? (cfg.optimizer.learningRate * (step + 1)) / warm : cfg.optimizer.learningRate);

      const pool = phase?.task !== undefined ? pools.get(phase.task) : undefined;
      if (phase?.task !== undefined && !pool?.length) {
        yield { kind: 'failed', step, error: graphError('BAD_TRAINING', `phase "${phase.name}" trains on task ${phase.task}, but the dataset has no training examples of that task (it needs a "task" field)`, { path: 'training.phases' }) };
        return;
      }
      const idx = batchAt(step);
      let auxNames: string[] = [];
      const { value, grads, metrics } = tf.tidy(() => {
        const b = batchOf(session.train, tf.tensor1d(idx, 'int32'));
        let extra: tf.Tensor[] = [];
        const lossFn = () => {
          const r = model.loss(b.feeds, b.target, b.mask, { training: true, step });
          auxNames = r.aux.map((a) => `${a.nodeId}/${a.name}`);
          extra = [r.task, ...r.aux.map((a) => a.value), ...(classification ? [accuracy(r.pred, b.target, b.mask)] : [])].map((t) => tf.keep(t));
          return r.total;
        };
        // A graph (or phase) with no weights on the way to the loss has nothing to learn: the step only measures.
        const { value, grads } = vars.length ? tf.variableGrads(lossFn, vars) : { value: lossFn(), grads: {} as tf.NamedTensorMap };
        const metrics = tf.stack([value, ...extra.map((t) => tf.reshape(t, []))]);
        extra.forEach((t) => t.dispose());
        return { value, grads, metrics };
      });
      const m = (await metrics.data()) as Float32Array;
      metrics.dispose();
      value.dispose();
      const loss = m[0]!;
      if (!Number.isFinite(loss)) {
        tf.dispose(grads);
        const restored = restoreIfBroken(model.allVariables(), snapshot);
        const kept = restored === null ? 'the weights from the step before are kept' : `the weights were not finite either, so those of step ${restored} are restored`;
        yield { kind: 'failed', step: step + 1, error: graphError('NON_FINITE', `the loss became ${loss} at step ${step + 1}; training stopped and ${kept}. Try a lower learning rate or gradient clipping.`) };
        return;
      }
      const applied = cfg.clipNorm ? clipByGlobalNorm(grads, cfg.clipNorm) : grads;
      if (vars.length) optimizer.apply(applied, vars);
      if (applied !== grads) tf.dispose(applied);
      tf.dispose(grads);

      if ((step + 1) % SNAPSHOT_EVERY === 0) snapshot.take(model.allVariables(), step + 1);
      const aux: Record<string, number> = {};
      auxNames.forEach((n, i) => { aux[n] = m[2 + i]!; });
      const ev: StepEvent = { kind: 'step', step: step + 1, loss, taskLoss: m[1]!, aux, ms: performance.now() - t0 };
      if (classification) ev.accuracy = m[2 + auxNames.length]!;
      if (phase) ev.phase = phase.name;
      yield ev;
      yield* measure.after(step + 1);
    }
  } finally {
    optimizer.dispose();
    snapshot.dispose();
    measure.dispose();
  }
}

/**
 * The statistics probe and held-out evaluation on their schedule, shared by
 * both training paths: `after(step)` yields what is due once that step is done.
 */
export function measurements(compiled: Compiled, session: Session, opts: TrainOptions, total: number) {
  const evalEvery = opts.evalEvery ?? Math.max(1, Math.round(total / 20));
  const statsEvery = opts.statsEvery ?? 0;
  const probeN = Math.min(opts.probeSize ?? 64, session.test.size);
  const probe = statsEvery > 0 ? sliceOf(session.test, 0, probeN) : undefined;
  // The probe rows' dataset marks (query kind, ...), so statistics can be split by them.
  const probeCtx = probe ? probeContext(session.data, session.testRows.subarray(0, probeN)) : undefined;
  const kept = probe ? [...Object.values(probe.feeds), probe.target, ...(probe.mask ? [probe.mask] : [])].map((t) => tf.keep(t)) : [];
  return {
    async *after(step: number): AsyncGenerator<TrainEvent> {
      const last = step === total;
      if (probe && (step % statsEvery === 0 || last)) yield { kind: 'stats', step, stats: await probeStats(compiled, probe.feeds, step, probeCtx, probe.target) };
      if ((evalEvery > 0 && step % evalEvery === 0) || (last && opts.finalEval !== false)) yield { kind: 'eval', step, ...(await evaluate(compiled, session.test)) };
    },
    dispose: () => tf.dispose(kept),
  };
}

/** The statistics schedule the editor and the CLI use unless told otherwise. */
export const DEFAULT_STATS_EVERY = 20;

/** Steps between weight snapshots: a NaN written into a weight rolls back at most this far. */
const SNAPSHOT_EVERY = 25;

/** A copy of the weights at a known-finite step. */
class Snapshot {
  private copies = new Map<tf.Variable, tf.Tensor>();
  step = 0;
  take(vars: readonly tf.Variable[], step: number): void {
    this.dispose();
    for (const v of vars) this.copies.set(v, tf.clone(v));
    this.step = step;
  }
  restore(): void {
    for (const [v, t] of this.copies) v.assign(t);
  }
  dispose(): void {
    tf.dispose([...this.copies.values()]);
    this.copies.clear();
  }
}

/** Restores the snapshot when any weight holds NaN or Infinity; returns its step, or null when the weights were fine. */
function restoreIfBroken(vars: readonly tf.Variable[], snapshot: Snapshot): number | null {
  const ok = tf.tidy(() => vars.every((v) => tf.all(tf.isFinite(v)).dataSync()[0] === 1));
  if (ok) return null;
  snapshot.restore();
  return snapshot.step;
}

/**
 * For each task a phase trains on, the positions in the training split of the
 * examples of that task (read from the dataset's `task` field, one id per row).
 */
function taskPools(plan: ReturnType<typeof phasePlan>, session: Session): Map<number, Int32Array> {
  const pools = new Map<number, Int32Array>();
  const field = session.data.inputs['task'];
  const rows = session.trainRows;
  const wanted = new Set(plan.phases.flatMap((p) => (p.task !== undefined ? [p.task] : [])));
  if (!wanted.size || !field || !rows) return pools;
  const stride = field.data.length / Math.max(field.shape[0]!, 1);
  for (const t of wanted) {
    const hits: number[] = [];
    for (let i = 0; i < rows.length; i++) if (field.data[rows[i]! * stride] === t) hits.push(i);
    pools.set(t, Int32Array.from(hits));
  }
  return pools;
}

/**
 * The training batch of each step (positions in the training split), from the run's own
 * random stream: a run resumed at step k draws the batches a straight run draws from k on.
 */
export function batchSampler(cfg: Graph['training'], plan: ReturnType<typeof phasePlan>, session: Session, pools: Map<number, Int32Array>): (step: number) => Int32Array {
  const rng = createRng(cfg.seed).fork('batches');
  const draw = (step: number) => {
    const phase = phaseAt(plan, step);
    const pool = phase?.task !== undefined ? pools.get(phase.task) : undefined;
    const n = pool ? pool.length : session.train.size;
    const idx = sampleIndices(rng, n, Math.min(cfg.batchSize, n));
    if (pool) for (let i = 0; i < idx.length; i++) idx[i] = pool[idx[i]!]!;
    return idx;
  };
  let next = 0;
  return (step) => {
    while (next < step) draw(next++);
    next = step + 1;
    return draw(step);
  };
}

function sampleIndices(rng: ReturnType<typeof createRng>, n: number, size: number): Int32Array {
  const idx = new Int32Array(size);
  for (let i = 0; i < size; i++) idx[i] = rng.int(n);
  return idx;
}

/** Held-out loss and accuracy, in chunks so memory stays flat. */
export async function evaluate(compiled: Compiled, d: DeviceData, chunk = 512, interventions?: Record<string, number>): Promise<{ loss: number; accuracy?: number }> {
  const { model } = compiled;
  const classification = model.dataset.task === 'classification';
  let lossSum = 0, accSum = 0, weight = 0;
  for (let start = 0; start < d.size; start += chunk) {
    const size = Math.min(chunk, d.size - start);
    const r = tf.tidy(() => {
      const b = sliceOf(d, start, size);
      const { pred } = model.forward(b.feeds, { training: false, ...(interventions ? { interventions } : {}) });
      const w = b.mask ? tf.sum(b.mask) : tf.scalar(size * (b.target.size / b.target.shape[0]!));
      const parts = [outputLoss(model.outputLossKind, pred, b.target, b.mask), w];
      if (classification) parts.push(accuracy(pred, b.target, b.mask));
      return tf.stack(parts);
    });
    const v = (await r.data()) as Float32Array;
    r.dispose();
    lossSum += v[0]! * v[1]!;
    accSum += (v[2] ?? 0) * v[1]!;
    weight += v[1]!;
  }
  const out: { loss: number; accuracy?: number } = { loss: lossSum / Math.max(weight, 1e-9) };
  if (classification) out.accuracy = accSum / Math.max(weight, 1e-9);
  return out;
}

/** One forward pass off the gradient tape with every node's probe on, summarised to plain numbers. */
export async function probeStats(compiled: Compiled, feeds: Record<string, tf.Tensor>, step: number, context?: ProbeContext, labels?: tf.Tensor): Promise<Record<string, NodeStats>> {
  const records: ProbeRecord[] = [];
  tf.tidy(() => { compiled.model.forward(feeds, { training: false, step, records, ...(labels ? { labels } : {}) }); });
  try {
    return await summarizeRecords(records, compiled, context);
  } finally {
    tf.dispose(records.map((r) => r.value));
  }
}


/** What reaches the Output node for every test example, in chunks. */
export async function predictAll(compiled: Compiled, d: DeviceData, chunk = 512): Promise<{ pred: Float32Array; shape: number[] }> {
  const parts: Float32Array[] = [];
  let shape: number[] = [];
  for (let start = 0; start < d.size; start += chunk) {
    const size = Math.min(chunk, d.size - start);
    const p = tf.tidy(() => compiled.model.forward(sliceOf(d, start, size).feeds, { training: false }).pred);
    shape = p.shape;
    parts.push((await p.data()) as Float32Array);
    p.dispose();
  }
  const all = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) { all.set(p, o); o += p.length; }
  return { pred: all, shape: [d.size, ...shape.slice(1)] };
}
