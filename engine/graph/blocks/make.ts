/**
 * Make block: selected nodes become one definition and one instance in their
 * place. Each outside output that fed the selection becomes an input port
 * (one port however many inner nodes read it), each inner output read outside
 * becomes an output port; the crossing edges now end at the instance's ports.
 */
import { BLOCK_INPUT_TYPE, BLOCK_OUTPUT_TYPE, BLOCK_TYPE } from '../../nodes/block-ports';
import { INPUT_TYPE, OUTPUT_TYPE } from '../../nodes/io';
import { registry as builtIn } from '../../registry/default';
import type { Registry } from '../../registry/registry';
import { blockNameSchema, type BlockDef, type ExposedParam, type Graph, type GraphEdge, type GraphNode } from '../format';
import { allIds, claimId, freshId } from '../ids';
import { blockOf, getBlock, INSTANCE_PARAMS, paramOf, selfContaining, selfContainingMessage } from './defs';
import { readScope, refuse, withBlock, writeScope, type BlockEdit } from './scope';

export interface MakeBlockOptions {
  name: string;
  description?: string;
  /** Inner params shown on the block, each under its own name (the param's by default); their defaults are today's values. */
  expose?: { node: string; param: string; name?: string; label?: string }[];
  /** Make it inside this block's definition (an opened block); the graph's own nodes by default. */
  scope?: string;
}

const key = (e: GraphEdge) => `${e.source}\u0000${e.sourceHandle}`;
/** Port nodes' places: inputs above the selection, outputs below (the canvas flows downwards), side by side. */
const GAP = { x: 200, y: 110 };

/** Outputs of a node, for a Block node those of its definition. */
export function outputPorts(graph: Graph, node: GraphNode, registry: Registry = builtIn): string[] {
  const block = blockOf(node);
  if (block !== undefined) return getBlock(graph.blocks, block)?.outputs.map((p) => p.name) ?? [];
  return Object.keys(registry.get(node.type)?.outputs ?? {});
}

/** Why a block name cannot be used for a new block, or null. */
export function badBlockName(graph: Graph, name: string): string | null {
  if (!blockNameSchema.safeParse(name).success) return `"${name.slice(0, 64)}" cannot name a block: use 1-64 letters, digits or _, starting with a letter (it becomes a Python class name too)`;
  if (getBlock(graph.blocks, name)) return `there is already a block called "${name}"`;
  return null;
}

export function makeBlock(graph: Graph, nodeIds: Iterable<string>, opts: MakeBlockOptions, registry: Registry = builtIn): BlockEdit {
  const scope = readScope(graph, opts.scope);
  if (!scope) return refuse(`there is no block "${opts.scope}" to make a block in`);
  const badName = badBlockName(graph, opts.name);
  if (badName) return refuse(badName);
  const inside = new Set(nodeIds);
  const nodes = scope.nodes.filter((n) => inside.has(n.id));
  if (nodes.length === 0) return refuse('Select the nodes to put in the block first.');
  if (nodes.length < inside.size) return refuse(`some selected nodes are not there: ${[...inside].filter((id) => !nodes.some((n) => n.id === id)).join(', ')}`);
  const boundary = nodes.find((n) => [INPUT_TYPE, OUTPUT_TYPE, BLOCK_INPUT_TYPE, BLOCK_OUTPUT_TYPE].includes(n.type));
  if (boundary) return refuse(`leave the ${boundary.type} node "${boundary.id}" out of the block: it is where data enters or leaves ${opts.scope ? `the block ${opts.scope}` : 'the graph'}`, { nodeId: boundary.id });
  const inUse = opts.scope === undefined ? referencesOutside(graph, inside) : null;
  if (inUse) return refuse(inUse);

  const entering = scope.edges.filter((e) => inside.has(e.target) && !inside.has(e.source));
  const leaving = scope.edges.filter((e) => inside.has(e.source) && !inside.has(e.target));
  const internal = scope.edges.filter((e) => inside.has(e.source) && inside.has(e.target));
  const taken = new Set(nodes.map((n) => n.id));

  // one input port per outside output read, named after the first inner port that reads it
  const inputs = new Map<string, string>();
  for (const e of entering) if (!inputs.has(key(e))) inputs.set(key(e), takeName(e.targetHandle, taken));
  // one output port per inner output read outside; with none read outside yet, every inner output nothing reads
  const exits: { source: string; sourceHandle: string }[] = [];
  const seenExit = new Set<string>();
  for (const e of leaving) if (!seenExit.has(key(e))) { seenExit.add(key(e)); exits.push(e); }
  if (exits.length === 0) {
    const read = new Set(internal.map(key));
    for (const n of nodes) for (const h of outputPorts(graph, n, registry)) if (!read.has(`${n.id}\u0000${h}`)) exits.push({ source: n.id, sourceHandle: h });
  }
  if (exits.length === 0) return refuse('nothing inside the selection gives an output that is not used inside it, so the block would have no output');
  const outputs = new Map(exits.map((e) => [key(e as GraphEdge), takeName(e.sourceHandle, taken)]));

  const exposed: ExposedParam[] = [];
  for (const x of opts.expose ?? []) {
    const node = nodes.find((n) => n.id === x.node);
    if (!node) return refuse(`the param to expose belongs to "${x.node}", which is not in the selection`);
    const name = x.name ?? x.param;
    const spec = paramOf(graph.blocks, registry, node, x.param);
    if (!spec) return refuse(`${node.type} "${node.id}" has no param "${x.param}" to expose`, { nodeId: node.id });
    if (INSTANCE_PARAMS.includes(name)) return refuse(`an exposed param cannot be called "${name}": every instance has a param of that name`);
    // a second entry of one name sets one more inner param to the same value
    const value = exposed.find((p) => p.name === name)?.default ?? node.params?.[x.param] ?? spec.default;
    exposed.push({ name, node: node.id, param: x.param, default: value, ...(x.label ? { label: x.label } : {}) });
  }

  const box = boundsOf(nodes);
  const edgeIds = allIds({ nodes: [], edges: internal });
  const edgeId = () => claimId('e', edgeIds);
  const portNode = (id: string, type: string, i: number, y: number): GraphNode => ({ id, type, version: 1, position: { x: box.x + i * GAP.x, y } });
  const def: BlockDef = {
    ...(opts.description ? { description: opts.description } : {}),
    inputs: [...inputs.values()].map((name) => ({ name })),
    outputs: [...outputs.values()].map((name) => ({ name })),
    ...(exposed.length ? { params: exposed } : {}),
    nodes: [
      ...[...inputs.values()].map((id, i) => portNode(id, BLOCK_INPUT_TYPE, i, box.y - GAP.y)),
      ...nodes,
      ...[...outputs.values()].map((id, i) => portNode(id, BLOCK_OUTPUT_TYPE, i, box.y2 + GAP.y)),
    ],
    edges: [
      ...entering.map((e) => ({ id: edgeId(), source: inputs.get(key(e))!, sourceHandle: 'out', target: e.target, targetHandle: e.targetHandle })),
      ...internal,
      ...exits.map((e) => ({ id: edgeId(), source: e.source, sourceHandle: e.sourceHandle, target: outputs.get(key(e as GraphEdge))!, targetHandle: 'in' })),
    ],
  };

  const rest = scope.nodes.filter((n) => !inside.has(n.id));
  const id = freshId(opts.name.toLowerCase(), allIds({ nodes: rest, edges: scope.edges }));
  const instance: GraphNode = { id, type: BLOCK_TYPE, params: { block: opts.name }, position: { x: Math.round((box.x + box.x2) / 2), y: Math.round((box.y + box.y2) / 2) } };
  const wired = new Set<string>();
  const edges: GraphEdge[] = [];
  for (const e of scope.edges) {
    if (inside.has(e.target) && !inside.has(e.source)) {
      if (!wired.has(key(e))) { wired.add(key(e)); edges.push({ ...e, target: id, targetHandle: inputs.get(key(e))! }); }
    } else if (inside.has(e.source) && !inside.has(e.target)) edges.push({ ...e, source: id, sourceHandle: outputs.get(key(e))! });
    else if (!inside.has(e.source)) edges.push(e);
  }
  let g = writeScope(withBlock(graph, opts.name, def), opts.scope, { nodes: [...rest, instance], edges });
  const metric = g.headline?.metric;
  // the headline's statistic of a node now inside reads `instance/node.stat`
  if (opts.scope === undefined && metric && inside.has(metric.slice(0, metric.indexOf('.')))) g = { ...g, headline: { ...g.headline!, metric: `${id}/${metric}` } };
  const chain = selfContaining(g.blocks!, opts.name);
  if (chain) return refuse(selfContainingMessage(chain));
  return { ok: true, graph: g, id };
}

/** A port name from a handle name, unused among `taken` (which it joins). */
function takeName(handle: string, taken: Set<string>): string {
  const name = freshId(handle, taken);
  taken.add(name);
  return name;
}

/** Why the graph's variants or phases would lose track of a node moving into a block, or null. */
function referencesOutside(graph: Graph, inside: ReadonlySet<string>): string | null {
  for (const v of graph.variants ?? []) {
    const k = Object.keys(v.set).find((s) => inside.has(s.slice(0, s.indexOf('.'))));
    if (k) return `the variant "${v.name}" sets "${k}"; a variant can set only params the block exposes, so change the variant first`;
  }
  for (const p of graph.training.phases ?? []) {
    const id = [...(p.train ?? []), ...(p.freeze ?? [])].find((x) => inside.has(x));
    if (id) return `the training phase "${p.name}" names "${id}"; name the nodes of a phase outside the block, or the whole block once it is made`;
  }
  return null;
}

function boundsOf(nodes: readonly GraphNode[]) {
  const xs = nodes.map((n) => n.position?.x ?? 0), ys = nodes.map((n) => n.position?.y ?? 0);
  return { x: Math.min(...xs), y: Math.min(...ys), x2: Math.max(...xs), y2: Math.max(...ys) };
}
