/** What a training loop is asked to do and what it yields: shared by the tfjs loop and the plain-JavaScript one. */
import type { GraphError } from '../errors';
import type { Summaries } from '../stats/summarize';
import type { Schedule, ScheduleOptions } from './schedule';

export interface StepEvent {
  kind: 'step';
  step: number;
  loss: number;
  /** The task loss without auxiliary losses; absent when the run was asked for no step metrics. */
  taskLoss?: number;
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
  /** Typed, by node id; `flattenSummaries` gives the flat keys of `--json`. */
  stats: Summaries;
}
export interface FailedEvent {
  kind: 'failed';
  step: number;
  error: GraphError;
  /** No finite trained weights are left: nothing to keep, export or write. */
  noResult?: true;
}
export type TrainEvent = StepEvent | EvalEvent | StatsEvent | FailedEvent;

export interface TrainOptions extends ScheduleOptions {
  /** The run's schedule, when the caller made it already (to announce its total); otherwise made from the options above. */
  schedule?: Schedule;
  /** Examples in the probe batch. */
  probeSize?: number;
  /** Checked between steps; return true to stop early. */
  shouldStop?: () => boolean;
  /** Starts at this step (resuming); data order follows the step, so a resumed run matches. */
  startStep?: number;
  /**
   * 'auto' (default): small 2-D networks of nodes with plain kernels train in plain JavaScript, which is
   * several times faster there than tfjs's per-op dispatch (engine/train/plain); 'tfjs' always uses tfjs;
   * 'plain' takes the plain path at any size where the graph allows it (benchmarks of the crossover).
   */
  path?: 'auto' | 'tfjs' | 'plain';
  /**
   * The batch's accuracy, task loss and auxiliary losses in every step event (default on: the
   * editor plots them). Off, a tfjs step computes and reads its total loss alone, as a
   * hand-written loop does, and step events carry only `loss`.
   */
  stepMetrics?: boolean;
}
