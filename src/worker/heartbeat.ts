/**
 * Whether the training worker still answers. The page pings it every PING_MS
 * and any message from it counts as an answer; a ping left unanswered for
 * STUCK_MS means the worker is stuck (an endless loop, a computation that never
 * lets a message in), which no error event would ever report. Time spent with
 * no ping out (a page whose timers a sleeping laptop paused) never counts.
 */
export const PING_MS = 1000;
/** Longer than the slowest legitimate pause between two messages the worker reads (a backend's first shaders on a software GPU). */
export const STUCK_MS = 8000;

export class Heartbeat {
  private pendingSince: number | null = null;

  constructor(private readonly stuckMs = STUCK_MS) {}

  /** A message came from the worker. */
  heard(): void {
    this.pendingSince = null;
  }

  /** Called every PING_MS: whether to send a ping now, and whether the worker has left one unanswered for too long. */
  tick(now: number): { ping: boolean; stuck: boolean } {
    if (this.pendingSince === null) {
      this.pendingSince = now;
      return { ping: true, stuck: false };
    }
    return { ping: false, stuck: now - this.pendingSince >= this.stuckMs };
  }
}
