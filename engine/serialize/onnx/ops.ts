/**
 * ONNX forms of the math several node types share, written to match the tfjs
 * code beside them (compile/ops.ts, nodes/*.ts) operation for operation, so
 * outputs agree to float rounding.
 */
import { ONNX_TYPE, type OnnxGraph } from './graph';
import type { ExpandedFn, GateAct } from '../../nodes/gates/gate-mul';
import type { ActivationName } from '../../nodes/dense';
import { maskValues, type MaskKind } from '../../nodes/attention';

/** x @ kernel (+ bias) on the last axis: MatMul broadcasts over the leading axes. */
export function linear(g: OnnxGraph, x: string, kernel: string, bias?: string): string {
  const y = g.op('MatMul', [x, kernel]);
  return bias ? g.op('Add', [y, bias]) : y;
}

export function sigmoid(g: OnnxGraph, x: string): string {
  return g.op('Sigmoid', [x]);
}

/** Elementwise activations by name; GELU in the exact erf form. */
export function activate(g: OnnxGraph, fn: ActivationName, x: string): string {
  switch (fn) {
    case 'relu': return g.op('Relu', [x]);
    case 'gelu': return g.op('Mul', [g.op('Mul', [x, g.scalar(0.5)]), g.op('Add', [g.scalar(1), g.op('Erf', [g.op('Mul', [x, g.scalar(Math.SQRT1_2)])])])]);
    case 'silu': return g.op('Mul', [x, sigmoid(g, x)]);
    case 'tanh': return g.op('Tanh', [x]);
    case 'sigmoid': return sigmoid(g, x);
    case 'identity': return x;
  }
}

/** Mean over the last axis, kept. */
export function meanLast(g: OnnxGraph, x: string): string {
  return g.op('ReduceMean', [x], { axes: { ints: [-1] }, keepdims: { i: 1 } });
}

/** x / sqrt(mean(x²) + eps) · g. */
export function rmsNorm(g: OnnxGraph, x: string, gain: string | undefined, eps: number): string {
  const y = g.op('Div', [x, g.op('Sqrt', [g.op('Add', [meanLast(g, g.op('Mul', [x, x])), g.scalar(eps)])])]);
  return gain ? g.op('Mul', [y, gain]) : y;
}

/** (x − mean) / sqrt(var + eps) · g + b. */
export function layerNorm(g: OnnxGraph, x: string, gain: string | undefined, bias: string | undefined, eps: number): string {
  const centred = g.op('Sub', [x, meanLast(g, x)]);
  const variance = meanLast(g, g.op('Mul', [centred, centred]));
  let y = g.op('Div', [centred, g.op('Sqrt', [g.op('Add', [variance, g.scalar(eps)])])]);
  if (gain) y = g.op('Mul', [y, gain]);
  return bias ? g.op('Add', [y, bias]) : y;
}

/** [B, T, H·Dh] → [B, H, T, Dh]. */
export function splitHeads(g: OnnxGraph, x: string, heads: number, dim: number): string {
  return g.op('Transpose', [g.op('Reshape', [x, g.int64s([0, 0, heads, dim / heads])])], { perm: { ints: [0, 2, 1, 3] } });
}

/** [B, H, T, Dh] → [B, T, H·Dh]. */
export function mergeHeads(g: OnnxGraph, y: string, dim: number): string {
  return g.op('Reshape', [g.op('Transpose', [y], { perm: { ints: [0, 2, 1, 3] } }), g.int64s([0, 0, dim])]);
}

export interface AttentionWeightNames { wq: string; wk: string; wv: string; wo: string }

/**
 * Scaled dot-product attention per head before the output projection, as
 * nodes/attention.ts `attentionHeads`: x [B, T, D] → Y [B, H, T, Dh] and the
 * probabilities A [B, H, T, T]; `scoreBias` is added to the scores.
 */
export function attentionHeads(g: OnnxGraph, x: string, w: AttentionWeightNames, heads: number, T: number, D: number, mask: MaskKind, scoreBias?: string): { Y: string; A: string } {
  const q = splitHeads(g, linear(g, x, w.wq), heads, D);
  const k = splitHeads(g, linear(g, x, w.wk), heads, D);
  const v = splitHeads(g, linear(g, x, w.wv), heads, D);
  let scores = g.op('Div', [g.op('MatMul', [q, g.op('Transpose', [k], { perm: { ints: [0, 1, 3, 2] } })]), g.scalar(Math.sqrt(D / heads))]);
  if (mask !== 'none') scores = g.op('Add', [scores, g.constant(maskValues(T, mask), [T, T])]);
  if (scoreBias) scores = g.op('Add', [scores, scoreBias]);
  const A = g.op('Softmax', [scores], { axis: { i: -1 } });
  return { Y: g.op('MatMul', [A, v]), A };
}

/** Squashed gate logits, as gate-mul.ts `gateAct`. */
export function gateAct(g: OnnxGraph, act: GateAct, logits: string): string {
  switch (act) {
    case 'sigmoid': return sigmoid(g, logits);
    case 'tanh': return g.op('Tanh', [logits]);
    case 'identity': return logits;
  }
}

/** The expanded gate of range (−α, 1+α), as gate-mul.ts `expandedGate`. */
export function expandedGate(g: OnnxGraph, fn: ExpandedFn, u: string, alpha: string): string {
  const widened = g.op('Add', [g.scalar(1), g.op('Mul', [g.scalar(2), alpha])]); // 1 + 2α
  switch (fn) {
    case 'arctan': return g.op('Add', [g.op('Mul', [g.op('Atan', [u]), g.op('Div', [widened, g.scalar(Math.PI)])]), g.scalar(0.5)]);
    case 'erf': return g.op('Add', [g.op('Mul', [g.op('Erf', [g.op('Mul', [u, g.scalar(Math.SQRT1_2)])]), g.op('Add', [g.scalar(0.5), alpha])]), g.scalar(0.5)]);
    case 'sigmoid': return g.op('Sub', [g.op('Mul', [sigmoid(g, u), widened]), alpha]);
  }
}

/** Entry i of a stacked weight [n, ...] → [...]. */
export function entry(g: OnnxGraph, stacked: string, i: number): string {
  return g.op('Gather', [stacked, g.constant([i], [], 'int64')], { axis: { i: 0 } });
}

/** Sum over the last axis, kept (ReduceSum takes its axes as an input from opset 13). */
export function sumLast(g: OnnxGraph, x: string): string {
  return g.op('ReduceSum', [x, g.int64s([-1])], { keepdims: { i: 1 } });
}

/** 1 where x > 0, else 0, as tf.step. */
export function stepAbove0(g: OnnxGraph, x: string): string {
  return g.op('Cast', [g.op('Greater', [x, g.scalar(0)])], { to: { i: ONNX_TYPE.float32 } });
}

/** 1 for the k largest entries of each row (last axis), ties to the earlier entry (TopK's order), else 0. */
export function topKMask(g: OnnxGraph, scores: string, k: number): string {
  const [, indices] = g.ops('TopK', [scores, g.int64s([k])], { axis: { i: -1 }, largest: { i: 1 }, sorted: { i: 1 } }, 2) as [string, string];
  const zeros = g.op('Expand', [g.scalar(0), g.op('Shape', [scores])]);
  const ones = g.op('Expand', [g.scalar(1), g.op('Shape', [indices])]);
  return g.op('ScatterElements', [zeros, indices, ones], { axis: { i: -1 } });
}

/** Softmax over the kept entries alone (the rest pushed to −1e9), zero elsewhere, as router.ts `maskedSoftmax`. */
export function maskedSoftmax(g: OnnxGraph, logits: string, mask: string): string {
  const kept = g.op('Add', [g.op('Mul', [logits, mask]), g.op('Mul', [g.op('Sub', [g.scalar(1), mask]), g.scalar(-1e9)])]);
  return g.op('Mul', [g.op('Softmax', [kept], { axis: { i: -1 } }), mask]);
}

/** One-hot rows of int ids [...] over `depth`: [..., depth], zero for an id out of range, as compile/ops.ts `oneHotAny`. */
export function oneHotAny(g: OnnxGraph, ids: string, depth: number): string {
  const column = g.op('Unsqueeze', [g.op('Cast', [ids], { to: { i: ONNX_TYPE.int32 } }), g.int64s([-1])]);
  const range = g.constant(Array.from({ length: depth }, (_, i) => i), [depth], 'int32');
  return g.op('Cast', [g.op('Equal', [column, range])], { to: { i: ONNX_TYPE.float32 } });
}

/** x with its last axis replaced by `width`, for reshaping back after working on flat rows. */
export function shapeWithLast(g: OnnxGraph, x: string, width: number): string {
  return g.op('Concat', [g.op('Shape', [x], { end: { i: -1 } }), g.int64s([width])], { axis: { i: 0 } });
}

/**
 * 1 for the floor(share · N) lowest of all N scores (the whole batch), else 0,
 * ties to the earlier score, as residual-branch-gate.ts `lowestShareMask`:
 * each score's rank in ascending order, compared with the count.
 */
export function lowestShareMask(g: OnnxGraph, scores: string, share: number): string {
  const flat = g.op('Reshape', [scores, g.int64s([-1])]);
  const n = g.op('Shape', [flat]);                                                       // [N]
  const [, order] = g.ops('TopK', [flat, n], { axis: { i: 0 }, largest: { i: 0 }, sorted: { i: 1 } }, 2) as [string, string];
  const positions = g.op('Range', [g.constant([0], [], 'int64'), g.op('Squeeze', [n, g.int64s([0])]), g.constant([1], [], 'int64')]);
  const rank = g.op('ScatterElements', [positions, order, positions], { axis: { i: 0 } }); // rank[order[i]] = i
  const count = g.op('Floor', [g.op('Mul', [g.op('Cast', [n], { to: { i: ONNX_TYPE.float32 } }), g.scalar(Math.min(1, Math.max(0, share)))])]);
  const lowest = g.op('Cast', [g.op('Less', [g.op('Cast', [rank], { to: { i: ONNX_TYPE.float32 } }), count])], { to: { i: ONNX_TYPE.float32 } });
  return g.op('Reshape', [lowest, g.op('Shape', [scores])]);
}

/** Rows scaled to sum to 1 on the last axis, an all-zero row kept at zero, as router.ts `renormalize`. */
export function renormalize(g: OnnxGraph, weights: string): string {
  return g.op('Div', [weights, g.op('Add', [sumLast(g, weights), g.scalar(1e-9)])]);
}
