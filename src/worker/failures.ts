/**
 * Sorting a failed run: an error from the compute backend (device lost, out
 * of memory, a shader that will not compile) retires that backend and the
 * next one takes over; any other error is the graph's or the engine's, and
 * switching backends would not help.
 */
import type { BackendName } from '../../engine';

export function isBackendFailure(message: string): boolean {
  // `\bgpu` also catches GPUBuffer and GPUDevice errors: a destroyed device fails reads with "Buffer was unmapped".
  return /webgpu|webgl|wasm|device (was )?lost|context (was )?lost|\bgpu|shader|out of memory|failed to allocate|backend/i.test(message);
}

const LABELS: Record<BackendName, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'wasm', cpu: 'cpu' };

/** What the page says when a run went on elsewhere after its backend failed at step `lostAt`. */
export function resumedMessage(from: BackendName, to: BackendName, lostAt: number, fromStep: number, error: string): string {
  // A destroyed WebGPU device fails the reads in flight with "Buffer was unmapped".
  const what = /lost|unmapped|destroyed/i.test(error) ? 'was lost' : 'failed';
  const weights = fromStep === 0 ? 'from its initial weights' : `from the weights of step ${fromStep}`;
  return `${LABELS[from]} ${what} at step ${lostAt}; training continued on ${LABELS[to]} ${weights} (the optimizer's running averages start afresh).`;
}
