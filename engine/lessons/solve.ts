/**
 * Lessons without the editor: train the runs a set of checks reads (seeded, so
 * a grade is reproducible), and walk a whole lesson by its own Show me actions.
 * `gatelab grade` and the lesson tests use these.
 */
import type { Graph } from '../graph/format';
import { GateLabError, formatError } from '../errors';
import { applyVariant } from '../graph/edit';
import { runGraph, type RunSummary } from '../train/run';
import { needsRun, runsRead, type Check } from './checks';
import { evaluateCheck, evaluateChecks, type CheckContext, type CheckResult, type RunRecord } from './evaluate';
import { applyShowGraph, resolveSource } from './edit';
import type { Lesson, Prediction } from './format';

/** Trains a graph as it stands (its own steps and seed) and reports what checks read. */
export type Trainer = (graph: Graph) => Promise<RunRecord>;

export function runRecord(s: RunSummary): RunRecord {
  return {
    steps: s.steps, loss: s.loss, trainLoss: s.trainLoss, firstLoss: s.firstLoss, metrics: s.metrics, stats: s.stats,
    ...(s.accuracy !== undefined ? { accuracy: s.accuracy } : {}),
    ...(s.phaseMetrics ? { phaseMetrics: s.phaseMetrics } : {}),
  };
}

/** Trains with statistics taken once, at the last step: what the checks read. */
export const trainHeadless: Trainer = async (graph) => runRecord((await runGraph(graph, { statsEvery: Math.max(1, graph.training.steps) })).summary);

/** The runs a set of checks reads: the graph's own, and variants by name. */
export interface RunsWanted { own: boolean; variants: readonly string[] }

export function runsWanted(checks: readonly Check[]): RunsWanted {
  return { own: checks.some(needsRun), variants: [...new Set(checks.flatMap(runsRead))] };
}

/**
 * Adds to the context the runs wanted that it lacks. `cache` (keyed by the
 * graph's JSON) saves retraining an unchanged graph; a variant the graph does
 * not have is left out, and the checks that read it fail with their message.
 */
export async function trainRuns(ctx: CheckContext, wanted: RunsWanted, train: Trainer, cache = new Map<string, RunRecord>()): Promise<CheckContext> {
  const once = async (g: Graph) => {
    const key = JSON.stringify(g);
    let r = cache.get(key);
    if (!r) { r = await train(g); cache.set(key, r); }
    return r;
  };
  const variants: Record<string, RunRecord | undefined> = { ...ctx.variants };
  for (const name of wanted.variants) {
    if (!variants[name] && ctx.graph.variants?.some((v) => v.name === name)) variants[name] = await once(applyVariant(ctx.graph, name));
  }
  const run = ctx.run ?? (wanted.own ? await once(ctx.graph) : undefined);
  return { ...ctx, variants, ...(run ? { run } : {}) };
}

/** Which of a prediction's choices happened: the first whose condition holds (a choice without one is the fallback). */
export function observedChoice(p: Prediction, ctx: CheckContext): string | undefined {
  return (p.choices.find((c) => c.when && evaluateCheck(c.when, ctx).passed) ?? p.choices.find((c) => !c.when))?.id;
}

export interface StepOutcome {
  step: string;
  passed: boolean;
  results: CheckResult[];
  /** For a prediction step: the choice that the runs bore out. */
  observed?: string;
}

/** Follows every step's Show me in order, trains where a check needs it, and evaluates each step. */
export async function solveLesson(lesson: Lesson, train: Trainer = trainHeadless): Promise<StepOutcome[]> {
  const start = resolveSource(lesson.start);
  if (!start.ok) throw new Error(start.errors[0]!.message);
  let graph = start.value;
  const opened = new Set<string>();
  const cache = new Map<string, RunRecord>();
  const out: StepOutcome[] = [];
  for (const step of lesson.steps) {
    if (step.show) {
      const r = applyShowGraph(graph, step.show);
      if (!r.ok) throw new Error(`step ${step.id}: ${r.errors[0]!.message}`);
      graph = r.value;
      if (step.show.open) opened.add(step.show.open);
    }
    const whens = step.predict?.choices.flatMap((c) => (c.when ? [c.when] : [])) ?? [];
    const read = runsWanted([...step.checks, ...whens]);
    const wanted = { own: read.own || Boolean(step.show?.train), variants: [...read.variants, ...(step.show?.trainVariants ?? [])] };
    const ctx = await trainRuns({ graph, opened }, wanted, train, cache);
    const { passed, results } = evaluateChecks(step.checks, ctx);
    const observed = step.predict ? observedChoice(step.predict, ctx) : undefined;
    out.push({ step: step.id, passed, results, ...(observed !== undefined ? { observed } : {}) });
  }
  return out;
}

/** The most steps a grade trains for: a student's file cannot make the grader run for hours. */
export const GRADE_MAX_STEPS = 5000;

export interface GradedCheck { id: string; passed: boolean; message: string }

/** The checks a submission is graded on: the last step's, with ids `STEP.N`. */
export function finalChecks(lesson: Lesson): { id: string; check: Check }[] {
  const last = lesson.steps[lesson.steps.length - 1]!;
  return last.checks.map((check, i) => ({ id: `${last.id}.${i + 1}`, check }));
}

/**
 * Grades one student graph against a lesson's final checks, training the runs
 * they read (the graph's own seed and steps, at most GRADE_MAX_STEPS).
 */
export async function gradeGraph(lesson: Lesson, graph: Graph, opts: { train?: Trainer; opened?: ReadonlySet<string> } = {}): Promise<GradedCheck[]> {
  const checks = finalChecks(lesson);
  const wanted = runsWanted(checks.map((c) => c.check));
  const steps = (graph.training.phases ?? []).reduce((s, p) => s + p.steps, 0) || graph.training.steps;
  if ((wanted.own || wanted.variants.length) && steps > GRADE_MAX_STEPS) {
    return checks.map(({ id }) => ({ id, passed: false, message: `the graph trains for ${steps} steps; grading trains at most ${GRADE_MAX_STEPS}` }));
  }
  let ctx: CheckContext = { graph, ...(opts.opened ? { opened: opts.opened } : {}) };
  let failure: string | undefined;
  try {
    ctx = await trainRuns(ctx, wanted, opts.train ?? trainHeadless);
  } catch (e) {
    // an invalid graph cannot train: its run checks fail with the reason, its graph checks still count
    failure = e instanceof GateLabError ? e.errors.slice(0, 3).map(formatError).join('; ') : (e as Error).message;
  }
  return checks.map(({ id, check }) => {
    const r = evaluateCheck(check, ctx);
    const message = !r.passed && failure && needsRun(check) ? `${check.message} (training failed: ${failure})` : r.message;
    return { id, passed: r.passed, message };
  });
}
