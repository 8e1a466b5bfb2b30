/**
 * One example's route through a trained graph: the model runs on a batch of
 * that one example with recording on, and every statistic a node records
 * (gate values, routing weights, skip and exit decisions, compute shares) is
 * read for that example, or for one token of a sequence. Beside it, the
 * prediction and the label. `misclassified` lists the held-out examples (or
 * tokens) the model gets wrong, to pick one from.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Compiled } from '../compile/compile';
import type { ProbeRecord } from '../compile/model';
import type { StatSpec } from '../registry/defineNode';
import { sliceOf, type DeviceData } from '../train/batches';
import { ACTIVATION_STAT } from './activations';

/** Values kept per statistic; more are averaged into this many groups. */
const TRACE_VALUES = 64;

export interface TracedStat {
  /** The statistic's name in its node's declaration ('gate', 'routing', 'skip'). */
  name: string;
  kind: StatSpec['kind'];
  label: string;
  /** The example's (or token's) values, flat, in the order of `shape`; at most TRACE_VALUES (groups averaged beyond). */
  values: number[];
  /** Shape of the values before any grouping: [] for one number, [units], [heads, units], [layers] ... */
  shape: number[];
  mean: number;
  /** Routing only: the experts with a non-zero weight, largest first. */
  experts?: { expert: number; weight: number }[];
  /** The name of the first axis where the node records one value per layer, exit, ... ('Layer'). */
  perItem?: string;
  /** False for figures of the node itself (a learned parameter) or of a whole sequence, not of this token. */
  ofToken?: boolean;
}

export interface TracedNode {
  nodeId: string;
  type: string;
  /** The node type's display name ('Top-K softmax router'). */
  typeLabel: string;
  /** The node's label in the graph, when it has one. */
  label?: string;
  stats: TracedStat[];
}

export interface ExampleTrace {
  /** Index of the example in the data it was picked from (the held-out split). */
  index: number;
  /** The token position traced, for sequences. */
  position?: number;
  /** Token ids of the example's `x` input, for sequences. */
  tokens?: number[];
  nodes: TracedNode[];
  /** Classification: the predicted class, its probability and the label. Regression: the first outputs and targets. */
  predicted: number[];
  label: number[];
  confidence?: number;
  correct?: boolean;
}

export interface Misclassified {
  index: number;
  position?: number;
  label: number;
  predicted: number;
  confidence: number;
}

/** The position axis of a record of one sequence of length T: the first axis of size T (after the item axis). */
function positionAxis(shape: readonly number[], T: number, perItem: boolean): number {
  for (let a = perItem ? 1 : 0; a < shape.length; a++) if (shape[a] === T) return a;
  return -1;
}

/** Slice `index` of `axis` of a flat array of `shape`: the values and their shape. */
function take(values: ArrayLike<number>, shape: readonly number[], axis: number, index: number): { values: number[]; shape: number[] } {
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const n = shape[axis]!;
  const out: number[] = [];
  for (let o = 0; o < outer; o++) for (let k = 0; k < inner; k++) out.push(values[(o * n + index) * inner + k]!);
  return { values: out, shape: [...shape.slice(0, axis), ...shape.slice(axis + 1)] };
}

/** At most TRACE_VALUES values: consecutive groups averaged. */
function grouped(values: number[]): number[] {
  if (values.length <= TRACE_VALUES) return values;
  const out = new Array<number>(TRACE_VALUES).fill(0), n = new Array<number>(TRACE_VALUES).fill(0);
  values.forEach((v, i) => { const g = Math.floor((i * TRACE_VALUES) / values.length); out[g]! += v; n[g]!++; });
  return out.map((s, g) => s / n[g]!);
}

/**
 * One record of a one-example pass as that example's (token's) values: the
 * batch axis (size 1, after the item axis) dropped, and for a sequence the
 * token at `position` taken; a record with no token axis is the whole
 * example's (or the node's own) figure.
 */
export function traceRecord(name: string, spec: StatSpec, values: ArrayLike<number>, shape: readonly number[], position?: { at: number; length: number }): TracedStat {
  const perItem = Boolean(spec.perItem) && shape.length >= 1;
  let v = { values: Array.from(values), shape: [...shape] };
  let ofToken: boolean | undefined;
  if (position) {
    const a = positionAxis(v.shape, position.length, perItem);
    ofToken = a >= 0;
    if (a >= 0) v = take(v.values, v.shape, a, position.at);
  }
  const batchAxis = perItem ? 1 : 0;
  if (v.shape.length > batchAxis && v.shape[batchAxis] === 1) v = take(v.values, v.shape, batchAxis, 0);
  // a per-item scalar is NaN where no example of the batch has that item (a count the example does not reach)
  const known = v.values.filter((x) => !Number.isNaN(x));
  const mean = known.length ? known.reduce((s, x) => s + x, 0) / known.length : NaN;
  const out: TracedStat = { name, kind: spec.kind, label: spec.label, values: grouped(v.values), shape: v.shape, mean };
  if (spec.kind === 'routing') {
    out.experts = v.values.map((weight, expert) => ({ expert, weight })).filter((e) => e.weight > 0).sort((a, b) => b.weight - a.weight);
  }
  if (perItem) out.perItem = spec.perItem!;
  if (ofToken !== undefined) out.ofToken = ofToken;
  return out;
}

function softmax(logits: ArrayLike<number>): number[] {
  const l = Array.from(logits), m = Math.max(...l), e = l.map((v) => Math.exp(v - m)), s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

/** Argmax and its value. */
function top(p: ArrayLike<number>): [number, number] {
  let best = 0;
  for (let i = 1; i < p.length; i++) if (p[i]! > p[best]!) best = i;
  return [best, p[best]!];
}

/**
 * The route of held-out example `index` of `d` through the compiled model, at
 * token `position` for sequences (default: the last): each node's recorded
 * statistics for it, in the order the nodes ran, and the prediction.
 */
export async function traceExample(compiled: Compiled, d: DeviceData, index: number, position?: number): Promise<ExampleTrace> {
  if (!Number.isInteger(index) || index < 0 || index >= d.size) throw new Error(`there is no held-out example ${index}: pick one of 0 to ${d.size - 1}`);
  const records: ProbeRecord[] = [];
  const { pred, target, x } = tf.tidy(() => {
    const b = sliceOf(d, index, 1);
    const { pred } = compiled.model.forward(b.feeds, { training: false, records });
    return { pred, target: b.target, x: b.feeds['x'] };
  });
  try {
    const T = pred.shape.length === 3 ? pred.shape[1]! : undefined;
    const at = T !== undefined ? Math.min(Math.max(0, position ?? T - 1), T - 1) : undefined;
    const nodes: TracedNode[] = [];
    for (const r of records) {
      if (r.stat === ACTIVATION_STAT) continue;
      const def = compiled.model.nodeDef(r.nodeId);
      const spec = def?.stats && Object.hasOwn(def.stats, r.stat) ? def.stats[r.stat]! : undefined;
      if (!def || !spec || spec.kind === 'attention') continue;
      let node = nodes[nodes.length - 1];
      if (node?.nodeId !== r.nodeId) {
        const label = compiled.model.graph.nodes.find((n) => n.id === r.nodeId)?.label;
        node = { nodeId: r.nodeId, type: def.type, typeLabel: def.label, ...(label ? { label } : {}), stats: [] };
        nodes.push(node);
      }
      node.stats.push(traceRecord(r.stat, spec, (await r.value.data()) as Float32Array, r.value.shape, at !== undefined ? { at, length: T! } : undefined));
    }
    const out: ExampleTrace = { index, nodes, predicted: [], label: [] };
    if (at !== undefined) out.position = at;
    if (x && x.dtype === 'int32' && x.shape.length === 2) out.tokens = Array.from((await x.data()) as Int32Array);
    const p = (await pred.data()) as Float32Array;
    const y = await target.data();
    if (target.dtype === 'int32') {
      const V = pred.shape[pred.shape.length - 1]!, row = at ?? 0;
      const [cls, conf] = top(softmax(p.subarray(row * V, (row + 1) * V)));
      const label = y[row]!;
      Object.assign(out, { predicted: [cls], label: [label], confidence: conf, correct: cls === label });
    } else {
      out.predicted = Array.from(p.subarray(0, 8));
      out.label = Array.from(y).slice(0, 8);
    }
    return out;
  } finally {
    tf.dispose([pred, target, ...(x ? [x] : []), ...records.map((r) => r.value)]);
  }
}

/** The held-out examples (for sequences: tokens whose loss counts) the model gets wrong, most confident first, at most `limit`. */
export async function misclassified(compiled: Compiled, d: DeviceData, limit = 50, chunk = 512): Promise<Misclassified[]> {
  const out: Misclassified[] = [];
  for (let start = 0; start < d.size; start += chunk) {
    const size = Math.min(chunk, d.size - start);
    const r = tf.tidy(() => {
      const b = sliceOf(d, start, size);
      const { pred } = compiled.model.forward(b.feeds, { training: false });
      if (b.target.dtype !== 'int32') throw new Error('only a classification model has misclassified examples');
      const p = tf.softmax(pred);
      const keep = b.mask ?? tf.onesLike(b.target);
      return [tf.argMax(p, -1), tf.max(p, -1), b.target, tf.reshape(keep, b.target.shape)];
    });
    const [cls, conf, y, keep] = await Promise.all(r.map((t) => t.data()));
    const T = r[2]!.shape.length === 2 ? r[2]!.shape[1]! : 0;
    tf.dispose(r);
    for (let i = 0; i < cls!.length; i++) {
      if (keep![i] === 0 || cls![i] === y![i]) continue;
      const ex = T ? Math.floor(i / T) : i;
      out.push({ index: start + ex, ...(T ? { position: i % T } : {}), label: y![i]!, predicted: cls![i]!, confidence: conf![i]! });
    }
  }
  return out.sort((a, b) => b.confidence - a.confidence).slice(0, limit);
}
