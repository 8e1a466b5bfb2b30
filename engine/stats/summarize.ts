/**
 * Turns the tensors nodes record during a probe pass into plain numbers, named
 * as the telemetry views and `gatelab train --json` expect them. The figures
 * themselves are computed in gates.ts, attention.ts and routing.ts.
 */
import type { Compiled } from '../compile/compile';
import type { ProbeRecord } from '../compile/model';
import type { StatSpec } from '../registry/defineNode';
import { uniformFirstTokenBaseline, type MaskKind } from '../nodes/attention';
import { gateMap, gateSummary } from './gates';
import { attentionMap, firstTokenAttention, firstTokenAttentionByKind } from './attention';
import { routingSummary } from './routing';
import { ACTIVATION_STAT } from './activations';
import type { ProbeContext } from './context';

export { histogram, gateSummary, gateMap, HISTOGRAM_BINS } from './gates';
export { firstTokenAttention, firstTokenAttentionByKind, attentionMap } from './attention';
export { routingSummary, COLLAPSE_SHARE } from './routing';
export type { ProbeContext } from './context';

export type StatValue = number | number[] | number[][] | number[][][];
export type NodeStats = Record<string, StatValue>;

/** The mark that splits first-token attention by query kind (the sink stream's ordinary vs trigger positions). */
export const QUERY_KIND_MARK = 'queryKind';

export async function summarizeRecords(records: ProbeRecord[], compiled: Compiled, context: ProbeContext = {}): Promise<Record<string, NodeStats>> {
  const out: Record<string, NodeStats> = Object.create(null);
  const spent = new Map<string, number>();
  const sinks: number[] = [];
  for (const r of records) {
    if (r.stat === ACTIVATION_STAT) {
      const [max, meanAbs] = (await r.value.data()) as Float32Array;
      const stats = (out[r.nodeId] ??= {});
      // several outputs: the largest magnitude of any, the mean |x| of the first
      stats.maxActivation = Math.max(Number(stats.maxActivation ?? 0), max!);
      stats.meanAbsActivation ??= meanAbs!;
      continue;
    }
    const def = compiled.model.nodeDef(r.nodeId);
    const spec: StatSpec | undefined = def?.stats && Object.hasOwn(def.stats, r.stat) ? def.stats[r.stat] : undefined;
    if (!spec) continue;
    const values = (await r.value.data()) as Float32Array;
    const stats = (out[r.nodeId] ??= {});
    switch (spec.kind) {
      case 'scalar': {
        // per-item entries with no data are NaN (a count no example has): the mean is over the others
        let s = 0, n = 0;
        for (const v of values) if (!Number.isNaN(v)) { s += v; n++; }
        stats[r.stat] = n ? s / n : NaN;
        if (spec.perItem && r.value.rank === 1) stats[`${r.stat}Per${spec.perItem}`] = Array.from(values);
        break;
      }
      case 'gate': {
        // perItem: the first axis is the item (a layer of a stack); fold it into the batch for the summary.
        const [first, ...rest] = r.value.shape;
        const shape = spec.perItem && rest.length >= 2 ? [first! * rest[0]!, ...rest.slice(1)] : r.value.shape;
        Object.assign(stats, gateSummary(r.stat, values, shape, spec.range));
        stats[`${r.stat}Map`] = gateMap(values, r.value.shape, Boolean(spec.perItem));
        if (spec.perItem && rest.length >= 1) stats[`${r.stat}MeanPer${spec.perItem}`] = meanPerFirstAxis(values, first!);
        break;
      }
      case 'attention': {
        const kind = String(compiled.validation.params.get(r.nodeId)?.causal ?? 'causal') as MaskKind;
        const T = r.value.shape[2]!;
        const perHead = firstTokenAttention(values, r.value.shape);
        stats.firstTokenAttention = perHead;
        stats.firstTokenBaseline = uniformFirstTokenBaseline(T, kind);
        stats.attentionMap = attentionMap(values, r.value.shape, 0);
        sinks.push(perHead.reduce((a, b) => a + b, 0) / Math.max(perHead.length, 1));
        const kinds = context.marks?.[QUERY_KIND_MARK];
        if (kinds && kinds.shape[0] === r.value.shape[0] && kinds.shape[1] === T) {
          stats.firstTokenAttentionByQueryKind = firstTokenAttentionByKind(values, r.value.shape, kinds.data);
        }
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
        // A decision per token ([B, T, ...], or [L, B, T, ...] per item): the rate at each position.
        const posAxis = spec.perItem ? 2 : 1;
        if (r.value.rank > posAxis) {
          const per = meanPerAxis(values, r.value.shape, posAxis);
          if (per.length > 1) stats[`${r.stat}RatePerPosition`] = per;
        }
        break;
      }
    }
  }
  out['@model'] = computeSpent(compiled, spent);
  // The sink of the model is the mean over layers of each layer's mean over heads.
  if (sinks.length) out['@model'].firstTokenAttention = sinks.reduce((a, b) => a + b, 0) / sinks.length;
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

/** Mean over every axis but `axis` of a flat array of the given shape. */
export function meanPerAxis(values: ArrayLike<number>, shape: readonly number[], axis: number): number[] {
  const n = shape[axis]!;
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const out = new Array<number>(n).fill(0);
  for (let i = 0; i < values.length; i++) out[Math.floor(i / inner) % n]! += values[i]!;
  const count = values.length / Math.max(n, 1);
  return out.map((v) => v / Math.max(count, 1));
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
