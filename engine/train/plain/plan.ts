/**
 * When the plain-JavaScript path may train a graph: a chain Input → Dense /
 * Activation … → Output on float features, small enough that tfjs's per-op
 * dispatch would cost more than the arithmetic, a classification loss, and a
 * training setup the plain path reproduces exactly (no phases, side inputs or loss mask).
 */
import type { Compiled } from '../../compile/compile';
import type { Session } from '../session';
import { PLAIN_ACTIVATIONS, weightsOf, type PlainActivation, type PlainLayer } from './mlp';

/**
 * Multiply-adds of one batch's forward pass above which tfjs is left to do it.
 * `npm run bench` (plainVsTfjs: tfjs/plain step time, wasm, 2 cores, quiet machine):
 * 8.4 at 9 k multiply-adds a batch (width 8), 2.2 at 74 k (width 32), 0.99 at
 * 280 k (width 64), 0.65 at 1.1 M (width 128). Under load tfjs's per-op cost grows
 * and the crossover moves up; this limit keeps the plain path about 1.5 times ahead.
 */
export const PLAIN_MAX_MACS = 1 << 17;

export interface PlainPlan {
  layers: PlainLayer[];
  /** Variable names, in the order of the plain weights (kernel, bias per dense layer). */
  varNames: string[];
}

/** The plain plan for a graph, or why it must train on tfjs. */
export function plainPlan(compiled: Compiled, session: Session, anySize = false): PlainPlan | { reason: string } {
  const { model, validation } = compiled;
  const { graph } = model;
  const cfg = graph.training;
  if (cfg.phases?.length) return { reason: 'training phases' };
  if (session.data.mask || session.train.mask) return { reason: 'a loss mask' };
  if (graph.nodes.some((n) => n.watch)) return { reason: 'a watched gate (its statistics come from tfjs probe passes)' };
  const x = session.data.inputs['x'];
  if (!x || x.dtype !== 'float32' || x.shape.length !== 2) return { reason: 'inputs are not flat float features' };
  const next = new Map<string, string[]>();
  for (const e of graph.edges) next.set(e.source, [...(next.get(e.source) ?? []), e.target]);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const inputs = graph.nodes.filter((n) => n.type === 'Input');
  if (inputs.length !== 1 || (validation.params.get(inputs[0]!.id)?.field ?? 'x') !== 'x') return { reason: 'side inputs' };
  const layers: PlainLayer[] = [];
  const varNames: string[] = [];
  let din = x.shape[1]!;
  let macs = 0;
  let id = inputs[0]!.id;
  for (let seen = 0; seen <= graph.nodes.length; seen++) {
    const outs = next.get(id) ?? [];
    if (outs.length !== 1) return { reason: `node "${id}" does not feed exactly one node` };
    const node = byId.get(outs[0]!)!;
    const p = validation.params.get(node.id) ?? {};
    if (node.type === 'Output') {
      if (graph.nodes.length !== seen + 2) return { reason: 'nodes off the chain' };
      if (p.loss !== 'softmax_cross_entropy') return { reason: `the ${String(p.loss)} loss` };
      if (!anySize && macs * cfg.batchSize > PLAIN_MAX_MACS) return { reason: `larger than ${PLAIN_MAX_MACS} multiply-adds a batch` };
      // Only now, with the path settled, are the starting weights read (a readback on a GPU backend).
      const weights = weightsOf(layers);
      varNames.forEach((n, i) => weights[i]!.set(model.variables.get(n)!.dataSync()));
      return { layers, varNames };
    }
    if (node.type === 'Dense') {
      const kernel = model.variables.get(`${node.id}/kernel`), bias = model.variables.get(`${node.id}/bias`);
      if (!kernel) return { reason: `node "${node.id}" has no kernel` };
      const dout = kernel.shape[1]!;
      layers.push({ kind: 'dense', din, dout, kernel: new Float32Array(din * dout), ...(bias ? { bias: new Float32Array(dout) } : {}) });
      varNames.push(`${node.id}/kernel`, ...(bias ? [`${node.id}/bias`] : []));
      macs += din * dout;
      din = dout;
    } else if (node.type === 'Activation' && PLAIN_ACTIVATIONS.includes(String(p.fn))) {
      layers.push({ kind: 'act', fn: p.fn as PlainActivation });
    } else {
      return { reason: `node type ${node.type}${node.type === 'Activation' ? ` (${String(p.fn)})` : ''}` };
    }
    id = node.id;
  }
  return { reason: 'a cycle' };
}

/**
 * The path a run takes: the plain plan where it applies and pays ('auto'), or wherever
 * the graph allows it ('plain', for measurements), else tfjs and why.
 */
export function trainingPath(compiled: Compiled, session: Session, requested: 'auto' | 'tfjs' | 'plain' = 'auto'): { path: 'plain'; plan: PlainPlan } | { path: 'tfjs'; reason: string } {
  if (requested === 'tfjs') return { path: 'tfjs', reason: 'asked for' };
  const p = plainPlan(compiled, session, requested === 'plain');
  return 'layers' in p ? { path: 'plain', plan: p } : { path: 'tfjs', reason: p.reason };
}
