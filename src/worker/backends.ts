/**
 * The compute backends the worker offers, registered once, and the choice
 * among them put into words for the training panel.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { chooseBackend, type BackendName } from '../../engine';
import { BACKEND_ORDER, type BackendInfo, type BackendRequest } from './protocol';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});

/** Why a backend that did not register is missing, in words. */
function missingWhy(name: BackendName): string {
  if (name === 'webgpu') return typeof navigator !== 'undefined' && 'gpu' in navigator ? 'WebGPU offered no adapter' : 'this browser offers no WebGPU';
  if (name === 'webgl') return 'this browser offers no WebGL here';
  return 'not available in this build';
}

/** Picks a backend (requested first, then the automatic order), skipping `exclude`. */
export async function pickBackend(requested: BackendRequest, exclude: readonly BackendName[] = []): Promise<BackendInfo> {
  const order = BACKEND_ORDER.filter((b) => !exclude.includes(b));
  const choice = await chooseBackend(order, requested === 'auto' ? undefined : requested);
  const failed = [
    ...exclude.map((name) => ({ name, error: 'failed during training' })),
    ...choice.failed.map((f) => (f.error === 'not available in this build' || (f.name === 'webgpu' && f.error === 'did not start') ? { ...f, error: missingWhy(f.name) } : f)),
  ];
  const because = failed.map((f) => `${f.name}: ${f.error}`).join('; ');
  const reason = requested !== 'auto' && choice.name === requested ? 'chosen by you'
    : requested !== 'auto' ? `you asked for ${requested}, but ${because}`
    : failed.length === 0 ? 'the fastest kind this browser offers (webgpu > webgl > wasm > cpu)'
    : `automatic: ${because}`;
  return { name: choice.name, reason, failed, requested };
}
