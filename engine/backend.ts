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
