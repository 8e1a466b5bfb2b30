/**
 * Highway gate (Srivastava, Greff & Schmidhuber, 2015): a learned, per-channel
 * choice between a layer's transform h(x) and its input x.
 *   t   = σ(x W + b)                 the transform gate, [B, *, D]
 *   out = t ⊙ h(x) + (1 − t) ⊙ x     written x + t ⊙ (h(x) − x)
 * With b negative at the start (the paper suggests −1 to −3) the gate mostly
 * carries x through, so a deep stack starts close to the identity map.
 */
import * as tf from '@tensorflow/tfjs-core';
import { defineNode } from '../../registry/defineNode';
import { choice, num } from '../../registry/params';
import { formatShape, port } from '../../registry/ports';
import { fail, lastDim, perExample, sameShape } from '../../shapes/dims';
import { linear } from '../../compile/ops';
import { lastOf } from '../../registry/torch';
import * as onnx from '../../serialize/onnx/ops';

export const HighwayGate = defineNode({
  type: 'HighwayGate',
  label: 'Highway gate',
  category: 'gates/residual',
  version: 1,
  doc:
    'Lets each channel choose between a layer\'s transform h(x) and its input x: out = t ⊙ h(x) + (1 − t) ⊙ x, ' +
    'where the transform gate t = σ(x W + b) is computed from x itself. A gate near 0 carries x through unchanged, ' +
    'a gate near 1 passes the transform. The bias starts negative, so at first the gates mostly carry and a deep ' +
    'stack of highway layers is close to the identity map; training opens each gate as far as its transform helps. ' +
    'Mode "plain" drops the gate and outputs h(x) alone: the same layers as a plain deep network, the baseline.',
  cite: 'Srivastava, Greff & Schmidhuber, 2015, "Training Very Deep Networks" (arXiv:1507.06228)',
  inputs: {
    x: port('residual', ['B', '*', 'D'], { doc: 'The layer\'s input, carried through where the gate is closed; the gate reads it too.' }),
    hx: port('branch', ['B', '*', 'D'], { doc: 'The transform h(x), for instance a Dense layer and its activation applied to x.' }),
  },
  outputs: { out: port('residual', ['B', '*', 'D']) },
  params: {
    bias: num({ default: -2, min: -10, max: 10, step: 0.5, doc: 'Initial gate bias b; σ(−2) ≈ 0.12, so each layer starts by carrying most of x through.' }),
    mode: choice({ default: 'highway', options: ['highway', 'plain'], doc: 'highway: the gated mix of h(x) and x; plain: h(x) alone, no gate (the baseline).' }),
  },
  keyParams: ['mode'],
  infer: ({ x, hx }) => {
    if (!x || !hx) return { out: x ?? hx ?? { shape: ['B', 1], dtype: 'float32' } };
    if (!sameShape(x.shape, hx.shape)) return fail(`HighwayGate mixes x and h(x), so they need the same shape; x is ${formatShape(x.shape)}, h(x) is ${formatShape(hx.shape)}`, 'hx');
    if (typeof lastDim(x) !== 'number') return fail(`HighwayGate needs a known width on the last axis of x; it gets ${formatShape(x.shape)}`, 'x');
    return { out: x };
  },
  build: ({ params, inputs, v }) => {
    if (params.mode === 'plain') return {};
    const D = lastDim(inputs.x!) as number;
    return { kernel: v.make('kernel', [D, D], { kind: 'glorot' }), bias: v.make('bias', [D], { kind: 'constant', value: params.bias }) };
  },
  onnx: {
    write: ({ inputs: { x, hx }, w, g }) => {
      if (!w.kernel) return { out: hx };
      const t = onnx.sigmoid(g, onnx.linear(g, x, w.kernel, w.bias));
      return { out: g.op('Add', [x, g.op('Mul', [t, g.op('Sub', [hx, x])])]) };
    },
  },
  apply: ({ x, hx }, w, { probe }) => {
    if (!w.kernel) return { out: hx };
    const t = tf.sigmoid(linear(x, w.kernel, w.bias));                   // (B, *, D)
    probe.record('gate', t);
    return { out: tf.add(x, tf.mul(t, tf.sub(hx, x))) };
  },
  torch: {
    source: () => import('./highway.py?raw'),
    className: 'HighwayGate',
    args: ({ params, inputs }) => ({ width: lastOf(inputs.x), bias: params.bias, mode: params.mode }),
  },
  flops: ({ x }, p) => {
    if (p.mode === 'plain') return 0;
    const D = (x ? lastDim(x) : 1) as number;
    return perExample(x) * (2 * D + 5);                                  // x W, then + b, σ and the mix per value
  },
  stats: {
    gate: { kind: 'gate', label: 'Transform gate t', doc: 'The transform gate t per example and channel: 0 carries x through, 1 passes h(x).' },
  },
  headline: 'gate',
  ablation: { label: 'highway gate off', params: { mode: 'plain' } },
});
