/**
 * When the plain-JavaScript path may train a graph: every node on the way to
 * the Output declares a plain kernel (engine/registry/plain.ts) for its params,
 * every tensor is [B, width] of floats, small enough that tfjs's per-op
 * dispatch would cost more than the arithmetic, a classification loss, and a
 * training setup the plain path reproduces exactly (no phases, side inputs,
 * auxiliary losses or loss mask).
 */
import type { Compiled } from '../../compile/compile';
import { ancestorsOf } from '../../graph/topo';
import type { TensorInfo } from '../../registry/ports';
import type { Session } from '../session';
import { fuseActivations } from './fuse';
import { INPUT, PlainNet, type PlainNode } from './net';

/**
 * Multiply-adds of one batch's forward pass above which tfjs is left to do it.
 * `npm run bench` (plainVsTfjs: tfjs/plain step time, wasm, 2 cores, quiet machine):
 * 8.4 at 9 k multiply-adds a batch (width 8), 2.2 at 74 k (width 32), 0.99 at
 * 280 k (width 64), 0.65 at 1.1 M (width 128). Under load tfjs's per-op cost grows
 * and the crossover moves up; this limit keeps the plain path about 1.5 times ahead.
 */
export const PLAIN_MAX_MACS = 1 << 17;

export interface PlainPlan {
  net: PlainNet;
  /** Variable names, in the order of the net's weights. */
  varNames: string[];
}

const widthOf = (t: TensorInfo | undefined) => (t && t.dtype === 'float32' && t.shape.length === 2 && typeof t.shape[1] === 'number' ? t.shape[1] : undefined);

/** The plain plan for a graph, or why it must train on tfjs. */
export function plainPlan(compiled: Compiled, session: Session, anySize = false): PlainPlan | { reason: string } {
  const { model, validation } = compiled;
  const { graph } = model;
  const cfg = graph.training;
  if (cfg.phases?.length) return { reason: 'training phases' };
  if (validation.ties.size) return { reason: 'tied block instances' };
  if (session.data.mask || session.train.mask) return { reason: 'a loss mask' };
  const x = session.data.inputs['x'];
  if (!x || x.dtype !== 'float32' || x.shape.length !== 2) return { reason: 'inputs are not flat float features' };
  const inputs = graph.nodes.filter((n) => n.type === 'Input');
  if (inputs.length !== 1 || (validation.params.get(inputs[0]!.id)?.field ?? 'x') !== 'x') return { reason: 'side inputs' };
  const outputId = graph.nodes.find((n) => n.type === 'Output')!.id;
  if (validation.params.get(outputId)?.loss !== 'softmax_cross_entropy') return { reason: `the ${String(validation.params.get(outputId)?.loss)} loss` };
  const needed = ancestorsOf(graph.edges, [outputId]);
  const varsOf = new Map<string, [string, string][]>();
  for (const name of model.variables.keys()) {
    const owner = model.ownerOf(name)!;
    varsOf.set(owner, [...(varsOf.get(owner) ?? []), [name, name.slice(owner.length + 1)]]);
  }
  const index = new Map<string, number>([[inputs[0]!.id, INPUT]]);
  const nodes: PlainNode[] = [];
  const varNames: string[] = [];
  let output: [number, string] | undefined;
  for (const id of validation.order) {
    const def = model.nodeDef(id)!;
    if (def.auxLosses) return { reason: `node type ${def.type} (an auxiliary loss)` };
    if (!needed.has(id) || def.type === 'Input') continue;
    const from: PlainNode['from'] = {};
    for (const e of graph.edges) if (e.target === id) from[e.targetHandle] = [index.get(e.source)!, e.sourceHandle];
    if (id === outputId) { output = from['in']; continue; }
    const shapes = validation.shapes.get(id)!;
    const ins = Object.fromEntries(Object.keys(from).map((p) => [p, widthOf(shapes.inputs[p])]));
    const outs = Object.fromEntries(Object.entries(shapes.outputs).map(([p, t]) => [p, widthOf(t)]));
    if ([...Object.values(ins), ...Object.values(outs)].includes(undefined)) return { reason: `node "${id}" works on tensors other than [batch, features]` };
    const own = varsOf.get(id) ?? [];
    const kernel = def.plain?.({ params: validation.params.get(id)! as never, inputs: ins, outputs: outs as Record<string, number>, variables: Object.fromEntries(own.map(([full, short]) => [short, model.variables.get(full)!.shape])) });
    if (!kernel || 'reason' in kernel) return { reason: `node type ${def.type}${kernel ? ` (${kernel.reason})` : ''}` };
    const vars: Record<string, number> = {};
    for (const [full, short] of own) { vars[short] = varNames.length; varNames.push(full); }
    index.set(id, nodes.length);
    nodes.push({ id, kernel, from, widths: outs as Record<string, number>, vars });
  }
  if (!output || output[0] === INPUT) return { reason: 'no layer before the Output' };
  const macs = nodes.reduce((s, n) => s + (compiled.flopsByNode[n.id] ?? 0) / 2, 0) * cfg.batchSize;
  if (!anySize && macs > PLAIN_MAX_MACS) return { reason: `larger than ${PLAIN_MAX_MACS} multiply-adds a batch` };
  const fused = fuseActivations(nodes, output);
  // The starting weights are read when training starts (trainPlain): a GPU backend reads back asynchronously only.
  return { net: new PlainNet(fused.nodes, varNames.map((n) => model.variables.get(n)!.size), fused.output), varNames };
}

/**
 * The path a run takes: the plain plan where it applies and pays ('auto'), or wherever
 * the graph allows it ('plain', for measurements), else tfjs and why.
 */
export function trainingPath(compiled: Compiled, session: Session, requested: 'auto' | 'tfjs' | 'plain' = 'auto'): { path: 'plain'; plan: PlainPlan } | { path: 'tfjs'; reason: string } {
  if (requested === 'tfjs') return { path: 'tfjs', reason: 'asked for' };
  const p = plainPlan(compiled, session, requested === 'plain');
  return 'net' in p ? { path: 'plain', plan: p } : { path: 'tfjs', reason: p.reason };
}
