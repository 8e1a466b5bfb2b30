import * as tf from '@tensorflow/tfjs-core';
import { defineNode } from '../registry/defineNode';
import { choice, int } from '../registry/params';
import { port, formatShape } from '../registry/ports';
import { fail, float } from '../shapes/dims';

/**
 * Embedding lookup as a one-hot product: tf.gather has no gradient on the wasm
 * backend (its UnsortedSegmentSum kernel is missing), and for the toy
 * vocabularies here the product costs little.
 */
export function embed(ids: tf.Tensor, table: tf.Tensor): tf.Tensor {
  const [V, D] = table.shape as [number, number];
  const onehot = tf.oneHot(tf.reshape(tf.cast(ids, 'int32'), [-1]), V);
  return tf.reshape(tf.matMul(onehot, table as tf.Tensor2D), [...ids.shape, D]);
}

export const Embedding = defineNode({
  type: 'Embedding',
  label: 'Embedding',
  category: 'layers',
  version: 1,
  doc: "Turns token ids into learned vectors: row i of a [V, dim] table for token i. The vocabulary size V comes from the dataset.",
  inputs: { in: port('tokens', ['B', 'T']) },
  outputs: { out: port('data', ['B', 'T', 'dim']) },
  params: { dim: int({ default: 32, min: 1, max: 2048, doc: 'Length of each token vector (the model width D).' }) },
  keyParams: ['dim'],
  infer: ({ in: x }, p, ctx) => {
    if (!x) return { out: float(['B', p.dim]) };
    if (x.dtype !== 'int32') return fail(`Embedding expects token ids; it gets float features ${formatShape(x.shape)} (use Dense for those)`, 'in');
    if (!ctx.dataset.vocab) return fail(`the dataset "${ctx.dataset.name}" has no token vocabulary`, 'in');
    return { out: float([...x.shape, p.dim]) };
  },
  build: ({ params, v, dataset }) => ({ table: v.make('table', [dataset.vocab ?? 1, params.dim], { kind: 'normal', std: 0.02 }) }),
  apply: ({ in: ids }, w) => ({ out: embed(ids, w.table!) }),
  torch: {
    source: () => import('./embedding.py?raw'),
    className: 'Embedding',
    args: ({ params, dataset }) => ({ vocab: dataset.vocab ?? 1, dim: params.dim }),
  },
  onnx: { write: ({ inputs, w, g }) => ({ out: g.op('Gather', [w.table!, inputs.in], { axis: { i: 0 } }) }) },
});

/** Fixed sinusoidal table [T, D] (Vaswani et al.). */
export function sinusoidTable(T: number, D: number): tf.Tensor2D {
  return tf.tensor2d(sinusoidValues(T, D), [T, D]);
}

/** The values of `sinusoidTable`, row-major. */
export function sinusoidValues(T: number, D: number): Float32Array {
  const v = new Float32Array(T * D);
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < D; i++) {
      const rate = Math.pow(10000, -(2 * Math.floor(i / 2)) / D);
      v[t * D + i] = i % 2 === 0 ? Math.sin(t * rate) : Math.cos(t * rate);
    }
  }
  return v;
}

export const PositionalEmbedding = defineNode({
  type: 'PositionalEmbedding',
  label: 'Positional embedding',
  category: 'layers',
  version: 1,
  doc: 'Adds a vector per position to token vectors [B, T, D], so attention can tell order apart. Learned: a trained [T, D] table. Sinusoidal: fixed waves of many frequencies.',
  inputs: { in: port('data', ['B', 'T', 'D']) },
  outputs: { out: port('data', ['B', 'T', 'D']) },
  params: { mode: choice({ default: 'learned', options: ['learned', 'sinusoidal'], doc: 'A trained table, or fixed sines and cosines.' }) },
  keyParams: ['mode'],
  infer: ({ in: x }) => {
    if (!x) return { out: float(['B', 1, 1]) };
    if (x.shape.length !== 3) return fail(`PositionalEmbedding expects [B, T, D]; it gets ${formatShape(x.shape)}`, 'in');
    return { out: x };
  },
  build: ({ params, inputs, v }) => {
    const [, T, D] = inputs.in!.shape as [string, number, number];
    return params.mode === 'learned' ? { table: v.make('table', [T, D], { kind: 'normal', std: 0.02 }) } : {};
  },
  apply: ({ in: x }, w) => {
    const [, T, D] = x.shape as [number, number, number];
    const table = w.table ?? sinusoidTable(T, D);
    return { out: tf.add(x, table) };
  },
  torch: {
    source: () => import('./embedding.py?raw'),
    className: 'PositionalEmbedding',
    args: ({ params, inputs }) => {
      const s = inputs.in!.shape;
      return { length: s[1] as number, dim: s[2] as number, mode: params.mode };
    },
  },
  onnx: {
    write: ({ inputs, w, shapes, g }) => {
      const [, T, D] = shapes.inputs.in!.shape as [string, number, number];
      return { out: g.op('Add', [inputs.in, w.table ?? g.constant(sinusoidValues(T, D), [T, D])]) };
    },
  },
});
