/**
 * "Watch as a gate" lets the output of every node be observed like a built-in gate.
 * A watched node records its first output as a gate statistic on probe
 * passes (mean, histogram over time, near 0 / near 1, per-token map, the
 * card's sparkline when the node has no headline of its own), and takes an
 * evaluation-time clamp. The graph file says so with the node's `watch`
 * flag; left unset, a node whose outputs lie in [0, 1] (its type's
 * `unitOutput`, e.g. a sigmoid Activation) feeding a port whose role is
 * `gate` (a Multiply's gate input) is watched by default: a gate built from parts.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Graph, GraphNode } from '../graph/format';
import type { InterventionSpec, NodeDef, StatSpec } from '../registry/defineNode';
import type { Registry } from '../registry/registry';
import { withDefaults } from '../registry/params';
import { headlineOf } from './summarize';

/** The statistic (and intervention) name a watched output is recorded under: `h1.watched`. */
export const WATCHED = 'watched';

export const WATCHED_SPEC: StatSpec = {
  kind: 'gate',
  label: 'Watched gate',
  doc: 'The values of this node’s output, watched as a gate: how many sit near 0 (closed) or near 1 (open). The histogram spans [0, 1]; values outside land in its end bins.',
};

export const WATCHED_CLAMP: InterventionSpec = {
  label: 'clamp the watched gate to',
  min: 0, max: 1, step: 0.05, initial: 0,
  doc: 'Every value of the watched output set to this value: 0 shuts what it gates, 1 lets everything through.',
};

/** Whether a node's outputs lie in [0, 1] and feed a gate port: a gate made of parts. */
export function looksLikeGate(graph: Graph, node: GraphNode, registry: Registry): boolean {
  const def = registry.get(node.type);
  if (!def?.unitOutput?.(withDefaults(def.params, node.params ?? {}) as never)) return false;
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  return graph.edges.some((e) => {
    if (e.source !== node.id) return false;
    const target = byId.get(e.target);
    return target !== undefined && registry.get(target.type)?.inputs[e.targetHandle]?.role === 'gate';
  });
}

/** The ids of the nodes watched as gates: those marked so, and unmarked ones that look like a gate. */
export function watchedNodes(graph: Graph, registry: Registry): Set<string> {
  const out = new Set<string>();
  for (const n of graph.nodes) if (n.watch ?? looksLikeGate(graph, n, registry)) out.add(n.id);
  return out;
}

/**
 * The node type as a watched node runs it: its first output recorded as the
 * `watched` gate statistic (clamped when Intervene asks), which becomes the
 * card's headline only where the type names none of its own.
 */
export function watchAsGate(def: NodeDef): NodeDef {
  const port = Object.keys(def.outputs)[0];
  if (port === undefined) return def;
  return {
    ...def,
    stats: { ...def.stats, [WATCHED]: WATCHED_SPEC },
    headline: headlineOf(def) ?? WATCHED,
    interventions: { ...def.interventions, [WATCHED]: WATCHED_CLAMP },
    apply: (inputs, vars, ctx) => {
      const outs = def.apply(inputs, vars, ctx);
      const clamp = ctx.interventions?.[`${ctx.nodeId}.${WATCHED}`];
      const value = clamp === undefined ? outs[port]! : tf.fill(outs[port]!.shape, clamp);
      ctx.probe.record(WATCHED, value);
      return clamp === undefined ? outs : { ...outs, [port]: value };
    },
  };
}

/** Each node's type definition as the compiler runs it: watched nodes wrapped by watchAsGate. */
export function nodeDefs(graph: Graph, registry: Registry): Map<string, NodeDef> {
  const watched = watchedNodes(graph, registry);
  const defs = new Map<string, NodeDef>();
  for (const n of graph.nodes) {
    const def = registry.get(n.type);
    if (def) defs.set(n.id, watched.has(n.id) ? watchAsGate(def) : def);
  }
  return defs;
}
