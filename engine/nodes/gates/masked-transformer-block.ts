/**
 * A pre-norm transformer block whose attention skips masked-out tokens: what a
 * ViT needs after a tokenizer that makes a varying number of tokens (MSViT's
 * mixed-scale-tokenizer.ts). Its compute statistic counts only kept tokens.
 */
import * as tf from '@tensorflow/tfjs-core';
import { defineNode } from '../../registry/defineNode';
import { int } from '../../registry/params';
import { port, formatShape } from '../../registry/ports';
import { fail, lastDim } from '../../shapes/dims';
import { linear, mergeHeads, stopGradient } from '../../compile/ops';
import { attentionHeads, makeAttentionWeights, type AttentionWeights } from '../attention';
import { layerNorm } from '../norm';
import { lastOf } from '../../registry/torch';
import * as onnx from '../../serialize/onnx/ops';

/** Per-example FLOPs of a block on T tokens of width D: per-token linear work and the T² attention part. */
function blockCosts(T: number, D: number, ratio: number): { linear: number; quadratic: number } {
  return { linear: T * (8 * D * D + 4 * ratio * D * D + 16 * D), quadratic: 4 * T * T * D };
}

export const MaskedTransformerBlock = defineNode({
  type: 'MaskedTransformerBlock',
  label: 'Transformer block (masked tokens)',
  category: 'layers/attention',
  version: 1,
  doc:
    'A pre-norm transformer block, x + Attention(LN(x)) then + MLP(LN(·)), whose attention ignores the tokens the ' +
    'keep mask switches off (no query looks at them). Use it after a tokenizer that makes a varying number of tokens. ' +
    'It reports the share of its FLOPs spent on kept tokens: the per-token parts scale with the number of tokens, ' +
    'the attention map with its square.',
  cite: 'Vaswani et al., 2017, "Attention Is All You Need"; Dosovitskiy et al., 2021, "An Image is Worth 16x16 Words"',
  inputs: {
    tokens: port('data', ['B', 'N', 'D'], { doc: 'Tokens.' }),
    keep: port('gate', ['B', 'N'], { doc: '1 for tokens in use, 0 for masked-out slots.' }),
  },
  outputs: { tokens: port('data', ['B', 'N', 'D']) },
  params: {
    heads: int({ default: 2, min: 1, max: 16, doc: 'Attention heads; the width must divide evenly by it.' }),
    mlpRatio: int({ default: 2, min: 1, max: 8, doc: 'Hidden width of the MLP as a multiple of the token width.' }),
  },
  keyParams: ['heads'],
  infer: ({ tokens: x, keep }, p) => {
    if (!x) return { tokens: { shape: ['B', 1, 1], dtype: 'float32' } };
    if (x.shape.length !== 3) return fail(`MaskedTransformerBlock expects tokens [B, N, D]; it gets ${formatShape(x.shape)}`, 'tokens');
    if ((lastDim(x) as number) % p.heads !== 0) return fail(`the width ${lastDim(x)} must divide evenly into ${p.heads} heads`, 'tokens');
    if (keep && (keep.shape.length !== 2 || keep.shape[1] !== x.shape[1])) return fail(`keep must be [B, ${x.shape[1]}]; it gets ${formatShape(keep.shape)}`, 'keep');
    return { tokens: x };
  },
  build: ({ params: p, inputs, v }) => {
    const D = lastDim(inputs.tokens!) as number;
    return {
      ...makeAttentionWeights(v, D),
      ln1g: v.make('ln1g', [D], { kind: 'ones' }), ln1b: v.make('ln1b', [D], { kind: 'zeros' }),
      ln2g: v.make('ln2g', [D], { kind: 'ones' }), ln2b: v.make('ln2b', [D], { kind: 'zeros' }),
      w1: v.make('w1', [D, p.mlpRatio * D], { kind: 'glorot' }), b1: v.make('b1', [p.mlpRatio * D], { kind: 'zeros' }),
      w2: v.make('w2', [p.mlpRatio * D, D], { kind: 'glorot' }), b2: v.make('b2', [D], { kind: 'zeros' }),
    };
  },
  apply: ({ tokens: x, keep }, w, { params: p, probe }) => {
    const [B, T, D] = x.shape as [number, number, number];
    const k = stopGradient(keep);
    const bias = tf.reshape(tf.mul(tf.sub(k, 1), 1e9), [B, 1, 1, T]);     // masked keys get −1e9
    const { Y } = attentionHeads(layerNorm(x, w.ln1g, w.ln1b, 1e-5), w as unknown as AttentionWeights, p.heads, 'none', bias);
    const h = tf.add(x, linear(mergeHeads(Y), w.wo!));
    const out = tf.add(h, linear(tf.relu(linear(layerNorm(h, w.ln2g, w.ln2b, 1e-5), w.w1!, w.b1)), w.w2!, w.b2));
    if (probe.enabled) {
      const { linear: lin, quadratic: quad } = blockCosts(T, D, p.mlpRatio);
      const share = tf.div(tf.sum(k, 1), T);                                // (B)
      probe.record('compute', tf.div(tf.add(tf.mul(share, lin), tf.mul(tf.square(share), quad)), lin + quad));
    }
    return { tokens: out };
  },
  torch: {
    source: () => import('./masked-transformer-block.py?raw'),
    className: 'MaskedTransformerBlock',
    helpers: ['attention', 'norms'],
    args: ({ params: p, inputs }) => ({ dim: lastOf(inputs.tokens), heads: p.heads, mlp_ratio: p.mlpRatio }),
  },
  onnx: {
    write: ({ inputs: { tokens: x, keep }, w, params: p, shapes, g }) => {
      const [, T, D] = shapes.inputs.tokens!.shape as [string, number, number];
      const bias = g.op('Reshape', [g.op('Mul', [g.op('Sub', [keep, g.scalar(1)]), g.scalar(1e9)]), g.int64s([-1, 1, 1, T])]); // masked keys get −1e9
      const { Y } = onnx.attentionHeads(g, onnx.layerNorm(g, x, w.ln1g, w.ln1b, 1e-5), w as unknown as onnx.AttentionWeightNames, p.heads, T, D, 'none', bias);
      const h = g.op('Add', [x, onnx.linear(g, onnx.mergeHeads(g, Y, D), w.wo!)]);
      return { tokens: g.op('Add', [h, onnx.linear(g, g.op('Relu', [onnx.linear(g, onnx.layerNorm(g, h, w.ln2g, w.ln2b, 1e-5), w.w1!, w.b1)]), w.w2!, w.b2)]) };
    },
  },
  flops: ({ tokens: x }, p) => {
    if (!x) return 0;
    const { linear: lin, quadratic: quad } = blockCosts(x.shape[1] as number, x.shape[2] as number, p.mlpRatio);
    return lin + quad;
  },
  stats: { compute: { kind: 'compute', label: 'Compute spent', doc: 'Share of the block\'s all-tokens FLOPs spent on the kept tokens.' } },
});
