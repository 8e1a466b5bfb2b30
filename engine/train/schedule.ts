/**
 * A run's schedule, decided once from the graph's `training` block: how many
 * steps, which phase each step is in, the learning rate of each step, and
 * after which steps evaluation, statistics and weight snapshots are due.
 * Plain JSON, so the worker, both training loops, the headless runner and the
 * exported PyTorch package all read the same one.
 */
import { phaseStepsTotal, type Training } from '../graph/format';

export interface ScheduledPhase {
  name: string;
  /** Steps [start, end) of the run. */
  start: number;
  end: number;
  /** Node ids whose variables train; absent = all except `freeze`. */
  train?: string[];
  freeze?: string[];
  /** Train only on examples whose `task` field equals this. */
  task?: number;
}

export interface Schedule {
  total: number;
  /** In order, covering [0, total) without gaps; empty when the run is one stretch. */
  phases: ScheduledPhase[];
  /** The learning rate after warm-up. */
  learningRate: number;
  /** Steps over which the learning rate climbs linearly to `learningRate` (0 = none). */
  warmupSteps: number;
  /** Held-out evaluation after every N steps; 0 = none on the way. */
  evalEvery: number;
  /** Evaluate after the last step too. */
  finalEval: boolean;
  /** Statistics probe after every N steps and the last; 0 = never. */
  statsEvery: number;
  /** Weights copied after every N steps: a NaN written into a weight rolls back at most this far. */
  snapshotEvery: number;
}

/**
 * How often a run measures, by who watches it: 'quiet' a headless run (about 20
 * evaluations, statistics only when asked), 'report' the CLI's summary (statistics
 * about 10 times too), 'live' the editor's charts (about 60 evaluations and 100 probes,
 * a probe at most every 10 steps).
 */
export type Cadence = 'quiet' | 'report' | 'live';

export interface ScheduleOptions {
  /** Overrides training.steps; phases are scaled to fit. */
  steps?: number;
  /** Overrides the cadence's evaluation interval (0 = only at the end). */
  evalEvery?: number;
  /** Evaluate after the last step (default true); benchmarks of the step alone turn it off. */
  finalEval?: boolean;
  /** Overrides the cadence's statistics interval (0 = never). */
  statsEvery?: number;
  cadence?: Cadence;
}

/** The statistics interval the editor's benchmark of probe overhead uses. */
export const DEFAULT_STATS_EVERY = 20;
const SNAPSHOT_EVERY = 25;

const share = (total: number, n: number) => Math.max(1, Math.round(total / n));
const CADENCES: Record<Cadence, (total: number) => { evalEvery: number; statsEvery: number }> = {
  quiet: (t) => ({ evalEvery: share(t, 20), statsEvery: 0 }),
  report: (t) => ({ evalEvery: share(t, 20), statsEvery: share(t, 10) }),
  live: (t) => ({ evalEvery: share(t, 60), statsEvery: Math.max(10, share(t, 100)) }),
};

export function trainingSchedule(cfg: Training, opts: ScheduleOptions = {}): Schedule {
  const phases = plannedPhases(cfg, opts.steps);
  const total = phases.at(-1)?.end ?? opts.steps ?? cfg.steps;
  const cadence = CADENCES[opts.cadence ?? 'quiet'](total);
  return {
    total,
    phases,
    learningRate: cfg.optimizer.learningRate,
    warmupSteps: cfg.warmupSteps ?? 0,
    evalEvery: opts.evalEvery ?? cadence.evalEvery,
    finalEval: opts.finalEval ?? true,
    statsEvery: opts.statsEvery ?? cadence.statsEvery,
    snapshotEvery: SNAPSHOT_EVERY,
  };
}

/** Phases run in order (a frozen backbone, then the gates); a steps override scales them, the last taking what is left. */
function plannedPhases(cfg: Training, stepsOverride?: number): ScheduledPhase[] {
  const natural = phaseStepsTotal(cfg);
  if (natural === undefined) return [];
  const scale = stepsOverride !== undefined ? stepsOverride / natural : 1;
  const list = cfg.phases!;
  let start = 0;
  return list.map((p, i) => {
    const len = i === list.length - 1 && stepsOverride !== undefined ? Math.max(0, stepsOverride - start) : Math.max(1, Math.round(p.steps * scale));
    const ph: ScheduledPhase = { name: p.name, start, end: start + len };
    if (p.train) ph.train = [...p.train];
    if (p.freeze) ph.freeze = [...p.freeze];
    if (p.task !== undefined) ph.task = p.task;
    start += len;
    return ph;
  });
}

/**
 * The training block with `steps` set to n and its phases, if any, scaled to
 * add up to n as a steps override would run them (at least a step each), so
 * the file stays valid.
 */
export function withSteps(cfg: Training, n: number): Training {
  const total = Math.max(n, cfg.phases?.length ?? 0);
  const phases = plannedPhases(cfg, total);
  if (phases.length === 0) return { ...cfg, steps: total };
  return { ...cfg, steps: total, phases: cfg.phases!.map((p, i) => ({ ...p, steps: phases[i]!.end - phases[i]!.start })) };
}

/** The phase step `step` (0-based) belongs to, if the run has phases. */
export function phaseAt(s: Schedule, step: number): ScheduledPhase | undefined {
  return s.phases.find((p) => step >= p.start && step < p.end);
}

/** The learning rate of step `step` (0-based): linear warm-up over the first warmupSteps, then constant. */
export function learningRateAt(s: Schedule, step: number): number {
  return s.warmupSteps > 0 && step < s.warmupSteps ? (s.learningRate * (step + 1)) / s.warmupSteps : s.learningRate;
}

/** What a step's end asks for: a held-out evaluation, a statistics probe. */
export interface Due { eval: boolean; stats: boolean }

/** What is measured once `done` steps are done (1-based: the step just taken). */
export function dueAfter(s: Schedule, done: number): Due {
  const last = done === s.total;
  return {
    eval: (s.evalEvery > 0 && done % s.evalEvery === 0) || (last && s.finalEval),
    stats: s.statsEvery > 0 && (done % s.statsEvery === 0 || last),
  };
}

/** Whether the weights are copied once `done` steps are done. */
export function snapshotDue(s: Schedule, done: number): boolean {
  return done % s.snapshotEvery === 0;
}
