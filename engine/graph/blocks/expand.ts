/**
 * Inlining: the graph with every block instance replaced by a copy of its
 * definition's nodes, ids prefixed with the instance's (`glu1/s`; nested,
 * `b1/glu/s`), exposed params set from the instance. Validation, shape
 * inference, compile, statistics and weight names (`glu1/s/kernel`) all work
 * on this flat graph, so each instance gets its own weights and every inner
 * node its own statistics and interventions (`glu1/s.clamp`).
 *
 * The port nodes stay, as pass-throughs: an edge into the instance's port "x"
 * enters node `glu1/x`, and an edge from its port "y" leaves node `glu1/y`.
 */
import { graphError, type GraphError } from '../../errors';
import { BLOCK_TYPE } from '../../nodes/block-ports';
import { checkParam, type ParamValue } from '../../registry/params';
import type { Registry } from '../../registry/registry';
import type { BlockDef, Graph, GraphEdge, GraphNode } from '../format';
import { blockOf, exposedSpecs, getBlock, INSTANCE_PARAMS, TIE, type Blocks } from './defs';

/** Nodes a graph may have once its blocks are inlined: nesting multiplies quickly. */
export const MAX_INLINED_NODES = 20_000;

/** Separates an instance's id from the ids inside it. */
export const BLOCK_SEP = '/';

export interface Expanded {
  /** The graph as it runs: no Block nodes. The very graph given when it has none. */
  graph: Graph;
  /** Problems of the instances (unknown block, params, ports), located by flat id. */
  errors: GraphError[];
  /** Flat id of every inlined instance (`glu1`, `b1/glu`) → its definition's name. */
  instances: Map<string, string>;
  /** Flat id of every tied instance → the flat id of the instance whose weights it uses. */
  ties: Map<string, string>;
  /** Whether inlining stopped at MAX_INLINED_NODES (then `graph` is cut short: nothing to validate further). */
  tooLarge: boolean;
}

interface Out {
  nodes: GraphNode[];
  edges: GraphEdge[];
  errors: GraphError[];
  instances: Map<string, string>;
  ties: Map<string, string>;
  tooLarge: boolean;
}

export function expandBlocks(graph: Graph, registry: Registry): Expanded {
  if (!graph.nodes.some((n) => n.type === BLOCK_TYPE)) return { graph, errors: [], instances: new Map(), ties: new Map(), tooLarge: false };
  const out: Out = { nodes: [], edges: [], errors: [], instances: new Map(), ties: new Map(), tooLarge: false };
  inlineScope(graph.nodes, graph.edges, '', [], graph.blocks, registry, out);
  return { graph: { ...graph, nodes: out.nodes, edges: out.edges }, errors: out.errors, instances: out.instances, ties: out.ties, tooLarge: out.tooLarge };
}

/**
 * The node whose weights node `id` uses: itself, or inside a tied instance its
 * twin in the instance it is tied to (`glu2/a` → `glu1/a` for a `glu2` tied to `glu1`).
 */
export function weightOwner(id: string, ties: ReadonlyMap<string, string>): string {
  let out = id;
  for (let changed = ties.size > 0; changed;) {
    changed = false;
    for (const [from, to] of ties) if (out.startsWith(from + BLOCK_SEP)) { out = to + out.slice(from.length); changed = true; }
  }
  return out;
}

/** Inlines one scope: the graph's top level, or one instance's copy of its definition. */
function inlineScope(nodes: readonly GraphNode[], edges: readonly GraphEdge[], prefix: string, chain: readonly string[], blocks: Blocks | undefined, registry: Registry, out: Out): void {
  const inlined = new Map<string, BlockDef>();
  const dropped = new Set<string>();
  const top = prefix === '';
  for (const n of nodes) {
    const name = blockOf(n);
    const flatId = prefix + n.id;
    if (name === undefined) { out.nodes.push(top ? n : { ...n, id: flatId }); continue; }
    const def = getBlock(blocks, name);
    // inside a definition, an unknown or self-containing block is reported once, by the definition checks
    if (!def || chain.includes(name)) {
      if (top && !def) out.errors.push(graphError('UNKNOWN_BLOCK', `node "${n.id}" uses the block "${name.slice(0, 64)}", which this graph does not define${Object.keys(blocks ?? {}).length ? ` (it defines ${Object.keys(blocks!).join(', ')})` : ''}`, { nodeId: n.id }));
      dropped.add(n.id);
      continue;
    }
    if (out.nodes.length + def.nodes.length > MAX_INLINED_NODES) {
      if (!out.tooLarge) out.errors.push(graphError('TOO_LARGE', `with its blocks inlined the graph would have more than ${MAX_INLINED_NODES.toLocaleString('en')} nodes (at "${flatId}"); nest fewer blocks`, { nodeId: flatId }));
      out.tooLarge = true;
      dropped.add(n.id);
      continue;
    }
    const values = instanceValues(n, flatId, name, def, blocks, registry, out.errors);
    const inner = def.nodes.map((m) => {
      const set = (def.params ?? []).filter((p) => p.node === m.id && values.has(p.name));
      return set.length ? { ...m, params: { ...m.params, ...Object.fromEntries(set.map((p) => [p.param, values.get(p.name)!])) } } : m;
    });
    out.instances.set(flatId, name);
    const tie = tiedTo(n, name, nodes, flatId, out.errors);
    if (tie !== undefined) out.ties.set(flatId, prefix + tie);
    inlined.set(n.id, def);
    inlineScope(inner, def.edges, flatId + BLOCK_SEP, [...chain, name], blocks, registry, out);
  }
  for (const e of edges) {
    if (dropped.has(e.source) || dropped.has(e.target)) continue;
    const source = portEnd(e, 'source', prefix, inlined.get(e.source), out.errors);
    const target = portEnd(e, 'target', prefix, inlined.get(e.target), out.errors);
    if (source && target) out.edges.push({ id: prefix + e.id, source: source.node, sourceHandle: source.handle, target: target.node, targetHandle: target.handle });
  }
}

/** One end of an edge in the flat graph: an instance's port is its port node there. */
function portEnd(e: GraphEdge, end: 'source' | 'target', prefix: string, def: BlockDef | undefined, errors: GraphError[]): { node: string; handle: string } | null {
  const node = e[end], handle = end === 'source' ? e.sourceHandle : e.targetHandle;
  if (!def) return { node: prefix + node, handle };
  const ports = end === 'source' ? def.outputs : def.inputs;
  const side = end === 'source' ? 'output' : 'input';
  if (!ports.some((p) => p.name === handle)) {
    errors.push(graphError('UNKNOWN_PORT', `block "${prefix + node}" has no ${side} "${handle.slice(0, 64)}" (${side}s: ${ports.map((p) => p.name).join(', ') || 'none'})`, { nodeId: prefix + node, edgeId: prefix + e.id }));
    return null;
  }
  return { node: prefix + node + BLOCK_SEP + handle, handle: end === 'source' ? 'out' : 'in' };
}

/**
 * The instance `tie` names, whose weights this one uses: another instance of
 * the same block beside it, itself untied. Otherwise an error, and no tie.
 */
function tiedTo(n: GraphNode, name: string, scope: readonly GraphNode[], flatId: string, errors: GraphError[]): string | undefined {
  const tie = n.params?.[TIE];
  if (tie === undefined) return undefined;
  const target = scope.find((m) => m.id === tie);
  const why = typeof tie !== 'string' ? 'must name another instance of the block'
    : tie === n.id ? 'names the instance itself'
    : !target || blockOf(target) !== name ? `names "${tie.slice(0, 64)}", which is not an instance of ${name} beside it`
    : target.params?.[TIE] !== undefined ? `names "${tie}", which is tied to another instance itself: tie to that one`
    : null;
  if (!why) return tie as string;
  errors.push(graphError('BAD_PARAM', `param "${TIE}" ${why}`, { nodeId: flatId }));
  return undefined;
}

/** The instance's value for each exposed param (its own, else the default); unknown and out-of-range values are reported and left out. */
function instanceValues(n: GraphNode, flatId: string, name: string, def: BlockDef, blocks: Blocks | undefined, registry: Registry, errors: GraphError[]): Map<string, ParamValue> {
  const values = new Map<string, ParamValue>();
  for (const p of def.params ?? []) values.set(p.name, p.default);
  for (const [k, v] of Object.entries(n.params ?? {})) {
    if (INSTANCE_PARAMS.includes(k)) continue;
    const exp = def.params?.find((p) => p.name === k);
    if (!exp) {
      const known = [...new Set((def.params ?? []).map((p) => p.name))];
      errors.push(graphError('UNKNOWN_PARAM', `block ${name} has no param "${k.slice(0, 64)}"${known.length ? ` (it exposes ${known.join(', ')})` : ' (it exposes none)'}`, { nodeId: flatId }));
      continue;
    }
    const why = exposedSpecs(blocks, registry, name, k).map((spec) => checkParam(spec, v)).find((w) => w);
    if (why) errors.push(graphError('BAD_PARAM', `param "${k}" ${why}`, { nodeId: flatId }));
    else values.set(k, v);
  }
  return values;
}
