/**
 * Learned numbers as nodes: a Parameter on its own (wire it into Multiply or
 * Add), and Scale, which multiplies its input by one. With the starting value
 * a param, ReZero's α = 0 is a Scale with init 0.
 */
import * as tf from '@tensorflow/tfjs-core';
import { defineNode } from '../../registry/defineNode';
import { bool, int, num } from '../../registry/params';
import { port } from '../../registry/ports';
import { fail, float, lastDim, perExample } from '../../shapes/dims';
import { lastOf } from '../../registry/torch';
import { alphaOf } from '../plain-math';

export const Parameter = defineNode({
  type: 'Parameter',
  label: 'Parameter',
  category: 'primitives/params',
  version: 1,
  doc:
    'A learned vector with no input: `size` numbers that start at `init` and are trained like any weight. Its output has no ' +
    'batch axis ([size]), so it broadcasts: feed it to Multiply to scale a [B, …, size] tensor channel by channel (size 1 ' +
    'scales everything by one number), or to Add for a learned offset.',
  inputs: {},
  outputs: { out: port('data', ['D'], { doc: 'The learned values, [size].' }) },
  params: {
    size: int({ default: 1, min: 1, max: 4096, doc: 'How many numbers: 1 for a single scalar, the width of the tensor it meets for one per channel.' }),
    init: num({ default: 0, min: -10, max: 10, step: 0.01, doc: 'Starting value of every entry.' }),
  },
  keyParams: ['size', 'init'],
  infer: (_in, p) => ({ out: float([p.size]) }),
  build: ({ params: p, v }) => ({ value: v.make('value', [p.size], { kind: 'constant', value: p.init }) }),
  apply: (_in, w, { probe }) => {
    probe.record('value', w.value!);
    return { out: w.value! };
  },
  torch: {
    source: () => import('./parameter.py?raw'),
    className: 'Parameter',
    args: ({ params: p }) => ({ size: p.size, init: p.init }),
  },
  onnx: { write: ({ w, g }) => ({ out: g.op('Identity', [w.value!]) }) },
  flops: () => 0,
  stats: { value: { kind: 'scalar', label: 'Value', doc: 'The learned value (the mean of its entries when there are several).' } },
});

export const Scale = defineNode({
  type: 'Scale',
  label: 'Scale',
  category: 'primitives/params',
  version: 1,
  doc:
    'out = s · x: multiplies its input by a number s, one for the whole tensor or one per channel of the last axis. s starts ' +
    'at `init` and is learned unless `learn` is off, when it is a fixed factor. ReZero is x + Scale(f(x)) with init 0; ' +
    'a fixed Scale of 0.5 halves a signal before an activation.',
  inputs: { in: port('data', ['B', '*', 'D']) },
  outputs: { out: port('data', ['B', '*', 'D']) },
  params: {
    init: num({ default: 1, min: -10, max: 10, step: 0.01, doc: 'Starting value of s (0 for a branch that starts switched off, as in ReZero).' }),
    learn: bool({ default: true, doc: 'Train s; off keeps it at init, a fixed factor.' }),
    perChannel: bool({ default: false, doc: 'One s per channel of the last axis instead of one for everything.' }),
  },
  keyParams: ['init', 'learn'],
  infer: ({ in: x }) => {
    if (!x) return { out: float(['B', 1]) };
    if (x.dtype !== 'float32') return fail('Scale expects float values; it gets token ids (put an Embedding first)', 'in');
    return { out: x };
  },
  build: ({ params: p, inputs, v }) => {
    if (!p.learn) return {};
    return { scale: p.perChannel ? v.make('scale', [lastDim(inputs.in!) as number], { kind: 'constant', value: p.init }) : v.scalar('scale', p.init) };
  },
  apply: ({ in: x }, w, { params: p, probe }) => {
    const s = w.scale ?? tf.scalar(p.init);
    probe.record('scale', s);
    return { out: tf.mul(x, s) };
  },
  torch: {
    source: () => import('./parameter.py?raw'),
    className: 'Scale',
    args: ({ params: p, inputs }) => ({ init: p.init, learn: p.learn, channels: p.perChannel ? lastOf(inputs.in) : 0 }),
  },
  // out = s · x: dout/dx = s, dout/ds = x (summed over the rows, and over the channels for one s).
  plain: ({ params: p, outputs }) => {
    const D = outputs.out;
    return {
      forward: ({ in: x }, w, { out }, B) => {
        const s = alphaOf(w.scale, p.init);
        for (let r = 0; r < B; r++) for (let c = 0; c < D; c++) out[r * D + c] = x[r * D + c]! * s(c);
      },
      backward: ({ in: x }, w, _y, { out: dy }, dx, dw, B) => {
        const s = alphaOf(w.scale, p.init), perChannel = (dw.scale?.length ?? 0) > 1;
        for (let r = 0; r < B; r++) for (let c = 0; c < D; c++) {
          const i = r * D + c, g = dy[i]!;
          if (dx.in) dx.in[i]! += g * s(c);
          if (dw.scale) dw.scale[perChannel ? c : 0]! += g * x[i]!;
        }
      },
    };
  },
  onnx: { write: ({ inputs, w, params: p, g }) => ({ out: g.op('Mul', [inputs.in, w.scale ?? g.scalar(p.init)]) }) },
  flops: ({ in: x }) => perExample(x),
  stats: { scale: { kind: 'scalar', label: 'Scale s', doc: 'The factor s (the mean over channels when there is one per channel): 0 closes the path, 1 leaves it as it is.' } },
});
