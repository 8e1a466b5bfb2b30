/**
 * Turns the tensors nodes record during a probe pass into plain numbers, named
 * as the telemetry views and `gatelab train --json` expect them.
 */
import type { Compiled } from '../compile/compile';
import type { ProbeRecord } from '../compile/model';
import type { StatSpec } from '../registry/defineNode';
import { uniformFirstTokenBaseline, type MaskKind } from '../nodes/attention';

export type StatValue = number | number[] | number[][];
export type NodeStats = Record<string, StatValue>;

export const HISTOGRAM_BINS = 20;

/** Counts of values in `bins` equal bins over [lo, hi] (values outside are clamped into the end bins). */
export function histogram(values: ArrayLike<number>, lo: number, hi: number, bins = HISTOGRAM_BINS): number[] {
  const h = new Array<number>(bins).fill(0);
  const w = (hi - lo) / bins;
  for (let i = 0; i < values.length; i++) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor((values[i]! - lo) / w)));
    h[b]!++;
  }
  return h;
}

/** Gate values: mean, histogram, shares near 0 and 1, and for sequences the mean per position. */
export function gateSummary(name: string, values: Float32Array, shape: number[], range: [number, number] = [0, 1]): NodeStats {
  let sum = 0, near0 = 0, near1 = 0;
  const [lo, hi] = range;
  const tol = 0.05 * (hi - lo);
  for (const v of values) { sum += v; if (Math.abs(v) < tol) near0++; if (Math.abs(v - 1) < tol) near1++; }
  const n = Math.max(values.length, 1);
  const out: NodeStats = {
    [`${name}Mean`]: sum / n,
    [`${name}Histogram`]: histogram(values, lo, hi),
    [`${name}Near0`]: near0 / n,
    [`${name}Near1`]: near1 / n,
  };
  if (shape.length >= 3) {
    // [B, T, ...]: mean over everything but the position axis
    const [B, T] = shape as [number, number];
    const inner = values.length / (B * T);
    const per = new Array<number>(T).fill(0);
    for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) for (let k = 0; k < inner; k++) per[t]! += values[(b * T + t) * inner + k]!;
    out[`${name}PerPosition`] = per.map((s) => s / (B * inner));
  }
  return out;
}

/** First-token attention per head: mean over batch and queries i ≥ 1 of A[b, h, i, 0] (GATING_SPEC §0.2). */
export function firstTokenAttention(A: Float32Array, shape: number[]): number[] {
  const [B, H, T, S] = shape as [number, number, number, number];
  const out = new Array<number>(H).fill(0);
  for (let b = 0; b < B; b++) for (let h = 0; h < H; h++) for (let i = 1; i < T; i++) out[h]! += A[((b * H + h) * T + i) * S]!;
  return out.map((s) => s / (B * Math.max(T - 1, 1)));
}

/** Expert load (share of routed slots per expert) and mean routing entropy, from dispatch weights [N, E]. */
export function routingSummary(w: Float32Array, shape: number[]): NodeStats {
  const E = shape[shape.length - 1]!;
  const N = w.length / E;
  const load = new Array<number>(E).fill(0);
  const importance = new Array<number>(E).fill(0);
  let routed = 0, entropy = 0;
  for (let n = 0; n < N; n++) {
    let rowSum = 0;
    for (let e = 0; e < E; e++) rowSum += w[n * E + e]!;
    for (let e = 0; e < E; e++) {
      const v = w[n * E + e]!;
      importance[e]! += v;
      if (v > 0) { load[e]!++; routed++; }
      const p = rowSum > 0 ? v / rowSum : 0;
      if (p > 0) entropy -= p * Math.log(p);
    }
  }
  return { expertLoad: load.map((c) => c / Math.max(routed, 1)), importance: importance.map((s) => s / Math.max(N, 1)), routingEntropy: entropy / Math.max(N, 1) };
}

export async function summarizeRecords(records: ProbeRecord[], compiled: Compiled): Promise<Record<string, NodeStats>> {
  const out: Record<string, NodeStats> = Object.create(null);
  const spent = new Map<string, number>();
  for (const r of records) {
    const def = compiled.model.nodeDef(r.nodeId);
    const spec: StatSpec | undefined = def?.stats && Object.hasOwn(def.stats, r.stat) ? def.stats[r.stat] : undefined;
    if (!spec) continue;
    const values = (await r.value.data()) as Float32Array;
    const stats = (out[r.nodeId] ??= {});
    switch (spec.kind) {
      case 'scalar': {
        let s = 0;
        for (const v of values) s += v;
        stats[r.stat] = s / Math.max(values.length, 1);
        if (spec.perItem && r.value.rank === 1) stats[`${r.stat}Per${spec.perItem}`] = Array.from(values);
        break;
      }
      case 'gate': {
        // perItem: the first axis is the item (a layer of a stack); fold it into the batch for the summary.
        const [first, ...rest] = r.value.shape;
        const shape = spec.perItem && rest.length >= 2 ? [first! * rest[0]!, ...rest.slice(1)] : r.value.shape;
        Object.assign(stats, gateSummary(r.stat, values, shape, spec.range));
        if (spec.perItem && rest.length >= 1) stats[`${r.stat}MeanPer${spec.perItem}`] = meanPerFirstAxis(values, first!);
        break;
      }
      case 'attention': {
        const kind = String(compiled.validation.params.get(r.nodeId)?.causal ?? 'causal') as MaskKind;
        const T = r.value.shape[2]!;
        stats.firstTokenAttention = firstTokenAttention(values, r.value.shape);
        stats.firstTokenBaseline = uniformFirstTokenBaseline(T, kind);
        break;
      }
      case 'routing': Object.assign(stats, routingSummary(values, r.value.shape)); break;
      case 'compute': {
        let s = 0;
        for (const v of values) s += v;
        spent.set(r.nodeId, s / Math.max(values.length, 1));
        stats.computeFraction = spent.get(r.nodeId)!;
        break;
      }
      case 'rate': {
        let s = 0;
        for (const v of values) s += v;
        stats[`${r.stat}Rate`] = s / Math.max(values.length, 1);
        if (spec.perItem && r.value.rank >= 2) stats[`${r.stat}RatePer${spec.perItem}`] = meanPerFirstAxis(values, r.value.shape[0]!);
        break;
      }
    }
  }
  out['@model'] = computeSpent(compiled, spent);
  return out;
}

/**
 * FLOPs per example actually spent: each node's dense FLOPs times the share it
 * reported through a 'compute' stat (1 when it reports none), so skipped tokens,
 * zero-computation experts and early exits count as free.
 */
export function computeSpent(compiled: Compiled, spent: ReadonlyMap<string, number>): NodeStats {
  const share = new Map<string, number>();
  for (const [id, s] of spent) {
    const covers = Object.values(compiled.model.nodeDef(id)?.stats ?? {}).find((st) => st.kind === 'compute')?.covers;
    if (!covers) { share.set(id, (share.get(id) ?? 1) * s); continue; }
    // The share is the gated branch's: the node's own FLOPs (the gate itself) count in full.
    for (const b of branchOf(compiled, id, covers)) share.set(b, (share.get(b) ?? 1) * s);
  }
  let actual = 0;
  for (const [id, f] of Object.entries(compiled.flopsByNode)) actual += f * (share.get(id) ?? 1);
  return { flopsPerExample: actual, denseFlopsPerExample: compiled.flopsPerExample, params: compiled.params };
}

/**
 * The nodes whose outputs go only into `ports` of node `id`, directly or
 * through other such nodes: the branch a residual gate may skip. A node that
 * also feeds anything else (the gate's own input, the residual stream) is not
 * in it.
 */
export function branchOf(compiled: Compiled, id: string, ports: readonly string[]): Set<string> {
  const edges = compiled.model.graph.edges;
  const inBranch = new Set<string>();
  const order = compiled.validation.order;
  for (let i = order.length - 1; i >= 0; i--) {
    const n = order[i]!;
    if (n === id) continue;
    const outs = edges.filter((e) => e.source === n);
    if (outs.length > 0 && outs.every((e) => (e.target === id && ports.includes(e.targetHandle)) || inBranch.has(e.target))) inBranch.add(n);
  }
  return inBranch;
}

/** Mean of each slice along the first axis of a flat array. */
function meanPerFirstAxis(values: Float32Array, n: number): number[] {
  const per = values.length / Math.max(n, 1);
  const out = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < per; k++) s += values[i * per + k]!;
    out[i] = s / Math.max(per, 1);
  }
  return out;
}
