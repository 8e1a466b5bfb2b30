/**
 * Pause, Step and Stop for the training worker, honoured between steps. A run
 * is registered the moment Start arrives (so a Step sent right after finds
 * it) and begins once the run before it has stopped.
 */

/** One run's controls, read by its training loop between steps. */
export class RunControl {
  stopped = false;
  /** Settles when the run has ended, however it ended. */
  done: Promise<void> = Promise.resolve();
  /** Steps still to take while paused (one per Step). */
  private budget = 0;
  private wakeUp: (() => void) | null = null;

  constructor(readonly id: number, public paused: boolean) {}

  pause(): void { this.paused = true; }
  resume(): void { this.paused = false; this.budget = 0; this.wake(); }
  /** Pauses, and lets one more step through. */
  step(): void { this.paused = true; this.budget++; this.wake(); }
  stop(): void { this.stopped = true; this.wake(); }

  /** The loop must wait before its next step: paused with no Step owed. */
  get holding(): boolean { return this.paused && this.budget === 0 && !this.stopped; }
  /** Steps are being taken (running, or a Step owed), so the weights are changing. */
  get moving(): boolean { return !this.paused || this.budget > 0; }
  /** The loop took a step: one fewer owed. */
  tookStep(): void { if (this.budget > 0) this.budget--; }
  /** Settles at the next Resume, Step or Stop. */
  wait(): Promise<void> { return new Promise((res) => { this.wakeUp = res; }); }

  private wake(): void {
    const w = this.wakeUp;
    this.wakeUp = null;
    w?.();
  }
}

/** The worker's current run: at most one trains at a time. */
export class RunSlot {
  current: RunControl | null = null;

  /**
   * Registers run `id` at once and runs `body` once the previous run has stopped
   * (unless this one was stopped first); `onError` hears what `body` throws.
   */
  start(id: number, paused: boolean, body: (r: RunControl) => Promise<void>, onError: (r: RunControl, err: unknown) => void): RunControl {
    const prev = this.current;
    const r = new RunControl(id, paused);
    this.current = r;
    r.done = (async () => {
      if (prev) { prev.stop(); await prev.done; }
      if (!r.stopped) await body(r);
    })()
      .catch((err: unknown) => onError(r, err))
      .finally(() => { if (this.current === r) this.current = null; });
    return r;
  }

  /** Stops the current run and settles when it has ended. */
  async stop(): Promise<void> {
    const r = this.current;
    if (!r) return;
    r.stop();
    await r.done;
  }
}
