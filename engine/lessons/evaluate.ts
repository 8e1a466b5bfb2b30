/**
 * Evaluates lesson checks against what the student has: the graph, the runs
 * trained from it (the graph's own and named variants), and the views opened.
 */
import type { Graph, GraphNode } from '../graph/format';
import { validateGraph } from '../graph/validate';
import { registry } from '../registry/default';
import { withDefaults, type ParamValue } from '../registry/params';
import type { NodeStats, StatValue } from '../stats/summarize';
import { compareOp, type Reducer, type Check, type Measure, type NodeSelector } from './checks';

/** What a check reads of one run: the `RunSummary` fields, or the editor's live figures. */
export interface RunRecord {
  steps: number;
  loss: number;
  accuracy?: number;
  trainLoss?: number;
  /** Training loss of the very first step. */
  firstLoss?: number;
  metrics?: Record<string, number>;
  /** The dataset's figures at the end of each phase but the last. */
  phaseMetrics?: readonly { phase: string; metrics: Record<string, number> }[];
  stats: Record<string, NodeStats>;
}

export interface CheckContext {
  graph: Graph;
  /** The run of the graph as it stands. */
  run?: RunRecord;
  /** Runs of the graph's variants, by variant name. */
  variants?: Readonly<Record<string, RunRecord | undefined>>;
  /** Interface views the student opened (`sink-lab`, `telemetry`, ...). */
  opened?: ReadonlySet<string>;
}

export interface CheckResult {
  passed: boolean;
  /** The check's message while it fails, with what is missing where that helps. */
  message: string;
  /** The figure a run check compared, for "you got 0.82". */
  observed?: number;
}

const pass = (message: string, observed?: number): CheckResult => ({ passed: true, message, ...(observed !== undefined ? { observed } : {}) });
const fail = (message: string, observed?: number): CheckResult => ({ passed: false, message, ...(observed !== undefined ? { observed } : {}) });

export function evaluateCheck(check: Check, ctx: CheckContext): CheckResult {
  switch (check.kind) {
    case 'node': return selectNodes(ctx.graph, check.node).length > 0 ? pass(check.message) : fail(check.message);
    case 'path': return hasPath(ctx.graph, check) ? pass(check.message) : fail(check.message);
    case 'count': {
      const n = check.edges ? ctx.graph.edges.length : check.node ? selectNodes(ctx.graph, check.node).length : ctx.graph.nodes.length;
      const ok = (check.min === undefined || n >= check.min) && (check.max === undefined || n <= check.max);
      return ok ? pass(check.message, n) : fail(check.message, n);
    }
    case 'valid': {
      const errors = validateGraph(ctx.graph, registry).errors;
      return errors.length ? fail(`${check.message} (${errors.length} problem${errors.length === 1 ? '' : 's'}: ${errors[0]!.message})`) : pass(check.message);
    }
    case 'opened': return ctx.opened?.has(check.view) ? pass(check.message) : fail(check.message);
    default: return evaluateRunCheck(check, ctx);
  }
}

function evaluateRunCheck(check: Extract<Check, { kind: 'metric' | 'stat' | 'compute' | 'compare' }>, ctx: CheckContext): CheckResult {
  const need = check.minSteps ?? 1;
  const run = runOf(ctx, check.run);
  const waiting = (name: string | undefined) => fail(`${check.message} (train ${name ? `the "${name}" run` : 'the network'} for at least ${need} step${need === 1 ? '' : 's'} first)`);
  if (!run || run.steps < need) return waiting(check.run);
  const measure: Measure = check.kind === 'metric' ? { metric: check.metric }
    : check.kind === 'stat' ? statMeasure(check)
    : check.kind === 'compute' ? { compute: 'vsDense' } : check.measure;
  const mine = measureRun(measure, run, ctx.graph);
  if (mine === undefined || !Number.isFinite(mine)) return fail(`${check.message} (the run has no such figure yet)`);
  if (check.kind !== 'compare') return compareOp(mine, check.op, check.value) ? pass(check.message, mine) : fail(check.message, mine);
  const other = runOf(ctx, check.against);
  if (!other || other.steps < need) return waiting(check.against);
  const theirs = measureRun(measure, other, ctx.graph);
  if (theirs === undefined || !Number.isFinite(theirs)) return fail(`${check.message} (the "${check.against}" run has no such figure)`);
  // "a < b by a margin": a + margin < b; "a > b by a margin": a - margin > b (a negative margin is leeway)
  const m = check.margin ?? 0;
  const shifted = check.op.startsWith('<') ? mine + m : mine - m;
  return compareOp(shifted, check.op, theirs) ? pass(check.message, mine) : fail(check.message, mine);
}

function statMeasure({ stat, node, type, reduce }: Extract<Check, { kind: 'stat' }>): Measure {
  return { stat, ...(node !== undefined ? { node } : {}), ...(type !== undefined ? { type } : {}), ...(reduce !== undefined ? { reduce } : {}) };
}

function runOf(ctx: CheckContext, name: string | undefined): RunRecord | undefined {
  if (name === undefined) return ctx.run;
  return ctx.variants && Object.hasOwn(ctx.variants, name) ? ctx.variants[name] : undefined;
}

/** One number from a run: a metric, a reduced statistic, or compute spent against the dense model. */
export function measureRun(m: Measure, run: RunRecord, graph: Graph): number | undefined {
  if ('metric' in m) {
    if (m.phase !== undefined) {
      const at = run.phaseMetrics?.find((p) => p.phase === m.phase)?.metrics;
      return at && Object.hasOwn(at, m.metric) ? at[m.metric] : undefined;
    }
    if (m.metric === 'loss') return run.loss;
    if (m.metric === 'accuracy') return run.accuracy;
    if (m.metric === 'trainLoss') return run.trainLoss;
    if (m.metric === 'firstLoss') return run.firstLoss;
    return run.metrics && Object.hasOwn(run.metrics, m.metric) ? run.metrics[m.metric] : undefined;
  }
  if ('compute' in m) {
    const model = run.stats['@model'];
    const spent = Number(model?.flopsPerExample), dense = Number(model?.denseFlopsPerExample);
    return dense > 0 ? spent / dense : undefined;
  }
  const ids = m.node !== undefined ? [m.node] : graph.nodes.filter((n) => m.type === undefined || n.type === m.type).map((n) => n.id);
  const values: number[] = [];
  for (const id of ids) {
    const stats = Object.hasOwn(run.stats, id) ? run.stats[id] : undefined;
    const v = stats && Object.hasOwn(stats, m.stat) ? stats[m.stat] : undefined;
    const r = v === undefined ? undefined : reduceStat(v, m.reduce ?? 'mean');
    if (r !== undefined) values.push(r);
  }
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : undefined;
}

/** A statistic as one number: itself when scalar; for a list, its mean, min, max, spread (max - min) or last entry. */
export function reduceStat(v: StatValue, how: Reducer): number | undefined {
  if (typeof v === 'number') return v;
  const flat = (v as unknown[]).flat(3) as number[];
  if (!flat.length) return undefined;
  switch (how) {
    case 'mean': return flat.reduce((a, b) => a + b, 0) / flat.length;
    case 'min': return Math.min(...flat);
    case 'max': return Math.max(...flat);
    case 'spread': return Math.max(...flat) - Math.min(...flat);
    case 'last': return flat[flat.length - 1];
  }
}

function paramsOf(node: GraphNode): Record<string, ParamValue> {
  const def = registry.get(node.type);
  return def ? withDefaults(def.params, node.params ?? {}) : { ...node.params };
}

export function matches(node: GraphNode, sel: NodeSelector): boolean {
  if (sel.id !== undefined && node.id !== sel.id) return false;
  if (sel.type !== undefined && node.type !== sel.type) return false;
  if (!sel.params) return true;
  const params = paramsOf(node);
  return Object.entries(sel.params).every(([k, r]) => {
    const v = Object.hasOwn(params, k) ? params[k] : undefined;
    if (v === undefined) return false;
    if (r.equals !== undefined && v !== r.equals) return false;
    if (r.min !== undefined && !(typeof v === 'number' && v >= r.min)) return false;
    if (r.max !== undefined && !(typeof v === 'number' && v <= r.max)) return false;
    return true;
  });
}

export function selectNodes(graph: Graph, sel: NodeSelector): GraphNode[] {
  return graph.nodes.filter((n) => matches(n, sel));
}

/** A directed path from a node matching `from` to one matching `to` (one edge when `direct`, entering `port` when given). */
function hasPath(graph: Graph, c: Extract<Check, { kind: 'path' }>): boolean {
  const targets = new Set(selectNodes(graph, c.to).map((n) => n.id));
  const enters = (e: Graph['edges'][number]) => targets.has(e.target) && (c.port === undefined || e.targetHandle === c.port);
  for (const start of selectNodes(graph, c.from)) {
    const seen = new Set([start.id]);
    let frontier = [start.id];
    while (frontier.length) {
      const next: string[] = [];
      for (const e of graph.edges) {
        if (!frontier.includes(e.source)) continue;
        if (enters(e)) return true;
        if (!c.direct && !seen.has(e.target)) { seen.add(e.target); next.push(e.target); }
      }
      frontier = next;
    }
  }
  return false;
}

/** Evaluates all of a step's checks; the step passes when every one does. */
export function evaluateChecks(checks: readonly Check[], ctx: CheckContext): { passed: boolean; results: CheckResult[] } {
  const results = checks.map((c) => evaluateCheck(c, ctx));
  return { passed: results.every((r) => r.passed), results };
}
