/**
 * The training loop as an async iterator of events: the worker and the CLI
 * decide how to report them. Each step reads its loss before applying the
 * gradients, so a NaN stops the run with the last finite weights intact, and
 * the run's end is checked by finishRun.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Compiled } from '../compile/compile';
import { graphError } from '../errors';
import { accuracy } from '../compile/ops';
import { batchOf } from './batches';
import { clipByGlobalNorm, createOptimizer } from './optimizers';
import { dueAfter, learningRateAt, phaseAt, snapshotDue, trainingSchedule, type Schedule, type ScheduledPhase } from './schedule';
import type { StepEvent, TrainEvent, TrainOptions } from './events';
import { finishRun } from './finish';
import { measurements } from './measure';
import { batchSampler, taskPools } from './sampler';
import type { Session } from './session';
import { trainingPath } from './plain/plan';
import { trainPlain } from './plain/trainer';

/**
 * The run's events, on the plain path where it applies (engine/train/plain), else on tfjs,
 * settled at the call. The chosen path's generator is handed out itself, not delegated to:
 * each level of async generators costs every step.
 */
export function train(compiled: Compiled, session: Session, opts: TrainOptions = {}): AsyncGenerator<TrainEvent> {
  const schedule = opts.schedule ?? trainingSchedule(compiled.model.graph.training, opts);
  const route = trainingPath(compiled, session, opts.path);
  return route.path === 'plain' ? trainPlain(compiled, session, schedule, opts, route.plan) : trainTfjs(compiled, session, schedule, opts);
}

async function* trainTfjs(compiled: Compiled, session: Session, schedule: Schedule, opts: TrainOptions): AsyncGenerator<TrainEvent> {
  const { model } = compiled;
  const cfg = model.graph.training;
  const variablesOf = phaseVariables(schedule.phases);
  // tfjs optimizers keep their moments by position in the variable list, so each phase gets a fresh one.
  let optimizer = createOptimizer(cfg.optimizer);
  let optimizerPhase: ScheduledPhase | undefined;
  const metricsAsked = opts.stepMetrics !== false;
  const withAccuracy = metricsAsked && model.dataset.task === 'classification';
  const measure = measurements(compiled, session, schedule, opts.probeSize);
  const snapshot = new Snapshot();
  snapshot.take(model.allVariables(), opts.startStep ?? 0);
  const weightsFinite = () => allFinite(model.allVariables());
  let done = opts.startStep ?? 0;
  let badLoss: number | undefined;
  const pools = taskPools(schedule, session);
  const batchAt = batchSampler(cfg, schedule, session, pools);
  try {
    for (let step = opts.startStep ?? 0; step < schedule.total; step++) {
      if (opts.shouldStop?.()) return;
      const t0 = performance.now();
      const phase = phaseAt(schedule, step);
      model.phase = phase ? schedule.phases.indexOf(phase) : undefined;
      if (phase && phase !== optimizerPhase) {
        if (optimizerPhase !== undefined) { optimizer.dispose(); optimizer = createOptimizer(cfg.optimizer); }
        optimizerPhase = phase;
      }
      const vars = variablesOf(compiled, phase);
      optimizer.setLearningRate(learningRateAt(schedule, step));

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
          if (metricsAsked) extra = [r.task, ...r.aux.map((a) => a.value), ...(withAccuracy ? [accuracy(r.pred, b.target, b.mask)] : [])].map((t) => tf.keep(t));
          return r.total;
        };
        // A graph (or phase) with no weights on the way to the loss has nothing to learn: the step only measures.
        const { value, grads } = vars.length ? tf.variableGrads(lossFn, vars) : { value: lossFn(), grads: {} as tf.NamedTensorMap };
        // Without step metrics the loss is read as it is, as a hand-written loop reads it.
        const metrics = extra.length ? tf.stack([value, ...extra.map((t) => tf.reshape(t, []))]) : tf.clone(value);
        extra.forEach((t) => t.dispose());
        return { value, grads, metrics };
      });
      const m = (await metrics.data()) as Float32Array;
      metrics.dispose();
      value.dispose();
      const loss = m[0]!;
      if (!Number.isFinite(loss)) {
        tf.dispose(grads);
        badLoss = loss;
        break;
      }
      const applied = cfg.clipNorm ? clipByGlobalNorm(grads, cfg.clipNorm) : grads;
      if (vars.length) optimizer.apply(applied, vars);
      if (applied !== grads) tf.dispose(applied);
      tf.dispose(grads);

      done = step + 1;
      if (snapshotDue(schedule, done) && (await weightsFinite())) snapshot.take(model.allVariables(), done);
      const aux: Record<string, number> = {};
      if (metricsAsked) auxNames.forEach((n, i) => { aux[n] = m[2 + i]!; });
      const ev: StepEvent = { kind: 'step', step: step + 1, loss, ...(metricsAsked ? { taskLoss: m[1]! } : {}), aux, ms: performance.now() - t0 };
      if (withAccuracy) ev.accuracy = m[2 + auxNames.length]!;
      if (phase) ev.phase = phase.name;
      yield ev;
      const due = dueAfter(schedule, step + 1);
      if (due.eval || due.stats) yield* measure.after(step + 1, due);
    }
    yield* finishRun(compiled, session, schedule, { step: done, ...(badLoss !== undefined ? { badLoss } : {}), weightsFinite, fallback: snapshot });
  } finally {
    optimizer.dispose();
    snapshot.dispose();
    measure.dispose();
  }
}

/** The variables each phase trains (all of them outside phases), with the phase's node lists made into sets once. */
function phaseVariables(phases: readonly ScheduledPhase[]) {
  const sets = new Map(phases.map((p) => [p, { only: p.train && new Set(p.train), frozen: p.freeze && new Set(p.freeze) }]));
  // The same for every step of a phase: worked out once, not per step.
  const known = new Map<ScheduledPhase | undefined, tf.Variable[]>();
  return (compiled: Compiled, phase: ScheduledPhase | undefined) => {
    const s = phase ? sets.get(phase) : undefined;
    let vars = known.get(phase);
    if (!vars) known.set(phase, (vars = compiled.model.trainableVariables(s?.only, s?.frozen)));
    return vars;
  };
}

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

/**
 * Whether every weight is finite: one flag read back asynchronously (a synchronous read stalls a GPU backend).
 * Empty weights are left out: wasm's `all` over no elements returns whatever its buffer held.
 */
async function allFinite(vars: readonly tf.Variable[]): Promise<boolean> {
  const flag = tf.tidy(() => vars.filter((v) => v.size > 0).reduce<tf.Tensor>((all, v) => tf.logicalAnd(all, tf.all(tf.isFinite(v))), tf.scalar(true, 'bool')));
  const [ok] = await flag.data();
  flag.dispose();
  return ok === 1;
}
