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
  /** Median ms of the timed steps after the warm-up step; Infinity when it failed or ran over budget. */
  msPerStep: number;
  error?: string;
}

/**
 * Times a few training steps of `run` on each candidate (after one warm-up
 * step that pays for kernel compilation) and returns them fastest first, so
 * the choice is measured per graph rather than assuming WebGPU wins. A
 * candidate whose warm-up step exceeds `budgetMs` is not timed further.
 */
export async function measureBackends(
  candidates: readonly BackendName[],
  run: (steps: number) => Promise<number[]>,
  opts: { steps?: number; budgetMs?: number } = {},
): Promise<BackendTiming[]> {
  const steps = opts.steps ?? 3;
  const budget = opts.budgetMs ?? 3000;
  const out: BackendTiming[] = [];
  for (const name of candidates) {
    try {
      if (!tf.findBackendFactory(name) || !(await tf.setBackend(name))) { out.push({ name, msPerStep: Infinity, error: 'did not start' }); continue; }
      await tf.ready();
      const t0 = performance.now();
      await run(1);
      if (performance.now() - t0 > budget) { out.push({ name, msPerStep: Infinity, error: `first step took over ${budget} ms` }); continue; }
      const ms = (await run(steps)).sort((a, b) => a - b);
      out.push({ name, msPerStep: ms[ms.length >> 1] ?? Infinity });
    } catch (e) {
      out.push({ name, msPerStep: Infinity, error: (e as Error).message.slice(0, 200) });
    }
  }
  return out.sort((a, b) => a.msPerStep - b.msPerStep);
}
