/**
 * Pure edits of a graph document: each takes a graph and returns a new one,
 * sharing every node and edge it did not touch (so memoised views stay put).
 * The store wraps each in one undo step; tests call them directly.
 */
import type { Graph, GraphEdge, GraphNode, ParamValue } from '../../engine';
import { allIds, freshId, registry } from '../../engine';

export { allIds, freshId };

export type XY = { x: number; y: number };
export type Size = { width: number; height: number };


/** A short lowercase stem for a node type: Dense → dense, LayerNorm → ln, GatedAttention → gattn. */
export function idStem(type: string): string {
  const caps = type.replace(/[^A-Z]/g, '');
  return (caps.length >= 2 && type.length > 10 ? caps : type).toLowerCase();
}


/** Adds a node of `type` with default params (the file keeps only what differs), at its type's current version. */
export function addNode(graph: Graph, type: string, position: XY): { graph: Graph; id: string } {
  const id = freshId(idStem(type), allIds(graph));
  const version = registry.get(type)?.version;
  const node: GraphNode = { id, type, ...(version ? { version } : {}), position: snap(position) };
  return { graph: { ...graph, nodes: [...graph.nodes, node] }, id };
}

export interface Link {
  source: string;
  sourceHandle: string;
  target: string;
  targetHandle: string;
}

export function addEdge(graph: Graph, link: Link): { graph: Graph; id: string } {
  const id = freshId('e', allIds(graph));
  return { graph: { ...graph, edges: [...graph.edges, { id, ...link }] }, id };
}

/** Removes nodes (and every edge touching them) and edges, in one edit. */
export function removeItems(graph: Graph, nodeIds: Iterable<string>, edgeIds: Iterable<string> = []): Graph {
  const dropN = new Set(nodeIds);
  const dropE = new Set(edgeIds);
  if (dropN.size === 0 && dropE.size === 0) return graph;
  return {
    ...graph,
    nodes: graph.nodes.filter((n) => !dropN.has(n.id)),
    edges: graph.edges.filter((e) => !dropE.has(e.id) && !dropN.has(e.source) && !dropN.has(e.target)),
  };
}

/** Sets one param; a value equal to the default is written out too (explicit beats implicit in a file). */
export function setNodeParam(graph: Graph, nodeId: string, key: string, value: ParamValue): Graph {
  return { ...graph, nodes: graph.nodes.map((n) => (n.id === nodeId ? { ...n, params: { ...n.params, [key]: value } } : n)) };
}

/** Marks a node's output as watched as a gate, or not (explicitly: the default offer no longer applies). */
export function setNodeWatch(graph: Graph, nodeId: string, watch: boolean): Graph {
  return { ...graph, nodes: graph.nodes.map((n) => (n.id === nodeId ? { ...n, watch } : n)) };
}

/** Moves nodes; the same graph back when nothing actually moved (a click is not a drag). */
export function moveNodes(graph: Graph, positions: ReadonlyMap<string, XY>): Graph {
  let changed = false;
  const nodes = graph.nodes.map((n) => {
    const p = positions.get(n.id);
    if (!p || (n.position && n.position.x === p.x && n.position.y === p.y)) return n;
    changed = true;
    return { ...n, position: { x: p.x, y: p.y } };
  });
  return changed ? { ...graph, nodes } : graph;
}

export const GRID = 10;
export function snap(p: XY): XY {
  return { x: Math.round(p.x / GRID) * GRID, y: Math.round(p.y / GRID) * GRID };
}

/** A copied subgraph: the nodes and the edges between them. */
export interface Clip {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export function copyItems(graph: Graph, nodeIds: Iterable<string>): Clip {
  const ids = new Set(nodeIds);
  return {
    nodes: graph.nodes.filter((n) => ids.has(n.id)),
    edges: graph.edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
  };
}

/** Pastes a clip with fresh ids, shifted by `offset`; returns the new node ids. */
export function pasteClip(graph: Graph, clip: Clip, offset: XY): { graph: Graph; ids: string[]; rename: Map<string, string> } {
  const taken = allIds(graph);
  const rename = new Map<string, string>();
  const nodes = clip.nodes.map((n) => {
    const id = freshId(n.id.replace(/\d+$/, '') || idStem(n.type), taken);
    taken.add(id);
    rename.set(n.id, id);
    const p = n.position ?? { x: 0, y: 0 };
    return { ...n, id, position: snap({ x: p.x + offset.x, y: p.y + offset.y }) };
  });
  const edges = clip.edges.map((e) => {
    const id = freshId('e', taken);
    taken.add(id);
    return { ...e, id, source: rename.get(e.source)!, target: rename.get(e.target)! };
  });
  return { graph: { ...graph, nodes: [...graph.nodes, ...nodes], edges: [...graph.edges, ...edges] }, ids: nodes.map((n) => n.id), rename };
}

export function bounds(nodes: readonly GraphNode[]): { x: number; y: number; w: number; h: number } {
  if (nodes.length === 0) return { x: 0, y: 0, w: 0, h: 0 };
  let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  for (const n of nodes) {
    const p = n.position ?? { x: 0, y: 0 };
    x0 = Math.min(x0, p.x); y0 = Math.min(y0, p.y); x1 = Math.max(x1, p.x); y1 = Math.max(y1, p.y);
  }
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** Where a param value lives in the file, with the default when unset (for cards and the inspector). */
export function paramValue(node: GraphNode, key: string): ParamValue | undefined {
  const given = node.params?.[key];
  if (given !== undefined) return given;
  return registry.get(node.type)?.params[key]?.default;
}

/** A node's box when React Flow has not measured it yet. */
export const DEFAULT_NODE_SIZE = { width: 180, height: 90 };

/**
 * The spot nearest `at`, stepping right then down a row, where a new node's box
 * (`size`, with a gap) overlaps no existing node: new nodes land beside others, not on them.
 */
export function freeSpot(graph: Graph, at: XY, size: Size, sizeOf: (id: string) => Size | undefined): XY {
  const gap = 20;
  const boxes = graph.nodes.map((n) => ({ p: n.position ?? { x: 0, y: 0 }, s: sizeOf(n.id) ?? DEFAULT_NODE_SIZE }));
  const free = (q: XY) => boxes.every(({ p, s }) => q.x + size.width + gap <= p.x || p.x + s.width + gap <= q.x || q.y + size.height + gap <= p.y || p.y + s.height + gap <= q.y);
  for (let row = 0; row < 20; row++) {
    for (let col = 0; col < 6; col++) {
      const q = { x: at.x + col * (size.width + gap), y: at.y + row * (size.height / 2) };
      if (free(q)) return q;
    }
  }
  return at;
}
