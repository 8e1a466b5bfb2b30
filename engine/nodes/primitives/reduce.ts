/**
 * Sum and Mean, over the last axis (a row total, kept as a size-1 axis so it
 * broadcasts back) or over the tokens (every axis but the last: the batch and
 * the positions, as the load-balancing loss averages router choices).
 */
import * as tf from '@tensorflow/tfjs-core';
import { defineNode, type InferFailure } from '../../registry/defineNode';
import { choice } from '../../registry/params';
import { port, formatShape, type TensorInfo } from '../../registry/ports';
import { fail, float, lastDim, perExample, withLast } from '../../shapes/dims';

const OVER = ['last', 'tokens'] as const;
type Over = (typeof OVER)[number];

const overParam = choice({
  default: 'last',
  options: OVER,
  doc: 'last: along the last axis, kept with size 1 ([B, …, D] → [B, …, 1]). tokens: over the batch and every position, one value per channel ([B, …, D] → [D]).',
});

function inferReduce(type: string, x: TensorInfo | undefined, over: Over): { out: TensorInfo } | InferFailure {
  if (!x) return { out: float(['B', 1]) };
  if (x.dtype !== 'float32') return fail(`${type} expects float values; it gets token ids (put an Embedding first)`, 'in');
  if (over === 'last') return { out: withLast(x, 1) };
  if (x.shape.length < 2) return fail(`${type} over the tokens needs a batch axis and a last axis; it gets ${formatShape(x.shape)}`, 'in');
  return { out: float([lastDim(x)]) };
}

/** The axes `over` names, for a tensor of this rank. */
function axesOf(rank: number, over: Over): number[] {
  return over === 'last' ? [rank - 1] : [...Array(rank - 1).keys()];
}

const reduceNode = (type: 'Sum' | 'Mean', doc: string, op: typeof tf.sum) => defineNode({
  type,
  label: type,
  category: 'primitives/reduce',
  version: 1,
  doc,
  inputs: { in: port('data', ['*', 'D'], { doc: 'Any tensor whose last axis is D, with or without a batch axis (a token reduction gives [D]).' }) },
  outputs: { out: port('data', ['*', '1']) },
  params: { over: overParam },
  keyParams: ['over'],
  infer: ({ in: x }, p) => inferReduce(type, x, p.over),
  apply: ({ in: x }, _w, { params: p }) => ({ out: op(x, axesOf(x.rank, p.over), p.over === 'last') }),
  torch: {
    source: () => import('./reduce.py?raw'),
    className: type,
    args: ({ params: p }) => ({ over: p.over }),
  },
  onnx: {
    write: ({ inputs, shapes, params: p, g }) => {
      const axes = axesOf(shapes.inputs.in!.shape.length, p.over);
      const keepdims = { i: p.over === 'last' ? 1 : 0 };
      return { out: type === 'Sum' ? g.op('ReduceSum', [inputs.in, g.int64s(axes)], { keepdims }) : g.op('ReduceMean', [inputs.in], { axes: { ints: axes }, keepdims }) };
    },
  },
  flops: ({ in: x }) => perExample(x),
});

export const Sum = reduceNode('Sum', 'Adds values up: along the last axis (each row’s total) or over the tokens (each channel’s total over the batch and every position).', tf.sum);

export const Mean = reduceNode('Mean', 'Averages values: along the last axis (each row’s mean) or over the tokens (each channel’s mean over the batch and every position, as in the share of tokens each expert gets).', tf.mean);
