/**
 * Edits of block definitions. Every instance follows its definition, so an
 * edit here changes them all; a definition that would contain itself is refused.
 */
import { BLOCK_TYPE } from '../../nodes/block-ports';
import { registry as builtIn } from '../../registry/default';
import type { Registry } from '../../registry/registry';
import { idSchema, type BlockDef, type Graph, type GraphEdge, type GraphNode } from '../format';
import { allIds, freshId } from '../ids';
import { blockOf, getBlock, INSTANCE_PARAMS, paramOf, selfContaining, selfContainingMessage } from './defs';
import { badBlockName } from './make';
import { readScope, refuse, withBlock, writeScope, type BlockEdit } from './scope';

/** The definition replaced by `edit(definition)` (an edit inside an opened block); refused if it would contain itself. */
export function editBlock(graph: Graph, name: string, edit: (def: BlockDef) => BlockDef): BlockEdit {
  const def = getBlock(graph.blocks, name);
  if (!def) return refuse(`there is no block "${name}"`);
  const g = withBlock(graph, name, edit(def));
  const chain = selfContaining(g.blocks!, name);
  return chain ? refuse(selfContainingMessage(chain), { block: name }) : { ok: true, graph: g, id: name };
}

/** A new instance of `name`, at `position`, in the graph or inside another block (`scope`). */
export function placeBlock(graph: Graph, name: string, position: { x: number; y: number }, scope?: string): BlockEdit {
  if (!getBlock(graph.blocks, name)) return refuse(`there is no block "${name}"`);
  const s = readScope(graph, scope);
  if (!s) return refuse(`there is no block "${scope}" to place it in`);
  const id = freshId(name.toLowerCase(), allIds(s));
  const node: GraphNode = { id, type: BLOCK_TYPE, params: { block: name }, position };
  const g = writeScope(graph, scope, { nodes: [...s.nodes, node], edges: s.edges });
  const chain = scope === undefined ? null : selfContaining(g.blocks!, scope);
  return chain ? refuse(selfContainingMessage(chain), { block: scope! }) : { ok: true, graph: g, id };
}

/** Renames a definition and every node that uses it, inside other blocks too. */
export function renameBlock(graph: Graph, from: string, to: string): BlockEdit {
  if (!getBlock(graph.blocks, from)) return refuse(`there is no block "${from}"`);
  if (from === to) return { ok: true, graph, id: to };
  const bad = badBlockName(graph, to);
  if (bad) return refuse(bad);
  const uses = (nodes: GraphNode[]) => nodes.map((n) => (blockOf(n) === from ? { ...n, params: { ...n.params, block: to } } : n));
  const blocks = Object.fromEntries(Object.entries(graph.blocks!).map(([k, d]) => [k === from ? to : k, { ...d, nodes: uses(d.nodes) }]));
  return { ok: true, graph: { ...graph, nodes: uses(graph.nodes), blocks }, id: to };
}

/** Shows an inner param on every instance as `as` (the param's own name by default), its default today's value. */
export function exposeParam(graph: Graph, block: string, x: { node: string; param: string; as?: string; label?: string }, registry: Registry = builtIn): BlockEdit {
  const def = getBlock(graph.blocks, block);
  const node = def?.nodes.find((n) => n.id === x.node);
  if (!def || !node) return refuse(def ? `block ${block} has no node "${x.node}"` : `there is no block "${block}"`, { block });
  const spec = paramOf(graph.blocks, registry, node, x.param);
  if (!spec) return refuse(`${node.type} "${node.id}" has no param "${x.param}" to expose`, { block, blockNodeId: node.id });
  const name = x.as ?? x.param;
  if (INSTANCE_PARAMS.includes(name) || !/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) return refuse(`"${name.slice(0, 64)}" cannot name a param: use letters, digits or _, and neither ${INSTANCE_PARAMS.map((x) => `"${x}"`).join(' nor ')}`, { block });
  const same = def.params?.find((p) => p.name === name);
  if (same?.node === node.id && same.param === x.param) return refuse(`block ${block} already exposes "${node.id}.${x.param}" as "${name}"`, { block });
  // exposing a second inner param under a taken name ties it to the same value
  const exposed = { name, node: node.id, param: x.param, default: same?.default ?? node.params?.[x.param] ?? spec.default, ...(x.label ? { label: x.label } : {}) };
  return { ok: true, graph: withBlock(graph, block, { ...def, params: [...(def.params ?? []), exposed] }), id: block };
}

/** Stops showing a param: the inner node keeps its own value, and instances forget theirs (variants that set it too). */
export function unexposeParam(graph: Graph, block: string, name: string): BlockEdit {
  const def = getBlock(graph.blocks, block);
  if (!def?.params?.some((p) => p.name === name)) return refuse(`block ${block} exposes no param "${name}"`, { block });
  const forget = (nodes: GraphNode[]) => nodes.map((n) => {
    if (blockOf(n) !== block || !n.params || !(name in n.params)) return n;
    const { [name]: _, ...params } = n.params;
    return { ...n, params };
  });
  const instances = new Set(graph.nodes.filter((n) => blockOf(n) === block).map((n) => `${n.id}.${name}`));
  const blocks = Object.fromEntries(Object.entries(graph.blocks!).map(([k, d]): [string, BlockDef] => {
    if (k !== block) return [k, { ...d, nodes: forget(d.nodes) }];
    const { params: all, ...rest } = d;
    const params = all!.filter((p) => p.name !== name);
    return [k, { ...rest, nodes: forget(d.nodes), ...(params.length ? { params } : {}) }];
  }));
  const variants = graph.variants?.map((v) => ({ ...v, set: Object.fromEntries(Object.entries(v.set).filter(([k]) => !instances.has(k))) }));
  return { ok: true, graph: { ...graph, nodes: forget(graph.nodes), blocks, ...(variants ? { variants } : {}) }, id: block };
}

/** Deletes a definition nothing uses. */
export function removeBlock(graph: Graph, name: string): BlockEdit {
  if (!getBlock(graph.blocks, name)) return refuse(`there is no block "${name}"`);
  const users = [...graph.nodes.filter((n) => blockOf(n) === name).map((n) => `node "${n.id}"`),
    ...Object.entries(graph.blocks!).filter(([, d]) => d.nodes.some((n) => blockOf(n) === name)).map(([k]) => `block ${k}`)];
  if (users.length) return refuse(`block ${name} is still used by ${users.join(', ')}`);
  const { [name]: _, ...blocks } = graph.blocks!;
  const { blocks: __, ...rest } = graph;
  return { ok: true, graph: Object.keys(blocks).length ? { ...rest, blocks } : rest, id: name };
}

/**
 * Renames one of a block's ports: its port node inside (and the edges at it),
 * and the edges at that port of every instance, on the graph and inside other blocks.
 */
export function renamePort(graph: Graph, block: string, from: string, to: string): BlockEdit {
  const def = getBlock(graph.blocks, block);
  const side = def?.inputs.some((p) => p.name === from) ? 'inputs' : def?.outputs.some((p) => p.name === from) ? 'outputs' : undefined;
  if (!def || !side) return refuse(`block ${block} has no port "${from}"`, { block });
  if (from === to) return { ok: true, graph, id: block };
  if (!idSchema.safeParse(to).success) return refuse(`"${to.slice(0, 64)}" cannot name a port: use 1-64 letters, digits, _ or -, starting with a letter or _`, { block });
  if (def.nodes.some((n) => n.id === to)) return refuse(`block ${block} already has a node or port called "${to}"`, { block });
  const rename = (id: string) => (id === from ? to : id);
  const inner: BlockDef = {
    ...def,
    [side]: def[side].map((p) => (p.name === from ? { ...p, name: to } : p)),
    nodes: def.nodes.map((n) => (n.id === from ? { ...n, id: to } : n)),
    edges: def.edges.map((e) => ({ ...e, source: rename(e.source), target: rename(e.target) })),
    ...(def.params ? { params: def.params.map((p) => (p.node === from ? { ...p, node: to } : p)) } : {}),
  };
  // edges at the instances' port: into it for an input, out of it for an output
  const users = (scope: { nodes: GraphNode[]; edges: GraphEdge[] }): GraphEdge[] => {
    const instances = new Set(scope.nodes.filter((n) => blockOf(n) === block).map((n) => n.id));
    return scope.edges.map((e) => (side === 'inputs' && instances.has(e.target) && e.targetHandle === from ? { ...e, targetHandle: to }
      : side === 'outputs' && instances.has(e.source) && e.sourceHandle === from ? { ...e, sourceHandle: to } : e));
  };
  const blocks = Object.fromEntries(Object.entries(graph.blocks!).map(([k, d]) => {
    const own = k === block ? inner : d;
    return [k, { ...own, edges: users(own) }];
  }));
  return { ok: true, graph: { ...graph, edges: users(graph), blocks }, id: block };
}
