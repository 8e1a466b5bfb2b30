import * as tf from '@tensorflow/tfjs-core';
import { defineNode, type InferFailure } from '../registry/defineNode';
import { int } from '../registry/params';
import { port, formatShape, type TensorInfo } from '../registry/ports';
import { broadcastShapes, fail, perExample } from '../shapes/dims';
import type { PlainKernel, PlainSetup } from '../registry/plain';

/** Plain kernels of a and b of one width only: a broadcast goes to tfjs. */
function sameWidths(s: Pick<PlainSetup<{}, 'a' | 'b', 'out'>, 'inputs' | 'outputs'>, kernel: (n: (B: number) => number) => PlainKernel<'a' | 'b', 'out'>): PlainKernel<'a' | 'b', 'out'> | { reason: string } {
  if (s.inputs.a !== s.outputs.out || s.inputs.b !== s.outputs.out) return { reason: 'a broadcast' };
  return kernel((B) => B * s.outputs.out);
}
import { ONNX_TYPE } from '../serialize/onnx/graph';

function broadcastBoth(op: string, a?: TensorInfo, b?: TensorInfo): { out: TensorInfo } | InferFailure {
  if (!a || !b) return { out: a ?? b ?? { shape: ['B'], dtype: 'float32' } };
  const shape = broadcastShapes(a.shape, b.shape);
  if (!shape) return fail(`${op} needs inputs of the same shape; a is ${formatShape(a.shape)}, b is ${formatShape(b.shape)}`, 'b');
  return { out: { shape, dtype: 'float32' } };
}

export const Add = defineNode({
  type: 'Add',
  label: 'Add',
  category: 'merge',
  version: 1,
  doc: 'a + b, elementwise: the residual connection. Shapes must match (a size-1 axis broadcasts).',
  inputs: { a: port('residual', ['B', '*']), b: port('branch', ['B', '*']) },
  outputs: { out: port('residual', ['B', '*']) },
  params: {},
  infer: ({ a, b }) => broadcastBoth('Add', a, b),
  apply: ({ a, b }) => ({ out: tf.add(a, b) }),
  torch: {
    source: () => import('./merge.py?raw'),
    className: 'Add',
    args: () => ({}),
  },
  plain: (s) => sameWidths(s, (n) => ({
    forward: ({ a, b }, _w, { out }, B) => { for (let i = 0, N = n(B); i < N; i++) out[i] = a[i]! + b[i]!; },
    backward: (_x, _w, _y, { out }, dx, _dw, B) => {
      for (const d of [dx.a, dx.b]) if (d) for (let i = 0, N = n(B); i < N; i++) d[i]! += out[i]!;
    },
  })),
  onnx: { write: ({ inputs, g }) => ({ out: g.op('Add', [inputs.a, inputs.b]) }) },
  flops: ({ a }) => perExample(a),
});

export const Multiply = defineNode({
  type: 'Multiply',
  label: 'Multiply',
  category: 'merge',
  version: 1,
  doc: 'a ⊙ b, elementwise: the simplest gate, when one input is squashed into [0, 1] (a sigmoid) and scales the other.',
  inputs: { a: port('data', ['B', '*']), b: port('gate', ['B', '*']) },
  outputs: { out: port('data', ['B', '*']) },
  params: {},
  infer: ({ a, b }) => broadcastBoth('Multiply', a, b),
  apply: ({ a, b }, _w, { probe }) => {
    probe.record('gate', b);
    return { out: tf.mul(a, b) };
  },
  torch: {
    source: () => import('./merge.py?raw'),
    className: 'Multiply',
    args: () => ({}),
  },
  plain: (s) => sameWidths(s, (n) => ({
    forward: ({ a, b }, _w, { out }, B) => { for (let i = 0, N = n(B); i < N; i++) out[i] = a[i]! * b[i]!; },
    backward: ({ a, b }, _w, _y, { out }, dx, _dw, B) => {
      const N = n(B);
      if (dx.a) for (let i = 0; i < N; i++) dx.a[i]! += out[i]! * b[i]!;
      if (dx.b) for (let i = 0; i < N; i++) dx.b[i]! += out[i]! * a[i]!;
    },
  })),
  onnx: { write: ({ inputs, g }) => ({ out: g.op('Mul', [inputs.a, inputs.b]) }) },
  flops: ({ a }) => perExample(a),
  stats: { gate: { kind: 'gate', label: 'Gate input', doc: 'Values arriving at the gate input b (after a sigmoid they lie in [0, 1]).' } },
});

export const Concat = defineNode({
  type: 'Concat',
  label: 'Concat',
  category: 'merge',
  version: 1,
  doc: 'Joins a and b along one axis (the last by default); all other axes must match.',
  inputs: { a: port('data', ['B', '*']), b: port('data', ['B', '*']) },
  outputs: { out: port('data', ['B', '*']) },
  params: { axis: int({ default: -1, min: -8, max: 8, doc: 'Axis to join along; -1 is the last. Axis 0 (the batch) is not allowed.' }) },
  keyParams: ['axis'],
  infer: ({ a, b }, p) => {
    if (!a || !b) return { out: a ?? b ?? { shape: ['B'], dtype: 'float32' } };
    if (a.shape.length !== b.shape.length) return fail(`Concat needs inputs of the same rank; a is ${formatShape(a.shape)}, b is ${formatShape(b.shape)}`, 'b');
    const ax = p.axis < 0 ? a.shape.length + p.axis : p.axis;
    if (ax <= 0 || ax >= a.shape.length) return fail(`axis ${p.axis} is not a non-batch axis of ${formatShape(a.shape)}`);
    const out = [...a.shape];
    for (let i = 0; i < out.length; i++) {
      if (i !== ax && a.shape[i] !== b.shape[i]) return fail(`Concat on axis ${p.axis} needs the other axes equal; a is ${formatShape(a.shape)}, b is ${formatShape(b.shape)}`, 'b');
    }
    out[ax] = (a.shape[ax] as number) + (b.shape[ax] as number);
    return { out: { shape: out, dtype: a.dtype === b.dtype ? a.dtype : 'float32' } };
  },
  apply: ({ a, b }, _w, { params }) => {
    const [x, y] = a.dtype === b.dtype ? [a, b] : [tf.cast(a, 'float32'), tf.cast(b, 'float32')];
    return { out: tf.concat([x, y], params.axis < 0 ? a.rank + params.axis : params.axis) };
  },
  torch: {
    source: () => import('./merge.py?raw'),
    className: 'Concat',
    args: ({ params }) => ({ axis: params.axis }),
  },
  // On [B, width] the only axis Concat may join is the last.
  plain: ({ inputs }) => {
    const A = inputs.a!, Bw = inputs.b!, W = A + Bw;
    return {
      forward: ({ a, b }, _w, { out }, B) => {
        for (let r = 0; r < B; r++) { out.set(a.subarray(r * A, (r + 1) * A), r * W); out.set(b.subarray(r * Bw, (r + 1) * Bw), r * W + A); }
      },
      backward: (_x, _w, _y, { out }, dx, _dw, B) => {
        for (let r = 0; r < B; r++) {
          if (dx.a) for (let i = 0; i < A; i++) dx.a[r * A + i]! += out[r * W + i]!;
          if (dx.b) for (let i = 0; i < Bw; i++) dx.b[r * Bw + i]! += out[r * W + A + i]!;
        }
      },
    };
  },
  onnx: {
    write: ({ inputs, shapes, params, g }) => {
      const mixed = shapes.inputs.a!.dtype !== shapes.inputs.b!.dtype;
      const [x, y] = mixed ? [inputs.a, inputs.b].map((v) => g.op('Cast', [v], { to: { i: ONNX_TYPE.float32 } })) : [inputs.a, inputs.b];
      return { out: g.op('Concat', [x!, y!], { axis: { i: params.axis } }) };
    },
  },
});
