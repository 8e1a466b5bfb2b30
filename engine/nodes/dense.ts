import * as tf from '@tensorflow/tfjs-core';
import { defineNode } from '../registry/defineNode';
import { bool, choice, int } from '../registry/params';
import { port } from '../registry/ports';
import { lastDim, perExample, withLast, fail } from '../shapes/dims';
import { linear } from '../compile/ops';
import { lastOf } from '../registry/torch';
import { FUSED_SLOPE, activateBackInto, activateInto } from './plain-math';
import type { FusedActivation } from '../registry/plain';
import { densePlain } from './plain-dense';
import * as onnx from '../serialize/onnx/ops';

export const Dense = defineNode({
  type: 'Dense',
  label: 'Dense',
  category: 'layers',
  version: 1,
  doc: 'A fully connected layer on the last axis: y = x W + b. The workhorse of every network here; W starts Glorot-uniform (as tf.layers does) and b at zero.',
  inputs: { in: port('data', ['B', '*', 'D']) },
  outputs: { out: port('data', ['B', '*', 'units']) },
  params: {
    units: int({ default: 16, min: 1, max: 4096, doc: 'Width of the output (last axis).' }),
    bias: bool({ default: true, doc: 'Add a learned bias.' }),
    init: choice({ default: 'glorot', options: ['glorot', 'he', 'normal', 'zeros'], doc: 'How W starts: Glorot-uniform, He-normal (for ReLU stacks), N(0, 0.02) as in transformers, or zeros.' }),
  },
  keyParams: ['units'],
  infer: ({ in: x }, p) => {
    if (!x) return { out: { shape: ['B', p.units], dtype: 'float32' } };
    if (x.dtype !== 'float32') return fail('Dense expects float features; it gets token ids (put an Embedding first)', 'in');
    return { out: withLast(x, p.units) };
  },
  build: ({ params: p, inputs, v }) => {
    const d = lastDim(inputs.in!) as number;
    const init = p.init === 'he' ? { kind: 'he' as const } : p.init === 'normal' ? { kind: 'normal' as const, std: 0.02 } : p.init === 'zeros' ? { kind: 'zeros' as const } : { kind: 'glorot' as const };
    const vars: Record<string, tf.Variable> = { kernel: v.make('kernel', [d, p.units], init) };
    if (p.bias) vars.bias = v.make('bias', [p.units], { kind: 'zeros' });
    return vars;
  },
  apply: ({ in: x }, w) => ({ out: linear(x, w.kernel!, w.bias) }),
  torch: {
    source: () => import('./dense.py?raw'),
    className: 'Dense',
    args: ({ params, inputs }) => ({ in_features: lastOf(inputs.in), units: params.units, bias: params.bias, init: params.init }),
  },
  plain: densePlain,
  onnx: { write: ({ inputs, w, g }) => ({ out: onnx.linear(g, inputs.in, w.kernel!, w.bias) }) },
  flops: ({ in: x }, p) => 2 * (perExample(x) || 1) * p.units,
});

export const ACTIVATIONS = ['relu', 'gelu', 'silu', 'tanh', 'sigmoid', 'identity'] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

const SQRT_HALF = Math.SQRT1_2;
/** Elementwise activations by name; GELU is the exact erf form. */
export function activate(fn: ActivationName, x: tf.Tensor): tf.Tensor {
  switch (fn) {
    case 'relu': return tf.relu(x);
    case 'gelu': return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, SQRT_HALF))));
    case 'silu': return tf.mul(x, tf.sigmoid(x));
    case 'tanh': return tf.tanh(x);
    case 'sigmoid': return tf.sigmoid(x);
    case 'identity': return x;
  }
}

export const Activation = defineNode({
  type: 'Activation',
  label: 'Activation',
  category: 'layers',
  version: 1,
  doc: 'An elementwise non-linearity. Without one between them, stacked Dense layers collapse into a single linear map.',
  inputs: { in: port('data', ['B', '*']) },
  outputs: { out: port('data', ['B', '*']) },
  params: { fn: choice({ default: 'relu', options: ACTIVATIONS, doc: 'Which function: relu, gelu (erf form), silu, tanh, sigmoid or identity.' }) },
  keyParams: ['fn'],
  unitOutput: (p) => p.fn === 'sigmoid',
  infer: ({ in: x }) => (x ? { out: x } : { out: { shape: ['B'], dtype: 'float32' } }),
  apply: ({ in: x }, _w, { params }) => ({ out: activate(params.fn, x) }),
  torch: {
    source: () => import('./dense.py?raw'),
    className: 'Activation',
    helpers: ['activate'],
    args: ({ params }) => ({ fn: params.fn }),
  },
  plain: ({ params: { fn }, outputs }) => ({
    forward: (x, _w, y, B) => activateInto(fn, x.in, y.out, B * outputs.out),
    backward: (x, _w, y, dy, dx, _dw, B) => { if (dx.in) activateBackInto(fn, x.in, y.out, dy.out, dx.in, B * outputs.out); },
    ...(fn in FUSED_SLOPE ? { activation: fn as FusedActivation } : {}),
  }),
  onnx: { write: ({ inputs, params, g }) => ({ out: onnx.activate(g, params.fn, inputs.in) }) },
  flops: ({ in: x }) => perExample(x),
});

export const ClassifierHead = defineNode({
  type: 'ClassifierHead',
  label: 'Classifier head',
  category: 'layers',
  version: 1,
  doc: "A Dense layer with one output per class of the dataset (per vocabulary entry for next-token tasks), so the width follows the dataset you pick. Feed its scores to Output.",
  inputs: { in: port('data', ['B', '*', 'D']) },
  outputs: { out: port('data', ['B', '*', 'C']) },
  params: { bias: bool({ default: true, doc: 'Add a learned bias.' }) },
  infer: ({ in: x }, _p, ctx) => {
    if (!x) return { out: { shape: ['B', ctx.dataset.classes], dtype: 'float32' } };
    if (x.dtype !== 'float32') return fail('ClassifierHead expects float features; it gets token ids (put an Embedding first)', 'in');
    return { out: withLast(x, ctx.dataset.classes) };
  },
  build: ({ params: p, inputs, v, dataset }) => {
    const vars: Record<string, tf.Variable> = { kernel: v.make('kernel', [lastDim(inputs.in!) as number, dataset.classes], { kind: 'glorot' }) };
    if (p.bias) vars.bias = v.make('bias', [dataset.classes], { kind: 'zeros' });
    return vars;
  },
  apply: ({ in: x }, w) => ({ out: linear(x, w.kernel!, w.bias) }),
  torch: {
    source: () => import('./dense.py?raw'),
    className: 'ClassifierHead',
    args: ({ params, inputs, dataset }) => ({ in_features: lastOf(inputs.in), classes: dataset.classes, bias: params.bias }),
  },
  plain: densePlain,
  onnx: { write: ({ inputs, w, g }) => ({ out: onnx.linear(g, inputs.in, w.kernel!, w.bias) }) },
  flops: ({ in: x }, _p, out) => 2 * (perExample(x) || 1) * (lastDim(out.out!) as number),
});
