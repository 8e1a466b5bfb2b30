/**
 * A deep stack of width-preserving ReLU layers in one node, as in the ReZero
 * deep-network notebook (tbachlechner/ReZero-examples,
 * ReZero-Deep_Fast_NeuralNetwork.ipynb): 64 separate blocks would be unwieldy
 * on a canvas, and the point is depth itself.
 *   rezero:   h ← h + α_i · relu(W_i h + b_i),  α_i = 0 at the start
 *   residual: h ← h + relu(W_i h + b_i)
 *   none:     h ← relu(W_i h + b_i)           (the "vanilla" deep net)
 */
import * as tf from '@tensorflow/tfjs-core';
import { defineNode } from '../../registry/defineNode';
import { choice, int, num } from '../../registry/params';
import { port, formatShape } from '../../registry/ports';
import { fail, lastDim, perExample } from '../../shapes/dims';
import { linear } from '../../compile/ops';
import { gatedResidual } from './gate-mul';
import { REZERO_CITE } from './rezero';
import { lastOf } from '../../registry/torch';
import { denseOps } from '../plain-dense';
import * as onnx from '../../serialize/onnx/ops';

export const RESIDUAL_KINDS = ['rezero', 'residual', 'none'] as const;

/** Xavier-normal std for a square [D, D] kernel: gain · sqrt(2 / (fanIn + fanOut)). */
export function xavierStd(gain: number, D: number): number {
  return gain * Math.sqrt(2 / (D + D));
}

/** Per the notebook: gain √2 for ReZero and the vanilla net, gain √0.25 = 0.5 for the plain residual net (Balduzzi et al.'s advice). */
export function notebookGain(kind: (typeof RESIDUAL_KINDS)[number]): number {
  return kind === 'residual' ? Math.sqrt(0.25) : Math.SQRT2;
}

/** The depth layers of a [depth, …] weight. tf.unstack of a size-1 axis breaks its own gradient (tfjs hands stack one tensor, not a list), so one layer is a squeeze. */
function layers(w: tf.Tensor): tf.Tensor[] {
  return w.shape[0] === 1 ? [tf.squeeze(w, [0])] : tf.unstack(w);
}

function rms(x: tf.Tensor): tf.Tensor {
  return tf.sqrt(tf.add(tf.mean(tf.square(x)), 1e-12));
}

export const ResidualStack = defineNode({
  type: 'ResidualStack',
  label: 'Residual stack',
  category: 'blocks',
  version: 1,
  doc:
    'Many ReLU layers of the same width in one node, to study depth. Each layer computes relu(W h + b) and, depending on ' +
    '"residual", either replaces h with it (none: a plain "vanilla" deep net), adds it to h (residual), or adds it scaled by ' +
    'a learned α_i that starts at 0 (rezero). At 64 layers the vanilla net starts with a scrambled signal and learns slowly, ' +
    'the plain residual net multiplies its signal at every layer until the first loss is enormous, and the ReZero stack ' +
    'starts as the identity map and trains fast. The width is the width of the input: put a Dense before it to set it. ' +
    'Weights start Xavier-normal with gain √2 (gain 0.5 for the plain residual variant), as in the ReZero notebook; biases start at 0.',
  cite: REZERO_CITE,
  inputs: { in: port('data', ['B', '*', 'D']) },
  outputs: { out: port('data', ['B', '*', 'D']) },
  params: {
    depth: int({ default: 64, min: 1, max: 256, doc: 'Number of layers in the stack.' }),
    residual: choice({ default: 'rezero', options: RESIDUAL_KINDS, doc: 'rezero: h + α·relu(Wh+b) with α from 0; residual: h + relu(Wh+b); none: relu(Wh+b) alone (vanilla).' }),
    alphaInit: num({ default: 0, min: -1, max: 1, step: 0.01, doc: 'Starting α of every layer in the rezero variant (the paper: 0).' }),
  },
  keyParams: ['depth', 'residual'],
  infer: ({ in: x }) => {
    if (!x) return { out: { shape: ['B', 1], dtype: 'float32' } };
    if (x.dtype !== 'float32' || x.shape.length < 2) return fail(`ResidualStack expects float features [B, …, D]; it gets ${formatShape(x.shape)}`, 'in');
    return { out: x };
  },
  build: ({ params: p, inputs, v }) => {
    const D = lastDim(inputs.in!) as number;
    const vars: Record<string, tf.Variable> = {
      kernels: v.make('kernels', [p.depth, D, D], { kind: 'normal', std: xavierStd(notebookGain(p.residual), D) }),
      biases: v.make('biases', [p.depth, D], { kind: 'zeros' }),
    };
    if (p.residual === 'rezero') vars.alpha = v.make('alpha', [p.depth], { kind: 'constant', value: p.alphaInit });
    return vars;
  },
  onnx: {
    write: ({ inputs, w, params: p, g }) => {
      let h = inputs.in;
      for (let i = 0; i < p.depth; i++) {
        const branch = g.op('Relu', [onnx.linear(g, h, onnx.entry(g, w.kernels!, i), onnx.entry(g, w.biases!, i))]);
        h = p.residual === 'none' ? branch : p.residual === 'residual' ? g.op('Add', [h, branch]) : g.op('Add', [h, g.op('Mul', [onnx.entry(g, w.alpha!, i), branch])]);
      }
      return { out: h };
    },
  },
  apply: ({ in: x }, w, { params: p, probe }) => {
    const kernels = layers(w.kernels!);                      // depth × (D, D)
    const biases = layers(w.biases!);                        // depth × (D)
    const alphas = w.alpha ? layers(w.alpha) : [];
    let h = x;                                               // (B, …, D)
    for (let i = 0; i < p.depth; i++) {
      const branch = tf.relu(linear(h, kernels[i]!, biases[i]));
      h = p.residual === 'none' ? branch : p.residual === 'residual' ? tf.add(h, branch) : gatedResidual(h, alphas[i]!, branch);
    }
    if (w.alpha) probe.record('alpha', w.alpha);
    if (probe.enabled) probe.record('outputScale', tf.div(rms(h), rms(x)));
    return { out: h };
  },
  torch: {
    source: () => import('./residual-stack.py?raw'),
    className: 'ResidualStack',
    args: ({ params, inputs }) => ({ dim: lastOf(inputs.in), depth: params.depth, residual: params.residual, alpha_init: params.alphaInit }),
  },
  plain: ({ params: p, outputs }) => {
    const D = outputs.out;
    const dense = denseOps(D, D, true);
    // h[i] enters layer i (h[0] is the input, h[depth] the output); r[i] = relu(W_i h[i] + b_i).
    let h: Float32Array[] = [], r: Float32Array[] = [], dh = new Float32Array(0), dz = dh;
    const sized = (x: Float32Array, y: Float32Array, B: number) => {
      if (dz.length !== B * D) {
        r = Array.from({ length: p.depth }, () => new Float32Array(B * D));
        h = Array.from({ length: p.depth + 1 }, () => new Float32Array(B * D));
        dh = new Float32Array(B * D);
        dz = new Float32Array(B * D);
      }
      h[0] = x;
      h[p.depth] = y;
    };
    return {
      forward: ({ in: x }, w, { out }, B) => {
        sized(x, out, B);
        const N = B * D;
        for (let i = 0; i < p.depth; i++) {
          const ri = r[i]!, hi = h[i]!, next = h[i + 1]!;
          dense.forward(hi, w.kernels!, w.biases, ri, B, i * D * D, i * D);
          for (let j = 0; j < N; j++) if (ri[j]! < 0) ri[j] = 0;
          if (p.residual === 'none') next.set(ri);
          else {
            const a = p.residual === 'rezero' ? w.alpha![i]! : 1;
            for (let j = 0; j < N; j++) next[j] = hi[j]! + a * ri[j]!;
          }
        }
      },
      backward: (_x, w, _y, { out: dy }, dx, dw, B) => {
        const N = B * D;
        dh.set(dy.subarray(0, N));
        for (let i = p.depth - 1; i >= 0; i--) {
          const ri = r[i]!;
          const a = p.residual === 'rezero' ? w.alpha![i]! : 1;
          let da = 0;
          for (let j = 0; j < N; j++) {
            da += dh[j]! * ri[j]!;
            dz[j] = ri[j]! > 0 ? a * dh[j]! : 0;
          }
          if (p.residual === 'rezero') dw.alpha![i]! += da;
          if (p.residual === 'none') dh.fill(0);
          // dh, the gradient into h[i], is the identity path plus the branch's.
          dense.backward(h[i]!, w.kernels!, dz, dw.kernels!, dw.biases, dh, B, i * D * D, i * D);
        }
        if (dx.in) for (let j = 0; j < N; j++) dx.in[j]! += dh[j]!;
      },
    };
  },
  flops: ({ in: x }, p) => {
    const D = x ? (lastDim(x) as number) : 0;
    return p.depth * (perExample(x) / Math.max(D, 1)) * (2 * D * D + 4 * D);
  },
  headline: 'alpha',
  stats: {
    alpha: { kind: 'scalar', label: 'Residual weights α', perItem: 'Layer', doc: 'The learned residual weights α_i of each layer (rezero only), and their mean.' },
    outputScale: { kind: 'scalar', label: 'Output scale', doc: 'Root-mean-square of the output over that of the input: 1 for an identity map, huge when the signal explodes with depth.' },
  },
});
