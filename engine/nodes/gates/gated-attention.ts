/**
 * Gated attention (Qiu et al., 2025; qiuzh20/gated_attention
 * modeling_qwen3.py, Qwen3Attention): multi-head attention whose per-head output
 * is multiplied by a sigmoid gate computed from the query token itself.
 *   Y_h = softmax(Q_h K_hᵀ/√Dh + mask) V_h       (B, H, T, Dh)   SDPA output
 *   G   = σ(x W_θ)                                (B, T, H, Dh) elementwise or (B, T, H, 1) headwise
 *   out = concat_h(Y_h ⊙ G_h) W_o                 the paper's "G1" position
 * The gate weights start N(0, 0.02) as in the authors' code (not zero), so the
 * gates start near σ(0) = 0.5; there is no identity-at-initialisation claim.
 */
import * as tf from '@tensorflow/tfjs-core';
import { defineNode } from '../../registry/defineNode';
import { choice, int } from '../../registry/params';
import { port } from '../../registry/ports';
import { linear, mergeHeads } from '../../compile/ops';
import { MASKS, attentionFlops, attentionHeads, inferAttention, makeAttentionWeights, type AttentionWeights } from '../attention';
import { gateAct, gateMul } from './gate-mul';
import { lastOf } from '../../registry/torch';
import * as onnx from '../../serialize/onnx/ops';

const N002 = { kind: 'normal' as const, std: 0.02 };

export const GATE_KINDS = ['elementwise', 'headwise', 'none'] as const;
export const GATE_POSITIONS = ['sdpa', 'output'] as const;

/** ‖v_0‖ / mean ‖v_j‖ (j ≥ 1), averaged over heads and batch: small when the first token's value is "drained". */
function firstTokenValueRatio(x: tf.Tensor, wv: tf.Tensor, heads: number): tf.Tensor {
  const [B, T, D] = x.shape as [number, number, number];
  const norms = tf.norm(tf.reshape(linear(x, wv), [B, T, heads, D / heads]), 'euclidean', -1); // (B, T, H)
  const first = tf.mean(tf.slice(norms, [0, 0, 0], [B, 1, heads]));
  const rest = tf.mean(tf.slice(norms, [0, 1, 0], [B, T - 1, heads]));
  return tf.div(first, tf.add(rest, 1e-12));
}

export const GatedAttention = defineNode({
  type: 'GatedAttention',
  label: 'Gated attention',
  category: 'gates/attention',
  version: 1,
  doc:
    'Multi-head self-attention with a sigmoid gate on each head’s output. After a head has mixed the value vectors it ' +
    'attends to, the result is multiplied by σ(x W_θ), a gate computed from the query token alone: one number per head ' +
    '(headwise) or one per channel (elementwise). A head that has nothing useful to add can now close its gate instead ' +
    'of parking its attention on the first token, the "attention sink" an ungated model learns for that purpose. The gate ' +
    'also adds a non-linearity between the value and output projections. Compare firstTokenAttention with and without ' +
    'the gate (the uniform baseline for the mask is firstTokenBaseline). Gate weights start N(0, 0.02), so gates start ' +
    'near 0.5. Position "output" gates after the output projection instead (the paper’s G5, which helped little).',
  cite: 'Qiu et al., 2025, "Gated Attention for Large Language Models: Non-linearity, Sparsity, and Attention-Sink-Free" (arXiv:2505.06708)',
  inputs: { in: port('data', ['B', 'T', 'D'], { doc: 'The normalised hidden state; queries, keys, values and the gate all read it.' }) },
  outputs: { out: port('data', ['B', 'T', 'D']) },
  params: {
    heads: int({ default: 4, min: 1, max: 64, doc: 'Number of heads; the width must divide evenly by it.' }),
    gate: choice({ default: 'elementwise', options: GATE_KINDS, doc: 'elementwise: one gate per head channel; headwise: one per head; none: plain attention.' }),
    position: choice({ default: 'sdpa', options: GATE_POSITIONS, doc: 'sdpa: gate each head’s attention output before W_o (the paper’s G1, its best); output: gate after W_o (G5).' }),
    init: choice({ default: 'normal', options: ['normal', 'glorot'], doc: 'How the projections start: N(0, 0.02) as in the authors’ code, or Glorot-uniform like the plain Attention node.' }),
    causal: choice({ default: 'causal', options: MASKS, doc: 'causal: a position sees itself and earlier ones; causal-no-self: only earlier ones (the first sees itself); none: all positions.' }),
  },
  keyParams: ['gate', 'heads', 'causal'],
  infer: ({ in: x }, p) => inferAttention(x, p.heads, 'GatedAttention'),
  build: ({ params: p, inputs, v }) => {
    const D = inputs.in!.shape[2] as number;
    const vars: Record<string, tf.Variable> = p.init === 'normal'
      ? { wq: v.make('wq', [D, D], N002), wk: v.make('wk', [D, D], N002), wv: v.make('wv', [D, D], N002), wo: v.make('wo', [D, D], N002) }
      : makeAttentionWeights(v, D);
    if (p.gate !== 'none') vars.wg = v.make('wg', [D, p.gate === 'headwise' ? p.heads : D], N002);
    return vars;
  },
  onnx: {
    write: ({ inputs: { in: x }, w, params: p, shapes, g }) => {
      const [, T, D] = shapes.inputs.in!.shape as [string, number, number];
      const H = p.heads;
      const { Y } = onnx.attentionHeads(g, x, w as unknown as onnx.AttentionWeightNames, H, T, D, p.causal);
      if (!w.wg) return { out: onnx.linear(g, onnx.mergeHeads(g, Y, D), w.wo!) };
      const G = g.op('Reshape', [onnx.sigmoid(g, onnx.linear(g, x, w.wg)), g.int64s([0, 0, H, p.gate === 'headwise' ? 1 : D / H])]); // (B, T, H, Dh|1)
      if (p.position === 'output') {
        const o = g.op('Reshape', [onnx.linear(g, onnx.mergeHeads(g, Y, D), w.wo!), g.int64s([0, 0, H, D / H])]);
        return { out: g.op('Reshape', [g.op('Mul', [o, G]), g.int64s([0, 0, D])]) };
      }
      const gated = g.op('Mul', [Y, g.op('Transpose', [G], { perm: { ints: [0, 2, 1, 3] } })]);
      return { out: onnx.linear(g, onnx.mergeHeads(g, gated, D), w.wo!) };
    },
  },
  apply: ({ in: x }, w, { nodeId, params: p, probe, interventions }) => {
    const [B, T, D] = x.shape as [number, number, number];
    const H = p.heads;
    const { Y, A } = attentionHeads(x, w as unknown as AttentionWeights, H, p.causal); // Y (B, H, T, Dh), A (B, H, T, T)
    probe.record('attention', A);
    if (probe.enabled) probe.record('firstTokenValueRatio', firstTokenValueRatio(x, w.wv!, H));
    if (!w.wg) return { out: linear(mergeHeads(Y), w.wo!) };

    const per = p.gate === 'headwise' ? 1 : D / H;
    const clamp = interventions?.[`${nodeId}.gate`];
    let G = tf.reshape(gateAct('sigmoid', linear(x, w.wg)), [B, T, H, per]); // (B, T, H, Dh|1)
    if (clamp !== undefined) G = tf.fill(G.shape, clamp);
    probe.record('gate', G);
    if (p.position === 'output') {
      const o = tf.reshape(linear(mergeHeads(Y), w.wo!), [B, T, H, D / H]);   // (B, T, H, Dh)
      return { out: tf.reshape(gateMul(o, G), [B, T, D]) };
    }
    const gated = gateMul(Y, tf.transpose(G, [0, 2, 1, 3]));                  // (B, H, T, Dh)
    return { out: linear(mergeHeads(gated), w.wo!) };
  },
  torch: {
    source: () => import('./gated-attention.py?raw'),
    className: 'GatedAttention',
    helpers: ['attention'],
    args: ({ params, inputs }) => ({ dim: lastOf(inputs.in), heads: params.heads, gate: params.gate, position: params.position, causal: params.causal, init: params.init === 'glorot' ? 'glorot' : 'normal' }),
  },
  flops: ({ in: x }, p) => {
    if (!x || p.gate === 'none') return attentionFlops(x);
    const T = x.shape[1] as number, D = x.shape[2] as number;
    return attentionFlops(x) + 2 * T * D * (p.gate === 'headwise' ? p.heads : D) + 5 * T * D;
  },
  headline: 'gate',
  ablation: { label: 'attention gate off', params: { gate: 'none' } },
  stats: {
    attention: { kind: 'attention', label: 'Attention weights', doc: 'Attention probabilities per head [B, H, T, T], from which the share on the first token (the attention sink) is read.' },
    gate: { kind: 'gate', label: 'Output gate', doc: 'The output gate σ(x W_θ) per token, head and channel (or head); a mass near 0 means heads switch themselves off.' },
    firstTokenValueRatio: { kind: 'scalar', label: 'Value drain', doc: 'Norm of the first token’s value vector over the mean norm of the others: well below 1 when a sink forms (the "value drain").' },
  },
  interventions: {
    gate: { label: 'clamp every gate to', min: 0, max: 1, step: 0.05, initial: 0, doc: 'Every head’s gate set to this value: 0 silences the layer, 1 removes the gate.' },
  },
});
