/** The mean of the tokens a keep mask marks as in use: the image summary after a masked token set (MSViT). */
import * as tf from '@tensorflow/tfjs-core';
import { defineNode } from '../../registry/defineNode';
import { port, formatShape } from '../../registry/ports';
import { fail, sameShape } from '../../shapes/dims';

export const MaskedMeanPool = defineNode({
  type: 'MaskedMeanPool',
  label: 'Mean pool (masked tokens)',
  category: 'layers',
  version: 1,
  doc: 'Averages the tokens the keep mask marks as in use into one vector per example: the image summary a classifier head reads.',
  inputs: {
    tokens: port('data', ['B', 'N', 'D'], { doc: 'Tokens.' }),
    keep: port('gate', ['B', 'N'], { doc: '1 for tokens in use.' }),
  },
  outputs: { out: port('data', ['B', 'D']) },
  params: {},
  infer: ({ tokens: x, keep }) => {
    if (!x) return { out: { shape: ['B', 1], dtype: 'float32' } };
    if (x.shape.length !== 3) return fail(`MaskedMeanPool expects tokens [B, N, D]; it gets ${formatShape(x.shape)}`, 'tokens');
    if (keep && !sameShape(keep.shape, x.shape.slice(0, 2))) return fail(`keep needs one 0/1 per token, ${formatShape(x.shape.slice(0, 2))}; it gets ${formatShape(keep.shape)}`, 'keep');
    return { out: { shape: ['B', x.shape[2]!], dtype: 'float32' } };
  },
  apply: ({ tokens: x, keep }) => {
    const k = tf.expandDims(keep, 2);
    return { out: tf.div(tf.sum(tf.mul(x, k), 1), tf.maximum(tf.sum(k, 1), 1e-6)) };
  },
  torch: {
    source: () => import('./masked-mean-pool.py?raw'),
    className: 'MaskedMeanPool',
    args: () => ({}),
  },
  onnx: {
    write: ({ inputs: { tokens, keep }, g }) => {
      const k = g.op('Unsqueeze', [keep, g.int64s([2])]);
      const total = (v: string) => g.op('ReduceSum', [v, g.int64s([1])], { keepdims: { i: 0 } });
      return { out: g.op('Div', [total(g.op('Mul', [tokens, k])), g.op('Max', [total(k), g.scalar(1e-6)])]) };
    },
  },
  flops: ({ tokens: x }) => (x ? 2 * (x.shape[1] as number) * (x.shape[2] as number) : 0),
});
