import * as tf from '@tensorflow/tfjs-core';
import type { Initializer } from '../registry/defineNode';
import type { Rng } from '../random';

/** Fan-in and fan-out as tf.layers computes them for a [in, out] kernel. */
function fans(shape: number[]): [number, number] {
  if (shape.length === 2) return [shape[0]!, shape[1]!];
  const n = shape.reduce((a, b) => a * b, 1);
  return [n, n];
}

/** Initial values drawn in JS from the node's own seeded stream: identical on every backend. */
export function initialValues(shape: number[], init: Initializer, rng: Rng): Float32Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  const [fanIn, fanOut] = fans(shape);
  switch (init.kind) {
    case 'zeros': break;
    case 'ones': v.fill(1); break;
    case 'constant': v.fill(init.value); break;
    case 'normal': for (let i = 0; i < n; i++) v[i] = (init.mean ?? 0) + init.std * rng.normal(); break;
    case 'uniform': for (let i = 0; i < n; i++) v[i] = (2 * rng.next() - 1) * init.limit; break;
    case 'glorot': { const lim = Math.sqrt(6 / (fanIn + fanOut)); for (let i = 0; i < n; i++) v[i] = (2 * rng.next() - 1) * lim; break; }
    case 'he': { const std = Math.sqrt(2 / fanIn); for (let i = 0; i < n; i++) v[i] = std * rng.normal(); break; }
  }
  return v;
}

export function makeVariable(name: string, shape: number[], init: Initializer, rng: Rng): tf.Variable {
  // tfjs variable names are global to the engine; ours live in the model's own map, so two models never clash.
  void name;
  const initial = tf.tensor(initialValues(shape, init, rng), shape, 'float32');
  const v = tf.variable(initial, true);
  initial.dispose(); // the variable keeps its own reference to the data
  return v;
}
