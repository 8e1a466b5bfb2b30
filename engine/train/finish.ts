/**
 * How every run ends, on both training paths: the weights and the held-out
 * loss are checked after the last step (or after the step whose loss was not
 * finite). A run whose weights end non-finite goes back to its last finite
 * copy; one with no finite trained weights to go back to has no result, and
 * says so, so a NaN is never reported, exported or written as a result.
 */
import type { Compiled } from '../compile/compile';
import { graphError } from '../errors';
import type { TrainEvent } from './events';
import { evaluate } from './measure';
import { dueAfter, type Schedule } from './schedule';
import type { Session } from './session';

/** The weights a run can go back to: its last copy taken while every weight was finite. */
export interface FallbackWeights {
  /** The step the copy is from (the run's first step: the weights it started with). */
  readonly step: number;
  /** Writes the copy back into the model's weights. */
  restore(): void;
}

export interface RunEnd {
  /** Steps done when the run ended. */
  step: number;
  /** The loss that stopped the run early, if one was not finite. */
  badLoss?: number;
  weightsFinite: () => boolean | Promise<boolean>;
  fallback: FallbackWeights;
}

type Check = { ok: true; held?: { loss: number; accuracy?: number } } | { ok: false; what: 'weights' | 'held-out loss' };

const ADVICE = 'Try a lower learning rate or gradient clipping.';

/**
 * Yields the run's last events: its held-out evaluation (when the schedule
 * has one at the end, or a NaN stopped the run) on weights that are finite,
 * and a NON_FINITE failure when the run could not end on the weights of its
 * last step; `noResult` marks a failure with no finite trained weights left.
 */
export async function* finishRun(compiled: Compiled, session: Session, schedule: Schedule, end: RunEnd): AsyncGenerator<TrainEvent> {
  const stopped = end.badLoss !== undefined;
  const wantEval = stopped ? schedule.finalEval : dueAfter(schedule, end.step).eval;
  const check = async (): Promise<Check> => {
    if (!(await end.weightsFinite())) return { ok: false, what: 'weights' };
    if (!wantEval) return { ok: true };
    const held = await evaluate(compiled, session.test);
    return Number.isFinite(held.loss) ? { ok: true, held } : { ok: false, what: 'held-out loss' };
  };
  let result = await check();
  const broke = result.ok ? '' : result.what === 'weights' ? 'the weights were' : 'the held-out loss was';
  let restoredAt: number | null = null;
  if (!result.ok && end.fallback.step !== end.step) {
    end.fallback.restore();
    restoredAt = end.fallback.step;
    result = await check();
  }
  // The copy at step 0 holds the weights as initialised: going back to it is no result of training.
  const noResult = !result.ok || (restoredAt ?? end.step) === 0;
  if (result.ok && result.held && !noResult) yield { kind: 'eval', step: end.step, ...result.held };
  if (!stopped && restoredAt === null && !noResult) return;
  const cause = stopped
    ? `the loss became ${end.badLoss} at step ${end.step + 1}; training stopped`
    : `after the last step (${end.step}) ${broke} no longer finite`;
  const kept = noResult
    ? 'no finite trained weights are left, so the run has no result to keep or export'
    : restoredAt === null
      ? 'the weights from the step before are kept'
      : `${stopped ? `${broke} not finite either, so ` : ''}the weights of step ${restoredAt} are restored`;
  yield { kind: 'failed', step: end.step + (stopped ? 1 : 0), error: graphError('NON_FINITE', `${cause} and ${kept}. ${ADVICE}`), ...(noResult ? { noResult: true } : {}) };
}
