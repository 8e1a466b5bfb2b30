/**
 * Collects training events between two posts so the page gets at most one
 * message per TICK_MS however fast steps run. Only the newest boundary grid
 * and statistics are kept: an older one would be redrawn and thrown away.
 */
import type { BoundaryGrid, EvalPoint, FromWorker, RegressionFit, StepColumns } from './protocol';
import { TICK_MS } from './protocol';
import type { Summaries } from '../../engine';

type Tick = Extract<FromWorker, { type: 'tick' }>;

export class Batcher {
  private steps: StepColumns = empty();
  private evals: EvalPoint[] = [];
  private boundary: BoundaryGrid | undefined;
  private fit: RegressionFit | undefined;
  private stats: { step: number; stats: Summaries } | undefined;
  private lastPost = -Infinity;

  constructor(private readonly interval = TICK_MS) {}

  step(step: number, loss: number, accuracy: number | undefined, ms: number, aux?: Record<string, number>): void {
    const n = this.steps.step.length;
    this.steps.step.push(step);
    this.steps.loss.push(loss);
    this.steps.accuracy.push(accuracy ?? NaN);
    this.steps.ms.push(ms);
    for (const [k, v] of Object.entries(aux ?? {})) {
      const col = ((this.steps.aux ??= {})[k] ??= new Array<number>(n).fill(NaN));
      col.push(v);
    }
    for (const col of Object.values(this.steps.aux ?? {})) if (col.length < n + 1) col.push(NaN);
  }
  eval(e: EvalPoint): void { this.evals.push(e); }
  setBoundary(b: BoundaryGrid): void { this.boundary = b; }
  setFit(f: RegressionFit): void { this.fit = f; }
  setStats(s: { step: number; stats: Summaries }): void { this.stats = s; }

  get pending(): boolean {
    return this.steps.step.length > 0 || this.evals.length > 0 || this.boundary !== undefined || this.fit !== undefined || this.stats !== undefined;
  }

  /** Whether a tick may go now (the interval has passed since the last one). */
  due(now: number): boolean {
    return this.pending && now - this.lastPost >= this.interval;
  }

  /** Everything collected, as one message; resets. */
  take(runId: number, now: number): { tick: Tick; transfer: Transferable[] } | null {
    if (!this.pending) return null;
    const tick: Tick = { type: 'tick', runId, steps: this.steps, evals: this.evals };
    const transfer: Transferable[] = [];
    if (this.boundary) {
      tick.boundary = this.boundary;
      transfer.push(this.boundary.probs.buffer);
      for (const t of this.boundary.territory ?? []) transfer.push(t.values.buffer, ...(t.winner ? [t.winner.buffer] : []));
    }
    if (this.fit) {
      tick.fit = this.fit;
      transfer.push(this.fit.values.buffer, this.fit.points.buffer);
    }
    if (this.stats) tick.stats = this.stats;
    this.clear();
    this.lastPost = now;
    return { tick, transfer };
  }

  clear(): void {
    this.steps = empty();
    this.evals = [];
    this.boundary = undefined;
    this.fit = undefined;
    this.stats = undefined;
  }
}

function empty(): StepColumns {
  return { step: [], loss: [], accuracy: [], ms: [] };
}
