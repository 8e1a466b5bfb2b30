/**
 * Router statistics from dispatch weights w [N, E] (tokens × experts, zero
 * where a token is not sent): expert load, importance, routing entropy, which
 * expert wins each token, the collapse warning, and a sample of rows for the
 * token-to-expert heatmap.
 */
import type { RoutingSummary } from './kinds';

/** A router has collapsed when one expert is the top choice of more than this share of tokens. */
export const COLLAPSE_SHARE = 0.8;
/** Weights this close to a token's largest count as tied for its top choice. */
const TIE = 1e-6;

/** Rows of the weights kept for the token-to-expert heatmap (the first tokens of the probe batch). */
export const ROUTING_SAMPLE_ROWS = 32;

/**
 * load: share of routed (token, slot) pairs per expert (f_i of the balance loss);
 * importance: mean weight per expert (P_i); entropy: mean entropy of each
 * token's normalised weights (nats); topShare: share of tokens whose largest
 * weight is on each expert (a token tied between k experts counts 1/k for each); collapsed: max topShare > COLLAPSE_SHARE;
 * sample: the first ROUTING_SAMPLE_ROWS rows of w.
 */
export function routingSummary(w: ArrayLike<number>, shape: readonly number[]): RoutingSummary {
  const E = shape[shape.length - 1]!;
  const N = w.length / E;
  const load = new Array<number>(E).fill(0);
  const importance = new Array<number>(E).fill(0);
  const top = new Array<number>(E).fill(0);
  let routed = 0, entropy = 0, counted = 0;
  for (let n = 0; n < N; n++) {
    let rowSum = 0, best = -1, bestV = 0;
    for (let e = 0; e < E; e++) {
      const v = w[n * E + e]!;
      rowSum += v;
      if (v > bestV) { bestV = v; best = e; }
    }
    if (best >= 0) {
      // a tie is no one expert's choice: split the token among the tied experts
      // (an untrained post-hoc router gives every token equal weights; counting them all for e0 cried collapse)
      const tied: number[] = [];
      for (let e = 0; e < E; e++) if (bestV - w[n * E + e]! <= TIE) tied.push(e);
      for (const e of tied) top[e]! += 1 / tied.length;
      counted++;
    }
    for (let e = 0; e < E; e++) {
      const v = w[n * E + e]!;
      importance[e]! += v;
      if (v > 0) { load[e]!++; routed++; }
      const p = rowSum > 0 ? v / rowSum : 0;
      if (p > 0) entropy -= p * Math.log(p);
    }
  }
  const topShare = top.map((c) => c / Math.max(counted, 1));
  const sample: number[][] = [];
  for (let n = 0; n < Math.min(N, ROUTING_SAMPLE_ROWS); n++) sample.push(Array.from({ length: E }, (_, e) => Math.round(w[n * E + e]! * 1e4) / 1e4));
  return {
    kind: 'routing',
    load: load.map((c) => c / Math.max(routed, 1)),
    importance: importance.map((s) => s / Math.max(N, 1)),
    entropy: entropy / Math.max(N, 1),
    topShare,
    collapsed: Math.max(0, ...topShare) > COLLAPSE_SHARE,
    sample,
  };
}
