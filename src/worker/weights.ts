/**
 * Plain copies of a run's weights, so a run whose backend dies (a WebGPU
 * device lost) can go on elsewhere from where it was. Copies are Float32Arrays
 * outside any backend; reading them costs a download, so one is kept at most
 * every KEEP_EVERY_MS, and at a failure the keeper first tries to read the
 * weights as they are, which works when the backend's memory is still readable.
 */
import type { Model } from '../../engine';

export interface SavedWeights {
  /** The step the weights are from (0: as initialised). */
  step: number;
  weights: Map<string, { shape: number[]; data: Float32Array }>;
}

/** At most one copy a second: about a second of training lost to a failure, and the download stays cheap beside it. */
export const KEEP_EVERY_MS = 1000;
/** A dead GPU may never answer a read; past this the last copy is used. */
const RESCUE_TIMEOUT_MS = 2000;

export async function saveWeights(model: Model, step: number): Promise<SavedWeights> {
  return { step, weights: await model.readWeights() };
}

/** Loads saved weights into a model compiled from the same graph (on any backend). */
export function restoreWeights(model: Model, saved: SavedWeights): void {
  model.writeWeights(saved.weights);
}

export class WeightKeeper {
  last: SavedWeights | null = null;
  private at = -Infinity;

  constructor(private readonly everyMs = KEEP_EVERY_MS) {}

  /** Copies the weights when the last copy is older than `everyMs` (or there is none). */
  async maybeKeep(model: Model, step: number, now = performance.now()): Promise<void> {
    if (now - this.at < this.everyMs && this.last) return;
    this.last = await saveWeights(model, step);
    this.at = performance.now();
  }

  /** After a failure: the weights as they are if they can still be read (and are finite), else the last copy. */
  async rescue(model: Model, step: number): Promise<SavedWeights | null> {
    try {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('no answer')), RESCUE_TIMEOUT_MS); });
      const now = await Promise.race([saveWeights(model, step), late]).finally(() => clearTimeout(timer));
      if ([...now.weights.values()].every((w) => w.data.every(Number.isFinite))) return now;
    } catch { /* unreadable: the device is gone */ }
    return this.last;
  }
}
