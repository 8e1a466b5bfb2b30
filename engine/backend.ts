/**
 * Backend choice: try candidates in order and keep the first that starts,
 * with the reason in words. Entry points import the backend packages they
 * offer (the CLI: wasm and cpu; the worker: webgpu, webgl, wasm, cpu).
 */
import * as tf from '@tensorflow/tfjs-core';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';

export interface BackendChoice {
  name: BackendName;
  reason: string;
  /** Candidates that failed before it, with why. */
  failed: { name: BackendName; error: string }[];
}

export async function chooseBackend(candidates: readonly BackendName[], requested?: BackendName): Promise<BackendChoice> {
  const order = requested ? [requested, ...candidates.filter((c) => c !== requested)] : [...candidates];
  const failed: BackendChoice['failed'] = [];
  for (const name of order) {
    if (!tf.findBackendFactory(name)) { failed.push({ name, error: 'not available in this build' }); continue; }
    try {
      if (await tf.setBackend(name)) {
        await tf.ready();
        const reason = name === requested ? 'you asked for it'
          : failed.length === 0 ? `the first choice (${order.join(' > ')})`
          : `${failed.map((f) => `${f.name}: ${f.error}`).join('; ')}`;
        return { name, reason, failed };
      }
      failed.push({ name, error: 'did not start' });
    } catch (e) {
      failed.push({ name, error: (e as Error).message.slice(0, 200) });
    }
  }
  throw new Error(`no backend could start: ${failed.map((f) => `${f.name}: ${f.error}`).join('; ')}`);
}

export interface BackendTiming {
  name: BackendName;
  /** Median ms of the timed steps after the warm-up step; Infinity when it failed, ran over budget or was not measured. */
  msPerStep: number;
  /** Ms of the warm-up step (kernel compilation included), when it ran. */
  firstMs?: number;
  error?: string;
}

export interface MeasureOptions {
  /** Timed steps after the warm-up (default 3). */
  steps?: number;
  /** A warm-up step still running after this many ms is given up on (default 3000). */
  budgetMs?: number;
  /** A warm-up step this many times slower than the quickest warm-up so far is given up on. */
  slowerThan?: number;
  /** The whole measurement's ms: a warm-up that would run past it is given up on, and later candidates are not started (the first candidate always runs). */
  totalMs?: number;
  /**
   * The warm-up (default: one timed step). One given up on is left running, so
   * after its last GPU read it must only dispose (time-steps.ts `warmUp`).
   */
  warmUp?: () => Promise<unknown>;
}

/**
 * Times a few training steps of `run` on each candidate (after one warm-up
 * step that pays for kernel compilation) and returns them fastest first, so
 * the choice is measured per graph rather than assuming WebGPU wins. A GPU
 * compiles its shaders in another process, so a slow warm-up can be given up
 * on while it runs: it is left to finish (or fail) on its own and its
 * candidate is not timed. The backend is left on the last candidate tried.
 */
export async function measureBackends(candidates: readonly BackendName[], run: (steps: number) => Promise<number[]>, opts: MeasureOptions = {}): Promise<BackendTiming[]> {
  const steps = opts.steps ?? 3;
  const t00 = performance.now();
  let quickestFirst = Infinity;
  const out: BackendTiming[] = [];
  for (const name of candidates) {
    const left = out.length === 0 ? Infinity : (opts.totalMs ?? Infinity) - (performance.now() - t00);
    if (left <= 0) { out.push({ name, msPerStep: Infinity, error: 'not measured: out of time' }); continue; }
    const limit = Math.min(opts.budgetMs ?? 3000, (opts.slowerThan ?? Infinity) * quickestFirst, left);
    try {
      if (!tf.findBackendFactory(name) || !(await tf.setBackend(name))) { out.push({ name, msPerStep: Infinity, error: 'did not start' }); continue; }
      await tf.ready();
      const t0 = performance.now();
      const warm = opts.warmUp ? opts.warmUp() : run(1);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = await Promise.race([warm.then(() => false), new Promise<boolean>((r) => { timer = setTimeout(() => r(true), limit); })]).finally(() => clearTimeout(timer));
      const firstMs = performance.now() - t0;
      if (late) {
        // It disposes what it made when its read returns.
        warm.catch(() => {});
        out.push({ name, msPerStep: Infinity, firstMs, error: `first step took over ${Math.round(limit)} ms` });
        continue;
      }
      quickestFirst = Math.min(quickestFirst, firstMs);
      const ms = (await run(steps)).sort((a, b) => a - b);
      out.push({ name, msPerStep: ms[ms.length >> 1] ?? Infinity, firstMs });
    } catch (e) {
      out.push({ name, msPerStep: Infinity, error: (e as Error).message.slice(0, 200) });
    }
  }
  return out.sort((a, b) => a.msPerStep - b.msPerStep);
}
