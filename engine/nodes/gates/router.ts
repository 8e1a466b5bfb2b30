/**
 * The router primitive, built once for every node that
 * routes: logits → mask (top-k by rank, threshold or batch quantile) →
 * normalise → dispatch and combine, plus the load-balancing loss.
 *
 * Pure functions on tensors whose last axis holds the E choices (experts,
 * exits, coarse/fine); call them inside tidy or a gradient function. Masks are
 * 0/1 float tensors with zero gradient: tf.topk and tf.greater have no
 * gradient in tfjs, so "is among the k largest" is computed from
 * pairwise ranks with tf.step, and the gradient reaches the router through the
 * weights of the entries the mask keeps.
 */
import * as tf from '@tensorflow/tfjs-core';
import { oneHotAny, stepAbove, stopGradient } from '../../compile/ops';
import type { InterventionSpec } from '../../registry/defineNode';

type Tensor = tf.Tensor;

/** Large negative logit for entries a mask removes (exp underflows to 0). */
const NEG = -1e9;

/** [E, E] constant: 1 where j < i (an earlier entry wins a tie against a later one). */
function earlierThan(E: number): Tensor {
  const m = new Float32Array(E * E);
  for (let i = 0; i < E; i++) for (let j = 0; j < i; j++) m[i * E + j] = 1;
  return tf.tensor2d(m, [E, E]);
}

/**
 * Rank of each entry within its row of the last axis: 0 for the largest, E−1
 * for the smallest; ties go to the lower index, so ranks are a permutation.
 * rank_i = #{j : s_j > s_i} + #{j < i : s_j = s_i}. No gradient.
 */
export function ranks(scores: Tensor): Tensor {
  const s = stopGradient(scores);
  const E = s.shape[s.shape.length - 1]!;
  const rowI = tf.expandDims(s, -1);                  // (..., E, 1): s_i
  const colJ = tf.expandDims(s, -2);                  // (..., 1, E): s_j
  const diff = tf.sub(colJ, rowI);                    // (..., E, E): s_j − s_i
  const greater = tf.step(diff);                      // s_j > s_i
  const atLeast = tf.sub(1, tf.step(tf.neg(diff)));   // s_j ≥ s_i
  const early = earlierThan(E);
  const beats = tf.add(tf.mul(early, atLeast), tf.mul(tf.sub(1, early), greater));
  return tf.sum(beats, -1);                           // (..., E)
}

/** 1 for the k largest entries of each row (last axis), else 0. Exactly k per row, ties to the lower index. */
export function topKMask(scores: Tensor, k: number): Tensor {
  return tf.step(tf.sub(k - 0.5, ranks(scores)));
}

/** 1 where the score is above the threshold (a hard two-way or per-exit decision). */
export function thresholdMask(scores: Tensor, threshold: number): Tensor {
  return stepAbove(stopGradient(scores), threshold);
}

/**
 * Batch quantile along axis 0: 1 for the round(keep · N) rows with the largest
 * score in each column (e.g. "the 50% of tokens this gate wants most").
 * scores [N, ...]; O(N²) memory, fine for N ≤ 512.
 */
export function quantileMask(scores: Tensor, keep: number): Tensor {
  const N = scores.shape[0]!;
  const k = Math.round(Math.min(1, Math.max(0, keep)) * N);
  const perm = [...Array(scores.rank).keys()].slice(1).concat(0);   // move axis 0 last
  const back = [scores.rank - 1, ...[...Array(scores.rank - 1).keys()]];
  return tf.transpose(topKMask(tf.transpose(scores, perm), k), back);
}

/** Softmax over the entries the mask keeps; the others get exactly 0. */
export function maskedSoftmax(logits: Tensor, mask: Tensor): Tensor {
  const kept = tf.add(tf.mul(logits, mask), tf.mul(tf.sub(1, mask), NEG));
  return tf.mul(tf.softmax(kept), mask);
}

/** Rows scaled to sum to 1 on the last axis; an all-zero row stays zero. */
export function renormalize(weights: Tensor, eps = 1e-9): Tensor {
  return tf.div(weights, tf.add(tf.sum(weights, -1, true), eps));
}

export type TopKGating =
  /** softmax over the k kept logits, the rest −∞: the TopK of Shazeer et al. and of Nguyen et al. (2024). */
  | 'topk-softmax'
  /** softmax over all E, then keep the k largest probabilities (optionally renormalised): Switch, MoE++. */
  | 'softmax-topk';

export interface Routing {
  /** Router probabilities over all E, softmax(logits): what the balance loss reads. */
  probs: Tensor;
  /** 1 for the experts each token is dispatched to. */
  mask: Tensor;
  /** Combine weights: zero outside the mask. */
  weights: Tensor;
}

/**
 * The `offExpert` intervention: expert `index` (rounded, clamped to the last)
 * leaves the routing. Its logit becomes NEG (−∞ in effect: exp underflows to
 * 0, and unlike −Infinity it cannot turn 0 · logit into NaN), so it ranks
 * last, top-k passes it over and each of its tokens goes to its next-best
 * expert, and any softmax spreads its share over the others. `keep` [E] (0 at
 * the expert) clears it from a top-k mask too, for k = E, where ranks alone
 * would still keep it.
 */
export function switchOffExpert(logits: Tensor, index: number): { logits: Tensor; keep: Tensor } {
  const E = logits.shape[logits.shape.length - 1]!;
  const off = Math.min(E - 1, Math.max(0, Math.round(index)));
  const keep = tf.tensor1d(Array.from({ length: E }, (_, e) => (e === off ? 0 : 1)));
  return { logits: tf.add(tf.mul(logits, keep), tf.mul(tf.sub(1, keep), NEG)), keep };
}

/** The declaration of `offExpert` for a router of at most `maxExperts` experts. */
export function offExpertIntervention(maxExperts: number): InterventionSpec {
  return {
    label: 'switch off expert', min: 0, max: maxExperts - 1, step: 1, initial: 0,
    doc: 'This expert (0 = the first) leaves the routing at evaluation: its score is set to −∞ before the top-k, so its tokens go to their next-best expert and the weights are renormalised over the experts kept. An index past the last means the last.',
  };
}

/**
 * Top-k routing of logits [..., E]. With 'topk-softmax' the weights of a row
 * sum to 1; with 'softmax-topk' they are the kept probabilities, summing to 1
 * only when `renormalize` is set. `offExpert`: see switchOffExpert.
 */
export function routeTopK(logits: Tensor, k: number, gating: TopKGating = 'topk-softmax', renormalizeKept = false, offExpert?: number): Routing {
  let keep: Tensor | undefined;
  if (offExpert !== undefined) ({ logits, keep } = switchOffExpert(logits, offExpert));
  const probs = tf.softmax(logits);
  const mask = keep ? tf.mul(topKMask(logits, k), keep) : topKMask(logits, k);
  const kept = tf.mul(probs, mask);
  // The softmax over the kept logits is the kept probabilities over their sum: exp(l_i) / Σ_kept exp(l_j).
  // The top-k always keeps a row's largest probability (at least 1/E), so the sum cannot underflow.
  return { probs, mask, weights: gating === 'topk-softmax' || renormalizeKept ? renormalize(kept) : kept };
}

/**
 * Combines expert outputs: y = Σ_e w_e · out_e.
 * outputs [..., E, D] (one slice per expert), weights [..., E] → [..., D].
 */
export function combine(outputs: Tensor, weights: Tensor): Tensor {
  return tf.sum(tf.mul(outputs, tf.expandDims(weights, -1)), -2);
}

/**
 * Load-balancing loss E · Σ_i η_i f_i P_i (Switch Transformer; MoE++, top-K MoE), flat over all leading axes:
 * f_i = share of routed (token, slot) pairs sent to expert i (counted, no gradient),
 * P_i = mean router probability of i (the gradient flows through it).
 * `eta` weighs each expert (MoE++: 1 for FFN experts, τ for zero-computation ones). Equals 1 (times η) when balanced.
 * Not multiplied by its coefficient α: the caller does that.
 */
export function loadBalanceLoss(probs: Tensor, mask: Tensor, eta?: Tensor | number[]): Tensor {
  const E = probs.shape[probs.shape.length - 1]!;
  // Rows as they are when already flat: a reshape is a kernel, and another in the backward pass.
  const p = probs.rank === 2 ? probs : tf.reshape(probs, [-1, E]);
  const m = stopGradient(mask.rank === 2 ? mask : tf.reshape(mask, [-1, E]));
  const f = tf.div(tf.sum(m, 0), tf.maximum(tf.sum(m), 1));    // (E)
  const P = tf.mean(p, 0);                                     // (E)
  let fp = tf.mul(f, P);
  if (eta) fp = tf.mul(fp, Array.isArray(eta) ? tf.tensor1d(eta) : eta);
  return tf.mul(tf.sum(fp), E);
}

/**
 * Expert capacity (Switch Transformer, GShard): of a batch's N tokens, each
 * expert takes at most ceil(factor · N · k / E) assignments, first come first
 * served in token order (flattened batch, then position); the rest are
 * dropped. GShard fills every token's first choice before any second choice;
 * here all of a token's choices queue at its place. mask [..., E], 0/1 with k
 * per row → the assignments kept, same shape. Counted on a constant: no
 * gradient reaches the mask.
 */
export function capacityMask(mask: Tensor, k: number, factor: number): Tensor {
  const E = mask.shape[mask.shape.length - 1]!;
  const m = tf.reshape(stopGradient(mask), [-1, E]);                  // (N, E)
  const capacity = Math.ceil((factor * m.shape[0]! * k) / E);
  // Along the last axis: tfjs 4.22's Cumsum gradient has the wrong shape for any other axis, and the tape still visits it.
  const place = tf.transpose(tf.cumsum(tf.transpose(m), 1));          // (N, E): 1-based place in each expert's queue
  return tf.reshape(tf.mul(m, tf.step(tf.sub(capacity + 0.5, place))), mask.shape);
}

/** Share of each row's slots per expert, [E], from a mask [..., E] (the expertLoad statistic, as a tensor). */
export function expertShare(mask: Tensor): Tensor {
  const E = mask.shape[mask.shape.length - 1]!;
  const m = tf.reshape(mask, [-1, E]);
  return tf.div(tf.sum(m, 0), tf.maximum(tf.sum(m), 1));
}

/**
 * Clustering purity of the routing against known groups (regions, token
 * kinds): each token counts for its top-1 expert; each expert scores the size
 * of its largest group; the sum over experts divided by the tokens. 1 when
 * every expert serves a single group, 1/G when routing ignores the groups.
 * weights [..., E], groups [...] int ids in [0, G).
 */
export function groupPurity(weights: Tensor, groups: Tensor, G: number): Tensor {
  const E = weights.shape[weights.shape.length - 1]!;
  const top1 = topKMask(tf.reshape(weights, [-1, E]), 1);                     // (N, E)
  const g = oneHotAny(tf.reshape(groups, [-1]), G);         // (N, G)
  const counts = tf.matMul(g, top1, true, false);                              // (G, E)
  return tf.div(tf.sum(tf.max(counts, 0)), top1.shape[0]!);
}
