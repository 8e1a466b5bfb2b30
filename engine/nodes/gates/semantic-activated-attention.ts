/**
 * DynamicID's Semantic-Activated Attention (Hu et al., 2025): a decoupled
 * cross-attention branch that injects identity tokens into image positions,
 * gated per query by how strongly that query matches the identity at all.
 *
 *   S     = (h Wq)(z Wk)ᵀ / √Dh                        (B, H, Nq, M)   raw ID logits per head
 *   S'    = S − ∞ where the query lies in identity i's region and the token is identity j ≠ i
 *   idout = merge(softmax(S') (z Wv)) Wo               (B, Nq, D)
 *   w_q   = Σ_{heads, tokens} S[·, q, ·]               (B, Nq)
 *   a_q   = (w_q − min_q w) / (max_q w − min_q w)      per image, in [0, 1]
 *   a_q   = 0 where a_q < threshold (0.3)
 *   out   = base + λ · a_q · idout
 *
 * Where a_q = 0 the output is the base exactly: queries that do not look like
 * the identity (the background) are not touched. With several identities the
 * M tokens come in K equal groups, one per identity, and regions [B, Nq, K]
 * (1 where a query lies in an identity's box, boxes disjoint) say which group
 * a query may read: the masked logits get exactly zero attention. The paper's
 * inference boost inside the boxes is left out.
 */
import * as tf from '@tensorflow/tfjs-core';
import { defineNode } from '../../registry/defineNode';
import { bool, choice, int, num } from '../../registry/params';
import { formatShape, port } from '../../registry/ports';
import { fail, float, sameShape } from '../../shapes/dims';
import { linear, mergeHeads, splitHeads, stepAbove } from '../../compile/ops';
import { gatedResidual } from './gate-mul';
import { lastOf } from '../../registry/torch';
import * as onnx from '../../serialize/onnx/ops';
import type { OnnxGraph } from '../../serialize/onnx/graph';

/**
 * Query activation from raw ID logits S [B, H, Nq, M]: summed over heads and
 * tokens, min-max normalised over the queries of each image, zeroed below the
 * threshold. Returns a [B, Nq, 1].
 */
export function semanticActivation(S: tf.Tensor, threshold: number): tf.Tensor {
  const w = tf.sum(tf.sum(S, 3), 1);                                   // (B, Nq)
  const lo = tf.min(w, 1, true), hi = tf.max(w, 1, true);
  const a = tf.div(tf.sub(w, lo), tf.add(tf.sub(hi, lo), 1e-6));      // (B, Nq) in [0, 1]
  return tf.expandDims(tf.mul(a, stepAbove(a, threshold)), 2);        // (B, Nq, 1)
}

/** A logit this low gets an attention weight of exactly 0 in float32 (its exponential underflows). */
export const MASKED = 1e9;

/**
 * The tokens each query must not read [B, 1, Nq, M]: 1 where the query lies in
 * identity i's region and the token belongs to another identity j ≠ i; queries
 * outside every region may read every token. Tokens come in K equal groups.
 */
export function forbiddenTokens(regions: tf.Tensor, tokens: number): tf.Tensor {
  const [B, Nq, K] = regions.shape as [number, number, number];
  const own = tf.reshape(tf.tile(tf.expandDims(regions, 3), [1, 1, 1, tokens / K]), [B, Nq, tokens]); // (B, Nq, M)
  return tf.expandDims(tf.sub(tf.sum(regions, 2, true), own), 1);
}

/**
 * Leakage: the attention mass that queries inside a region give to other
 * identities' tokens, averaged over those queries and the heads (0 when no query lies in a region).
 */
export function identityLeakage(P: tf.Tensor, forbidden: tf.Tensor, regions: tf.Tensor): tf.Tensor {
  return tf.div(tf.sum(tf.mul(P, forbidden)), tf.mul(P.shape[1]!, tf.maximum(tf.sum(regions), 1)));
}

/**
 * ID cross-attention: raw logits S [B, H, Nq, M], attention P (forbidden tokens at exactly 0)
 * and the branch output [B, Nq, D] (before the gate).
 */
export function idCrossAttention(h: tf.Tensor, z: tf.Tensor, w: Record<'wq' | 'wk' | 'wv' | 'wo', tf.Tensor>, heads: number, forbidden?: tf.Tensor): { S: tf.Tensor; P: tf.Tensor; idout: tf.Tensor } {
  const D = h.shape[2]!;
  const q = splitHeads(linear(h, w.wq), heads);                         // (B, H, Nq, Dh)
  const k = splitHeads(linear(z, w.wk), heads);                         // (B, H, M, Dh)
  const v = splitHeads(linear(z, w.wv), heads);
  const S = tf.div(tf.matMul(q, k, false, true), Math.sqrt(D / heads)); // (B, H, Nq, M)
  const P = tf.softmax(forbidden ? tf.sub(S, tf.mul(forbidden, MASKED)) : S);
  return { S, P, idout: linear(mergeHeads(tf.matMul(P, v)), w.wo) };
}

/** The learned mask of the ungated baseline: sigmoid(h wm + bm) per position [B, Nq, 1], applied in training and at inference. */
function learnedMask(h: tf.Tensor, wm: tf.Tensor, bm: tf.Tensor): tf.Tensor {
  return tf.sigmoid(linear(h, wm, bm));
}

/** forbiddenTokens in ONNX: regions [B, Nq, K] → [B, 1, Nq, M]. */
function forbiddenTokensOnnx(g: OnnxGraph, regions: string, tokens: number, K: number): string {
  const own = g.op('Reshape', [g.op('Tile', [g.op('Unsqueeze', [regions, g.int64s([3])]), g.int64s([1, 1, 1, tokens / K])]), g.int64s([0, 0, tokens])]);
  const inRegion = g.op('ReduceSum', [regions, g.int64s([2])], { keepdims: { i: 1 } });
  return g.op('Unsqueeze', [g.op('Sub', [inRegion, own]), g.int64s([1])]);
}

export const SemanticActivatedAttention = defineNode({
  type: 'SemanticActivatedAttention',
  label: 'Semantic-activated attention',
  category: 'gates/injection',
  version: 1,
  doc:
    'Writes an identity (a face, a person) into the parts of an image that are about it, and leaves the rest alone. ' +
    'Image positions h [B, Nq, D] attend to identity tokens z [B, M, Dc] through their own query/key/value weights ' +
    '(a cross-attention branch "decoupled" from the main one) and the result is added onto the base output. The gate ' +
    'is per query: the raw attention scores of a query, summed over heads and identity tokens, say how well it matches ' +
    'the identity; they are min-max normalised over the image to a_q in [0, 1], and anything below the threshold 0.3 ' +
    'becomes exactly 0. So out = base + λ·a_q·idout, and where a_q = 0 the base output is untouched, bit for bit. ' +
    'With several people, the identity tokens come in equal groups, one per person, and the regions input marks each ' +
    'person\'s box: a position inside one person\'s box cannot attend to another person\'s tokens at all (their attention ' +
    'is exactly 0), and the leakage statistic measures how much attention crosses over when that mask is off. ' +
    'Activation "always" is the plain decoupled injection (a_q = 1 everywhere) for comparison; "learned mask" multiplies ' +
    'the injection by a learned per-position mask sigmoid(h·w + b) with no threshold, applied in training and at inference. In the released code ' +
    'the gate is switched on at inference; activateDuringTraining also trains through it. With nothing on base, the ' +
    'injection is added onto h.',
  cite: '"DynamicID: Zero-Shot Multi-ID Image Personalization with Flexible Facial Editability"; reference code ByteCat-bot/DynamicID, attention.py SAAProcessor',
  inputs: {
    h: port('data', ['B', 'Nq', 'D'], { doc: 'Image positions (the queries).' }),
    id: port('condition', ['B', 'M', 'Dc'], { doc: 'Identity tokens (4 per identity in the paper).' }),
    base: port('residual', ['B', 'Nq', 'D'], { optional: true, doc: 'The base model\'s output the injection is added to; h when empty.' }),
    regions: port('condition', ['B', 'Nq', 'K'], { optional: true, doc: 'One column per identity: 1 where a position lies in that person\'s box (boxes do not overlap). Empty: one identity, no masks.' }),
  },
  outputs: { out: port('residual', ['B', 'Nq', 'D']) },
  params: {
    heads: int({ default: 2, min: 1, max: 16, doc: 'Attention heads of the identity branch; the width D must divide by it.' }),
    idScale: num({ default: 1, min: 0, max: 10, step: 0.1, doc: 'λ: how strongly the identity branch is added.' }),
    threshold: num({ default: 0.3, min: 0, max: 1, step: 0.05, doc: 'Queries whose normalised activation falls below this get exactly 0.' }),
    activation: choice({ default: 'semantic', options: ['semantic', 'always', 'learned mask'], doc: 'semantic: the per-query gate a_q; always: inject everywhere (plain decoupled attention); learned mask: a trained sigmoid mask per position, never thresholded.' }),
    masks: bool({ default: true, doc: 'With regions: keep each person\'s tokens out of the other people\'s boxes. Off, every position may attend to every person (the leakage is still measured).' }),
    activateDuringTraining: bool({ default: false, doc: 'Apply the gate while training too; off (as released) it is applied only at inference.' }),
  },
  keyParams: ['activation', 'threshold'],
  infer: ({ h, id, base, regions }, p) => {
    if (!h) return { out: float(['B', 1, 1]) };
    if (h.shape.length !== 3) return fail(`SemanticActivatedAttention expects image positions [B, Nq, D]; it gets ${formatShape(h.shape)}`, 'h');
    if ((h.shape[2] as number) % p.heads !== 0) return fail(`the width ${h.shape[2]} must divide evenly into ${p.heads} heads`, 'h');
    if (id && id.shape.length !== 3) return fail(`identity tokens must be [B, M, Dc]; they are ${formatShape(id.shape)}`, 'id');
    if (base && !sameShape(base.shape, h.shape)) return fail(`base ${formatShape(base.shape)} must match h ${formatShape(h.shape)}`, 'base');
    if (regions) {
      if (regions.shape.length !== 3 || regions.shape[1] !== h.shape[1]) return fail(`regions must be [B, ${h.shape[1]}, K], one column per identity; they are ${formatShape(regions.shape)}`, 'regions');
      const K = regions.shape[2], M = id?.shape[1];
      if (typeof K === 'number' && typeof M === 'number' && M % K !== 0) return fail(`${M} identity tokens cannot be split evenly among ${K} identities`, 'regions');
    }
    return { out: float(h.shape) };
  },
  build: ({ inputs, v, params }) => {
    const D = inputs.h!.shape[2] as number, Dc = inputs.id!.shape[2] as number;
    const init = { kind: 'glorot' as const };
    const mask = params.activation === 'learned mask' ? { wm: v.make('wm', [D, 1], init), bm: v.make('bm', [1], { kind: 'zeros' }) } : {};
    return { wq: v.make('wq', [D, D], init), wk: v.make('wk', [Dc, D], init), wv: v.make('wv', [Dc, D], init), wo: v.make('wo', [D, D], init), ...mask };
  },
  apply: ({ h, id, base, regions }, w, { params, training, probe }) => {
    const forbidden = regions ? forbiddenTokens(regions, id.shape[1]!) : undefined;
    const { S, P, idout } = idCrossAttention(h, id, w as Record<'wq' | 'wk' | 'wv' | 'wo', tf.Tensor>, params.heads, params.masks ? forbidden : undefined);
    const gated = params.activation === 'semantic' && (!training || params.activateDuringTraining);
    const a = gated ? semanticActivation(S, params.threshold)
      : params.activation === 'learned mask' ? learnedMask(h, w.wm!, w.bm!)
      : tf.onesLike(tf.slice(idout, [0, 0, 0], [-1, -1, 1]));
    const edit = tf.mul(idout, params.idScale);
    if (probe.enabled) {
      probe.record('gate', a);
      probe.record('active', stepAbove(a, 0));
      probe.record('editNorm', tf.mean(tf.sqrt(tf.mean(tf.square(tf.mul(a, edit)), 2))));
      if (forbidden) probe.record('leakage', identityLeakage(P, forbidden, regions!));
    }
    return { out: gatedResidual(base ?? h, a, edit) };
  },
  torch: {
    source: () => import('./semantic-activated-attention.py?raw'),
    className: 'SemanticActivatedAttention',
    helpers: ['attention'],
    args: ({ params: p, inputs }) => ({
      dim: lastOf(inputs.h), id_dim: lastOf(inputs.id), heads: p.heads, id_scale: p.idScale,
      threshold: p.threshold, activation: p.activation, activate_during_training: p.activateDuringTraining, masks: p.masks,
    }),
  },
  onnx: {
    write: ({ inputs: { h, id, base, regions }, w, params: p, shapes, g }) => {
      const D = shapes.inputs.h!.shape[2] as number, M = shapes.inputs.id!.shape[1] as number;
      const q = onnx.splitHeads(g, onnx.linear(g, h, w.wq!), p.heads, D);                            // (B, H, Nq, Dh)
      const k = onnx.splitHeads(g, onnx.linear(g, id, w.wk!), p.heads, D);                           // (B, H, M, Dh)
      const v = onnx.splitHeads(g, onnx.linear(g, id, w.wv!), p.heads, D);
      const S = g.op('Div', [g.op('MatMul', [q, g.op('Transpose', [k], { perm: { ints: [0, 1, 3, 2] } })]), g.scalar(Math.sqrt(D / p.heads))]);
      const logits = regions && p.masks ? g.op('Sub', [S, g.op('Mul', [forbiddenTokensOnnx(g, regions, M, shapes.inputs.regions!.shape[2] as number), g.scalar(MASKED)])]) : S;
      const edit = g.op('Mul', [onnx.linear(g, onnx.mergeHeads(g, g.op('MatMul', [g.op('Softmax', [logits], { axis: { i: -1 } }), v]), D), w.wo!), g.scalar(p.idScale)]);
      if (p.activation === 'learned mask') return { out: g.op('Add', [base ?? h, g.op('Mul', [onnx.sigmoid(g, onnx.linear(g, h, w.wm!, w.bm!)), edit])]) };
      if (p.activation !== 'semantic') return { out: g.op('Add', [base ?? h, edit]) };
      const weight = g.op('ReduceSum', [g.op('ReduceSum', [S, g.int64s([3])], { keepdims: { i: 0 } }), g.int64s([1])], { keepdims: { i: 0 } }); // (B, Nq)
      const lo = g.op('ReduceMin', [weight], { axes: { ints: [1] }, keepdims: { i: 1 } });
      const hi = g.op('ReduceMax', [weight], { axes: { ints: [1] }, keepdims: { i: 1 } });
      const a = g.op('Div', [g.op('Sub', [weight, lo]), g.op('Add', [g.op('Sub', [hi, lo]), g.scalar(1e-6)])]);
      const gate = g.op('Unsqueeze', [g.op('Mul', [a, onnx.stepAbove0(g, g.op('Sub', [a, g.scalar(p.threshold)]))]), g.int64s([2])]); // (B, Nq, 1)
      return { out: g.op('Add', [base ?? h, g.op('Mul', [gate, edit])]) };
    },
  },
  flops: ({ h, id }, p) => {
    if (!h || !id) return 0;
    const Nq = h.shape[1] as number, D = h.shape[2] as number, M = id.shape[1] as number, Dc = id.shape[2] as number;
    const gate = p.activation === 'semantic' ? 4 * Nq : p.activation === 'learned mask' ? 2 * Nq * D + 2 * Nq : 0;
    return 2 * Nq * D * D * 2 + 2 * 2 * M * Dc * D + 2 * 2 * Nq * M * D + gate + 3 * Nq * D;
  },
  stats: {
    gate: { kind: 'gate', label: 'Activation map', doc: 'The activation a_q per image position, 0 where the identity is not written.' },
    active: { kind: 'rate', label: 'Active positions', doc: 'Share of image positions the identity is written into (a_q > 0).' },
    editNorm: { kind: 'scalar', label: 'Edit size', doc: 'Mean size (RMS over D) of what the branch adds per position: 0 where the gate is closed.' },
    leakage: { kind: 'scalar', label: 'Leakage between identities', doc: 'Of the attention that positions inside one person\'s box give to identity tokens, the share that goes to another person\'s tokens: exactly 0 with the masks on.' },
  },
});
