import * as tf from '@tensorflow/tfjs-core';
import { defineNode, type InferFailure } from '../registry/defineNode';
import { choice, int } from '../registry/params';
import { port, formatShape, type TensorInfo } from '../registry/ports';
import { fail } from '../shapes/dims';
import { linear, mergeHeads, splitHeads } from '../compile/ops';
import type { VarMaker } from '../registry/defineNode';
import { lastOf } from '../registry/torch';
import * as onnx from '../serialize/onnx/ops';

export const MASKS = ['causal', 'causal-no-self', 'none'] as const;
export type MaskKind = (typeof MASKS)[number];

/**
 * Additive mask [T, T]: 0 where query i may see key j, -1e9 elsewhere.
 * causal-no-self hides the diagonal for i ≥ 1 (query 0 can only see itself),
 * which removes a small model's "attend to yourself" escape hatch.
 */
export function maskBias(T: number, kind: MaskKind): tf.Tensor2D {
  return tf.tensor2d(maskValues(T, kind), [T, T]);
}

/** The values of `maskBias`, row-major. */
export function maskValues(T: number, kind: MaskKind): Float32Array {
  const m = new Float32Array(T * T);
  for (let i = 0; i < T; i++) {
    for (let j = 0; j < T; j++) {
      const ok = kind === 'none' || (kind === 'causal' ? j <= i : j < i || (i === 0 && j === 0));
      m[i * T + j] = ok ? 0 : -1e9;
    }
  }
  return m;
}

/** Keys a query may see under a mask, averaged over queries i ≥ 1: the uniform first-token baseline is its mean reciprocal. */
export function uniformFirstTokenBaseline(T: number, kind: MaskKind): number {
  let s = 0;
  for (let i = 1; i < T; i++) s += 1 / (kind === 'none' ? T : kind === 'causal' ? i + 1 : i);
  return s / (T - 1);
}

export interface AttentionWeights {
  wq: tf.Tensor; wk: tf.Tensor; wv: tf.Tensor; wo: tf.Tensor;
}

export function makeAttentionWeights(v: VarMaker, D: number): Record<keyof AttentionWeights, tf.Variable> {
  const init = { kind: 'glorot' as const };
  return { wq: v.make('wq', [D, D], init), wk: v.make('wk', [D, D], init), wv: v.make('wv', [D, D], init), wo: v.make('wo', [D, D], init) };
}

/**
 * Scaled dot-product attention per head, before the output projection.
 * x [B, T, D] → Y [B, H, T, Dh] and probabilities A [B, H, T, T].
 * `scoreBias` (broadcast to [B, H, T, T]) is the score-mod hook: log-gates on keys, extra masks.
 */
export function attentionHeads(x: tf.Tensor, w: AttentionWeights, heads: number, mask: MaskKind, scoreBias?: tf.Tensor): { Y: tf.Tensor; A: tf.Tensor } {
  const [, T, D] = x.shape as [number, number, number];
  const q = splitHeads(linear(x, w.wq), heads);          // (B, H, T, Dh)
  const k = splitHeads(linear(x, w.wk), heads);
  const v = splitHeads(linear(x, w.wv), heads);
  let scores = tf.div(tf.matMul(q, k, false, true), Math.sqrt(D / heads)); // (B, H, T, T)
  if (mask !== 'none') scores = tf.add(scores, maskBias(T, mask));
  if (scoreBias) scores = tf.add(scores, scoreBias);
  const A = tf.softmax(scores);
  return { Y: tf.matMul(A, v), A };
}

export function inferAttention(x: TensorInfo | undefined, heads: number, what: string): { out: TensorInfo } | InferFailure {
  if (!x) return { out: { shape: ['B', 1, 1], dtype: 'float32' } };
  if (x.shape.length !== 3 || x.dtype !== 'float32') return fail(`${what} expects [B, T, D]; it gets ${formatShape(x.shape)}`, 'in');
  const D = x.shape[2] as number;
  if (D % heads !== 0) return fail(`the width ${D} must divide evenly into ${heads} heads`, 'in');
  return { out: x };
}

/** Forward FLOPs per example of a D-wide, T-long attention layer. */
export function attentionFlops(x: TensorInfo | undefined): number {
  if (!x) return 0;
  const T = x.shape[1] as number, D = x.shape[2] as number;
  return 2 * 4 * T * D * D + 2 * 2 * T * T * D;
}

export const Attention = defineNode({
  type: 'Attention',
  label: 'Attention',
  category: 'layers/attention',
  version: 1,
  doc: 'Multi-head scaled dot-product self-attention with an output projection: each position mixes the value vectors of the positions it may see, weighted by softmax(q·k/√d). The mask decides what it may see.',
  cite: 'Vaswani et al., 2017, "Attention Is All You Need"',
  inputs: { in: port('data', ['B', 'T', 'D']) },
  outputs: { out: port('data', ['B', 'T', 'D']) },
  params: {
    heads: int({ default: 4, min: 1, max: 64, doc: 'Number of heads; the width must divide evenly by it.' }),
    causal: choice({ default: 'causal', options: MASKS, doc: 'causal: a position sees itself and earlier ones; causal-no-self: only earlier ones (the first sees itself); none: all positions.' }),
  },
  keyParams: ['heads', 'causal'],
  infer: ({ in: x }, p) => inferAttention(x, p.heads, 'Attention'),
  build: ({ inputs, v }) => makeAttentionWeights(v, inputs.in!.shape[2] as number),
  apply: ({ in: x }, w, { params, probe }) => {
    const { Y, A } = attentionHeads(x, w as unknown as AttentionWeights, params.heads, params.causal);
    probe.record('attention', A);
    return { out: linear(mergeHeads(Y), w.wo!) };
  },
  torch: {
    source: () => import('./attention.py?raw'),
    className: 'Attention',
    helpers: ['attention'],
    args: ({ params, inputs }) => ({ dim: lastOf(inputs.in), heads: params.heads, causal: params.causal }),
  },
  onnx: {
    write: ({ inputs, w, params, shapes, g }) => {
      const [, T, D] = shapes.inputs.in!.shape as [string, number, number];
      const { Y } = onnx.attentionHeads(g, inputs.in, w as unknown as onnx.AttentionWeightNames, params.heads, T, D, params.causal);
      return { out: onnx.linear(g, onnx.mergeHeads(g, Y, D), w.wo!) };
    },
  },
  flops: ({ in: x }) => attentionFlops(x),
  stats: { attention: { kind: 'attention', label: 'Attention weights', doc: 'Attention probabilities per head [B, H, T, T].' } },
});
