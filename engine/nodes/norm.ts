import * as tf from '@tensorflow/tfjs-core';
import { defineNode } from '../registry/defineNode';
import { num } from '../registry/params';
import { port } from '../registry/ports';
import { lastDim, perExample } from '../shapes/dims';
import { lastOf } from '../registry/torch';
import * as onnx from '../serialize/onnx/ops';

const eps = num({ default: 1e-5, min: 1e-12, max: 1, doc: 'Added to the variance so a flat input does not divide by zero.' });

/** RMSNorm over the last axis: x / sqrt(mean(x²) + eps) · g. */
export function rmsNorm(x: tf.Tensor, gain: tf.Tensor | undefined, epsilon: number): tf.Tensor {
  const ms = tf.mean(tf.square(x), -1, true);
  const y = tf.mul(x, tf.rsqrt(tf.add(ms, epsilon)));
  return gain ? tf.mul(y, gain) : y;
}

/** LayerNorm over the last axis: (x − mean) / sqrt(var + eps) · g + b. */
export function layerNorm(x: tf.Tensor, gain: tf.Tensor | undefined, bias: tf.Tensor | undefined, epsilon: number): tf.Tensor {
  const { mean, variance } = tf.moments(x, -1, true);
  let y = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, epsilon)));
  if (gain) y = tf.mul(y, gain);
  return bias ? tf.add(y, bias) : y;
}

export const LayerNorm = defineNode({
  type: 'LayerNorm',
  label: 'LayerNorm',
  category: 'layers/norm',
  version: 1,
  doc: 'Normalises each position over its last axis to zero mean and unit variance, then applies a learned gain and bias. Keeps deep stacks in a trainable range.',
  cite: 'Ba, Kiros & Hinton, 2016, "Layer Normalization"',
  inputs: { in: port('data', ['B', '*', 'D']) },
  outputs: { out: port('data', ['B', '*', 'D']) },
  params: { eps },
  infer: ({ in: x }) => ({ out: x ?? { shape: ['B'], dtype: 'float32' } }),
  build: ({ inputs, v }) => {
    const d = lastDim(inputs.in!) as number;
    return { gain: v.make('gain', [d], { kind: 'ones' }), bias: v.make('bias', [d], { kind: 'zeros' }) };
  },
  apply: ({ in: x }, w, { params }) => ({ out: layerNorm(x, w.gain, w.bias, params.eps) }),
  torch: {
    source: () => import('./norm.py?raw'),
    className: 'LayerNorm',
    helpers: ['norms'],
    args: ({ params, inputs }) => ({ dim: lastOf(inputs.in), eps: params.eps }),
  },
  onnx: { write: ({ inputs, w, params, g }) => ({ out: onnx.layerNorm(g, inputs.in, w.gain, w.bias, params.eps) }) },
  flops: ({ in: x }) => 8 * perExample(x),
});

export const RMSNorm = defineNode({
  type: 'RMSNorm',
  label: 'RMSNorm',
  category: 'layers/norm',
  version: 1,
  doc: 'Scales each position by the root mean square of its last axis, then a learned gain; LayerNorm without the centring, as in LLaMA-style models.',
  cite: 'Zhang & Sennrich, 2019, "Root Mean Square Layer Normalization"',
  inputs: { in: port('data', ['B', '*', 'D']) },
  outputs: { out: port('data', ['B', '*', 'D']) },
  params: { eps },
  infer: ({ in: x }) => ({ out: x ?? { shape: ['B'], dtype: 'float32' } }),
  build: ({ inputs, v }) => ({ gain: v.make('gain', [lastDim(inputs.in!) as number], { kind: 'ones' }) }),
  apply: ({ in: x }, w, { params }) => ({ out: rmsNorm(x, w.gain, params.eps) }),
  torch: {
    source: () => import('./norm.py?raw'),
    className: 'RMSNorm',
    helpers: ['norms'],
    args: ({ params, inputs }) => ({ dim: lastOf(inputs.in), eps: params.eps }),
  },
  onnx: { write: ({ inputs, w, params, g }) => ({ out: onnx.rmsNorm(g, inputs.in, w.gain, params.eps) }) },
  flops: ({ in: x }) => 4 * perExample(x),
});
