import type { Training } from '../graph/format';

/** A resolved training phase: which steps it covers and which nodes' variables train. */
export interface PlannedPhase {
  name: string;
  start: number;
  end: number;
  /** Node ids whose variables train; undefined = all except `frozen`. */
  nodes?: ReadonlySet<string>;
  frozen?: ReadonlySet<string>;
  /** Train only on examples whose `task` field equals this. */
  task?: number;
}

export interface PhasePlan {
  totalSteps: number;
  phases: PlannedPhase[];
}

/**
 * Phases run in order (frozen backbone, then gates); without phases the run is
 * one stretch of `steps`. `stepsOverride` scales the phases to fit.
 */
export function phasePlan(cfg: Training, stepsOverride?: number): PhasePlan {
  const list = cfg.phases ?? [];
  if (list.length === 0) return { totalSteps: stepsOverride ?? cfg.steps, phases: [] };
  const natural = list.reduce((s, p) => s + p.steps, 0);
  const scale = stepsOverride !== undefined ? stepsOverride / natural : 1;
  const phases: PlannedPhase[] = [];
  let start = 0;
  list.forEach((p, i) => {
    const len = i === list.length - 1 && stepsOverride !== undefined ? Math.max(0, stepsOverride - start) : Math.max(1, Math.round(p.steps * scale));
    const ph: PlannedPhase = { name: p.name, start, end: start + len };
    if (p.train) ph.nodes = new Set(p.train);
    if (p.freeze) ph.frozen = new Set(p.freeze);
    if (p.task !== undefined) ph.task = p.task;
    phases.push(ph);
    start += len;
  });
  return { totalSteps: start, phases };
}

export function phaseAt(plan: PhasePlan, step: number): PlannedPhase | undefined {
  return plan.phases.find((p) => step >= p.start && step < p.end);
}
