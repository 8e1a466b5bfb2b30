/**
 * Backends for Node tests: wasm (the engine's default in Node) and cpu.
 * `forEachBackend` runs a describe block on both, as tfjs-layers' tests do.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { describe, beforeAll } from 'vitest';

export const NODE_BACKENDS = ['wasm', 'cpu'] as const;
export type NodeBackend = (typeof NODE_BACKENDS)[number];

export async function useBackend(name: NodeBackend): Promise<void> {
  if (tf.getBackend() === name) return;
  if (!(await tf.setBackend(name))) throw new Error(`backend ${name} did not start`);
  await tf.ready();
}

export function forEachBackend(title: string, body: (backend: NodeBackend) => void): void {
  for (const b of NODE_BACKENDS) {
    describe(`${title} [${b}]`, () => {
      beforeAll(() => useBackend(b));
      body(b);
    });
  }
}

/** Runs fn and asserts it leaves no tensor behind. */
export async function expectNoLeak<T>(fn: () => Promise<T> | T): Promise<T> {
  const before = tf.memory().numTensors;
  const r = await fn();
  const after = tf.memory().numTensors;
  if (after !== before) throw new Error(`leaked ${after - before} tensors`);
  return r;
}
