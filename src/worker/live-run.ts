/**
 * The weights of the current or last run, kept after training so the views can
 * ask about them (interventions, the exit explorer, export) until the next run
 * or a reset retires them. Each question names its run: one about an older run
 * gets "no trained weights" rather than another run's answer.
 */
import { exitTable, intervene, probeContext, type Compiled, type ModelFile, type Session } from '../../engine';
import { loadModelRun, modelFileText } from './model-files';
import { listMisclassified, traceHeldOut } from './trace';
import type { FromWorker, InterventionResult, TracePick } from './protocol';
import type { RunSlot } from './run-control';

export interface LiveRun {
  runId: number;
  compiled: Compiled;
  session: Session;
  /** Steps the weights have been trained for. */
  step: number;
  /** Examples in the statistics probe, which interventions re-measure. */
  probeSize: number;
}

type ExitTableReply = Omit<Extract<FromWorker, { type: 'exitTable' }>, 'type' | 'runId'>;
type TraceReply = Omit<Extract<FromWorker, { type: 'trace' }>, 'type' | 'runId'>;
type MisclassifiedReply = Omit<Extract<FromWorker, { type: 'misclassified' }>, 'type' | 'runId'>;
type ModelFileResult = Extract<FromWorker, { type: 'modelFile' }>['result'];
type LoadResult = Extract<FromWorker, { type: 'modelLoaded' }>['result'];

const NO_WEIGHTS = 'There are no trained weights for this run yet: press Train or Step first.';
const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

export class LiveRuns {
  private live: LiveRun | null = null;

  get current(): LiveRun | null { return this.live; }

  /** The live run of `runId`, if its weights are still held. */
  of(runId: number): LiveRun | undefined {
    return this.live?.runId === runId ? this.live : undefined;
  }

  /** Holds a run's weights, retiring the ones held before. */
  hold(run: LiveRun): void {
    if (this.live && this.live.compiled !== run.compiled) this.retire();
    this.live = run;
  }

  /** Whether these compiled weights are the ones held (the caller must not dispose them). */
  holds(compiled: Compiled): boolean {
    return this.live?.compiled === compiled;
  }

  /** Disposes the held weights and data. */
  retire(): void {
    const l = this.live;
    this.live = null;
    if (!l) return;
    l.session.dispose();
    l.compiled.model.dispose();
  }

  /** The held-out loss with and without `interventions`, and the probe statistics with them on. */
  async intervene(runId: number, interventions: Record<string, number>): Promise<InterventionResult> {
    const l = this.of(runId);
    const out = { interventions, step: l?.step ?? 0 };
    if (!l) return { ...out, error: NO_WEIGHTS };
    try {
      const n = Math.min(l.probeSize, l.session.test.size);
      const r = await intervene(l.compiled, l.session.test, interventions, n, probeContext(l.session.data, l.session.testRows.subarray(0, n)));
      return { ...out, base: r.base, with: r.with, stats: r.stats };
    } catch (e) {
      return { ...out, error: messageOf(e) };
    }
  }

  /** Every held-out example's confidence and correctness at each exit of `nodeId`. */
  async exitTable(runId: number, nodeId: string, exits: number): Promise<ExitTableReply> {
    const l = this.of(runId);
    if (!l) return { step: 0, error: NO_WEIGHTS };
    try {
      return { step: l.step, table: await exitTable(l.compiled, l.session.test, nodeId, exits) };
    } catch (e) {
      return { step: l.step, error: messageOf(e) };
    }
  }

  /** One held-out example's route through the weights (trace.ts). */
  async trace(runId: number, pick: TracePick): Promise<TraceReply> {
    const l = this.of(runId);
    if (!l) return { step: 0, error: NO_WEIGHTS };
    try {
      const labels = l.session.data.labels;
      return { step: l.step, trace: await traceHeldOut(l.compiled, l.session, pick), ...(labels ? { labels } : {}) };
    } catch (e) {
      return { step: l.step, error: messageOf(e) };
    }
  }

  /** The held-out examples the weights get wrong. */
  async misclassified(runId: number): Promise<MisclassifiedReply> {
    const l = this.of(runId);
    if (!l) return { step: 0, heldOut: 0, error: NO_WEIGHTS };
    try {
      const labels = l.session.data.labels;
      return { step: l.step, heldOut: l.session.test.size, list: await listMisclassified(l.compiled, l.session), ...(labels ? { labels } : {}) };
    } catch (e) {
      return { step: l.step, heldOut: l.session.test.size, error: messageOf(e) };
    }
  }

  /** The run's weights as a model file; `moving` says steps are being taken, when the weights and their evaluation would disagree. */
  async modelFile(runId: number, float16: boolean, moving: boolean): Promise<ModelFileResult> {
    const l = this.of(runId);
    if (!l || l.step === 0) return { ok: false, error: 'no trained weights yet: train first' };
    if (moving) return { ok: false, error: 'pause training first: the weights change at every step' };
    try {
      return { ok: true, text: await modelFileText(l.compiled, l.session, l.step, float16) };
    } catch (e) {
      return { ok: false, error: messageOf(e) };
    }
  }

  /**
   * Checks and evaluates a model file's weights before anything changes; only a file
   * that fits becomes run `runId`'s live weights, stopping the run in `runs` first.
   */
  async load(file: ModelFile, runId: number, runs: RunSlot): Promise<LoadResult> {
    try {
      const r = await loadModelRun(file);
      if (!r.ok) return { ok: false, message: r.message, errors: r.errors };
      if (runs.current && runs.current.id >= runId) {
        r.value.session.dispose();
        r.value.compiled.model.dispose();
        return { ok: false, message: 'Training started while the model was loading: open the file again.', errors: [] };
      }
      await runs.stop();
      this.hold({ runId, compiled: r.value.compiled, session: r.value.session, step: file.training.steps, probeSize: 64 });
      return r.value.reply;
    } catch (e) {
      return { ok: false, message: `The model could not be loaded: ${messageOf(e)}`, errors: [] };
    }
  }
}
