/**
 * Turns the tensors nodes record during a probe pass into typed summaries
 * (kinds.ts), one per declared statistic, and those into the flat keys of
 * `gatelab train --json`. The figures themselves are computed in gates.ts,
 * attention.ts and routing.ts.
 */
import type { Compiled } from '../compile/compile';
import type { ProbeRecord } from '../compile/model';
import type { NodeDef, StatSpec } from '../registry/defineNode';
import { uniformFirstTokenBaseline, type MaskKind } from '../nodes/attention';
import { gateMap, gateSummary } from './gates';
import { attentionMap, firstTokenAttention, firstTokenAttentionByKind } from './attention';
import { routingSummary } from './routing';
import { ACTIVATION_STAT } from './activations';
import { flattenSummary, type NodeSummary, type StatSummary, type StatValue } from './kinds';
import type { ProbeContext } from './context';

export { histogram, gateSummary, gateMap, HISTOGRAM_BINS } from './gates';
export { firstTokenAttention, firstTokenAttentionByKind, attentionMap } from './attention';
export { routingSummary, COLLAPSE_SHARE } from './routing';
export type { ProbeContext } from './context';
export type { StatValue } from './kinds';

/** A node's statistics as flat keys (gateMean, expertLoad, ...): for CSV, `--json` and tests that read one figure. */
export type NodeStats = Record<string, StatValue>;
/** Typed summaries by node id; '@model' holds the figures of the whole model. */
export type Summaries = Record<string, NodeSummary>;

/** The mark that splits first-token attention by query kind (the sink stream's ordinary vs trigger positions). */
export const QUERY_KIND_MARK = 'queryKind';

/** The kinds a node's card prefers for its headline, first to last, when the node names none. */
const HEADLINE_KINDS: readonly StatSpec['kind'][] = ['gate', 'rate', 'routing', 'attention', 'compute'];

/** The statistic a node's card draws: the one it names, else its first gate, rate, routing, attention or compute statistic. */
export function headlineOf(def: NodeDef): string | undefined {
  if (def.headline) return def.headline;
  const stats = Object.entries(def.stats ?? {});
  for (const kind of HEADLINE_KINDS) {
    const hit = stats.find(([, s]) => s.kind === kind);
    if (hit) return hit[0];
  }
  return undefined;
}

/** Flat keys of every node's summaries. */
export function flattenSummaries(summaries: Summaries): Record<string, NodeStats> {
  const out: Record<string, NodeStats> = Object.create(null);
  for (const [id, s] of Object.entries(summaries)) out[id] = flattenSummary(s);
  return out;
}

const scalar = (value: number): StatSummary => ({ kind: 'scalar', value });

/** The probe pass's records as typed summaries, by node id and statistic name. */
export async function summarize(records: ProbeRecord[], compiled: Compiled, context: ProbeContext = {}): Promise<Summaries> {
  const out: Summaries = Object.create(null);
  const spent = new Map<string, number>();
  const sinks: number[] = [];
  for (const r of records) {
    if (r.stat === ACTIVATION_STAT) {
      const [max, meanAbs] = (await r.value.data()) as Float32Array;
      const stats = (out[r.nodeId] ??= {});
      // several outputs: the largest magnitude of any, the mean |x| of the first
      const prev = stats[ACTIVATION_STAT];
      stats[ACTIVATION_STAT] = prev?.kind === 'activation' ? { kind: 'activation', max: Math.max(prev.max, max!), meanAbs: prev.meanAbs } : { kind: 'activation', max: Math.max(0, max!), meanAbs: meanAbs! };
      continue;
    }
    const def = compiled.model.nodeDef(r.nodeId);
    const spec: StatSpec | undefined = def?.stats && Object.hasOwn(def.stats, r.stat) ? def.stats[r.stat] : undefined;
    if (!def || !spec) continue;
    const values = (await r.value.data()) as Float32Array;
    const stats = (out[r.nodeId] ??= {});
    const summary = summarizeOne(r, values, spec, compiled, context);
    if (summary.kind === 'attention') sinks.push(summary.firstToken.reduce((a, b) => a + b, 0) / Math.max(summary.firstToken.length, 1));
    if (summary.kind === 'compute') spent.set(r.nodeId, summary.share);
    stats[r.stat] = headlineOf(def) === r.stat ? { ...summary, headline: true } : summary;
  }
  const model: NodeSummary = {};
  for (const [k, v] of Object.entries(computeSpent(compiled, spent))) model[k] = scalar(v);
  // The sink of the model is the mean over layers of each layer's mean over heads.
  if (sinks.length) model.firstTokenAttention = scalar(sinks.reduce((a, b) => a + b, 0) / sinks.length);
  out['@model'] = model;
  return out;
}

/** One record's summary, by the kind its node declares. */
function summarizeOne(r: ProbeRecord, values: Float32Array, spec: StatSpec, compiled: Compiled, context: ProbeContext): StatSummary {
  const shape = r.value.shape;
  switch (spec.kind) {
    case 'scalar': {
      // per-item entries with no data are NaN (a count no example has): the mean is over the others
      let s = 0, n = 0;
      for (const v of values) if (!Number.isNaN(v)) { s += v; n++; }
      const out: StatSummary = { kind: 'scalar', value: n ? s / n : NaN };
      if (spec.perItem && r.value.rank === 1) out.perItem = { item: spec.perItem, values: Array.from(values) };
      return out;
    }
    case 'gate': {
      // perItem: the first axis is the item (a layer of a stack); fold it into the batch for the summary.
      const [first, ...rest] = shape;
      const folded = spec.perItem && rest.length >= 2 ? [first! * rest[0]!, ...rest.slice(1)] : shape;
      const range = spec.range ?? [0, 1];
      return {
        kind: 'gate',
        range,
        ...gateSummary(values, folded, range),
        map: gateMap(values, shape, Boolean(spec.perItem)),
        ...(spec.perItem && rest.length >= 1 ? { perItem: { item: spec.perItem, values: meanPerFirstAxis(values, first!) } } : {}),
      };
    }
    case 'attention': {
      const kind = String(compiled.validation.params.get(r.nodeId)?.causal ?? 'causal') as MaskKind;
      const T = shape[2]!;
      const kinds = context.marks?.[QUERY_KIND_MARK];
      return {
        kind: 'attention',
        firstToken: firstTokenAttention(values, shape),
        baseline: uniformFirstTokenBaseline(T, kind),
        map: attentionMap(values, shape, 0),
        ...(kinds && kinds.shape[0] === shape[0] && kinds.shape[1] === T ? { byQueryKind: firstTokenAttentionByKind(values, shape, kinds.data) } : {}),
      };
    }
    case 'routing': return routingSummary(values, shape);
    case 'compute': return { kind: 'compute', share: meanOf(values) };
    case 'rate': {
      const out: StatSummary = { kind: 'rate', value: meanOf(values) };
      if (spec.perItem && r.value.rank >= 2) out.perItem = { item: spec.perItem, values: meanPerFirstAxis(values, shape[0]!) };
      // A decision per token ([B, T, ...], or [L, B, T, ...] per item): the rate at each position.
      const posAxis = spec.perItem ? 2 : 1;
      if (r.value.rank > posAxis) {
        const per = meanPerAxis(values, shape, posAxis);
        if (per.length > 1) out.perPosition = per;
      }
      return out;
    }
  }
}

function meanOf(values: Float32Array): number {
  let s = 0;
  for (const v of values) s += v;
  return s / Math.max(values.length, 1);
}

/**
 * FLOPs per example actually spent: each node's dense FLOPs times the share it
 * reported through a 'compute' stat (1 when it reports none), so skipped tokens,
 * zero-computation experts and early exits count as free.
 */
export function computeSpent(compiled: Compiled, spent: ReadonlyMap<string, number>): Record<'flopsPerExample' | 'denseFlopsPerExample' | 'params', number> {
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
