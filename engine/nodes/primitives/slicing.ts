/**
 * Pieces of the last axis: Split into two halves (the u and v of a gated
 * linear unit), Slice for any run of channels (one expert's weight).
 */
import * as tf from '@tensorflow/tfjs-core';
import { defineNode } from '../../registry/defineNode';
import { int } from '../../registry/params';
import { port, formatShape } from '../../registry/ports';
import { fail, float, lastDim, withLast } from '../../shapes/dims';
import type { PlainKernel } from '../../registry/plain';

/** Plain kernel copying `size` channels from `start` of each row of width D into `out`, and the gradient back. */
function copyColumns(D: number, parts: Record<string, [start: number, size: number]>): PlainKernel<'in', string> {
  return {
    forward: ({ in: x }, _w, y, B) => {
      for (const [name, [start, size]] of Object.entries(parts)) for (let r = 0; r < B; r++) for (let c = 0; c < size; c++) y[name]![r * size + c] = x[r * D + start + c]!;
    },
    backward: (_x, _w, _y, dy, dx, _dw, B) => {
      if (!dx.in) return;
      for (const [name, [start, size]] of Object.entries(parts)) for (let r = 0; r < B; r++) for (let c = 0; c < size; c++) dx.in[r * D + start + c]! += dy[name]![r * size + c]!;
    },
  };
}

export const Split = defineNode({
  type: 'Split',
  label: 'Split in halves',
  category: 'primitives/shape',
  version: 1,
  doc:
    'Cuts the last axis into two equal halves: first gets channels 0 … K−1, second K … 2K−1. A gated linear unit is a ' +
    'Dense of width 2K, Split, an activation on one half, and Multiply.',
  inputs: { in: port('data', ['B', '*', '2K']) },
  outputs: { first: port('data', ['B', '*', 'K']), second: port('data', ['B', '*', 'K']) },
  params: {},
  infer: ({ in: x }) => {
    if (!x) return { first: float(['B', 1]), second: float(['B', 1]) };
    const d = lastDim(x);
    if (x.dtype !== 'float32') return fail('Split expects float values; it gets token ids (put an Embedding first)', 'in');
    if (typeof d !== 'number' || d % 2 !== 0) return fail(`Split cuts the last axis into two halves, so it must be even; it gets ${formatShape(x.shape)}`, 'in');
    return { first: withLast(x, d / 2), second: withLast(x, d / 2) };
  },
  apply: ({ in: x }) => {
    const [first, second] = tf.split(x, 2, -1) as [tf.Tensor, tf.Tensor];
    return { first, second };
  },
  torch: {
    source: () => import('./slicing.py?raw'),
    className: 'Split',
    args: () => ({}),
  },
  plain: ({ inputs }) => copyColumns(inputs.in!, { first: [0, inputs.in! / 2], second: [inputs.in! / 2, inputs.in! / 2] }),
  onnx: {
    write: ({ inputs, g }) => {
      const [first, second] = g.ops('Split', [inputs.in], { axis: { i: -1 } }, 2) as [string, string];
      return { first, second };
    },
  },
  flops: () => 0,
});

export const Slice = defineNode({
  type: 'Slice',
  label: 'Slice',
  category: 'primitives/shape',
  version: 1,
  doc: 'Keeps `size` channels of the last axis from `start` on (0 is the first): Slice start 1, size 1 of router weights [B, E] is expert 1’s weight, [B, 1], which broadcasts over that expert’s output.',
  inputs: { in: port('data', ['B', '*', 'D']) },
  outputs: { out: port('data', ['B', '*', 'size']) },
  params: {
    start: int({ default: 0, min: 0, max: 4095, doc: 'First channel kept (0 is the first).' }),
    size: int({ default: 1, min: 1, max: 4096, doc: 'How many channels are kept.' }),
  },
  keyParams: ['start', 'size'],
  infer: ({ in: x }, p) => {
    if (!x) return { out: float(['B', p.size]) };
    const d = lastDim(x);
    if (typeof d !== 'number' || p.start + p.size > d) return fail(`Slice keeps channels ${p.start} … ${p.start + p.size - 1}, but the last axis of ${formatShape(x.shape)} has ${String(d)}`, 'in');
    return { out: withLast(x, p.size) };
  },
  apply: ({ in: x }, _w, { params: p }) => {
    const begin = x.shape.map((_, i) => (i === x.rank - 1 ? p.start : 0));
    const size = x.shape.map((d, i) => (i === x.rank - 1 ? p.size : d));
    return { out: tf.slice(x, begin, size) };
  },
  torch: {
    source: () => import('./slicing.py?raw'),
    className: 'Slice',
    args: ({ params: p }) => ({ start: p.start, size: p.size }),
  },
  plain: ({ params: p, inputs }) => copyColumns(inputs.in!, { out: [p.start, p.size] }),
  onnx: { write: ({ inputs, params: p, g }) => ({ out: g.op('Slice', [inputs.in, g.int64s([p.start]), g.int64s([p.start + p.size]), g.int64s([-1])]) }) },
  flops: () => 0,
});
