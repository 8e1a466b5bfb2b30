/**
 * Graph ⇄ React Flow. The document holds ids, types, params and positions;
 * React Flow gets nodes that carry only their type (components read params,
 * shapes and errors from the stores by node id). Mapped nodes are cached, so
 * an edit hands React Flow new objects only for the nodes it touched.
 */
import type { Edge, Node } from '@xyflow/react';
import type { Graph, GraphEdge, GraphNode } from '../engine';

export type GateNodeData = { type: string };
export type FlowNode = Node<GateNodeData, 'gate'>;
export type FlowEdge = Edge<Record<string, never>, 'shape'>;

type Size = { width: number; height: number };

interface CachedNode { src: GraphNode; selected: boolean; size: Size | undefined; name: string; out: FlowNode }
interface CachedEdge { src: GraphEdge; selected: boolean; out: FlowEdge }

export interface FlowMapper {
  /** `name` gives each node its accessible name (what a screen reader says when it is focused). */
  nodes(graph: Graph, selected: ReadonlySet<string>, measured: ReadonlyMap<string, Size>, name: (n: GraphNode) => string): FlowNode[];
  edges(graph: Graph, selected: ReadonlySet<string>): FlowEdge[];
}

export function createFlowMapper(): FlowMapper {
  let nodeCache = new Map<string, CachedNode>();
  let edgeCache = new Map<string, CachedEdge>();
  return {
    nodes(graph, selected, measured, name) {
      const next = new Map<string, CachedNode>();
      const out = graph.nodes.map((n) => {
        const sel = selected.has(n.id);
        const size = measured.get(n.id);
        const ariaLabel = name(n);
        const c = nodeCache.get(n.id);
        if (c && c.src === n && c.selected === sel && c.size === size && c.name === ariaLabel) { next.set(n.id, c); return c.out; }
        const node: FlowNode = { id: n.id, type: 'gate', position: n.position ?? { x: 0, y: 0 }, data: { type: n.type }, selected: sel, ariaLabel };
        if (size) node.measured = size;
        next.set(n.id, { src: n, selected: sel, size, name: ariaLabel, out: node });
        return node;
      });
      nodeCache = next;
      return out;
    },
    edges(graph, selected) {
      const next = new Map<string, CachedEdge>();
      const out = graph.edges.map((e) => {
        const sel = selected.has(e.id);
        const c = edgeCache.get(e.id);
        if (c && c.src === e && c.selected === sel) { next.set(e.id, c); return c.out; }
        const edge: FlowEdge = { id: e.id, type: 'shape', source: e.source, sourceHandle: e.sourceHandle, target: e.target, targetHandle: e.targetHandle, selected: sel };
        next.set(e.id, { src: e, selected: sel, out: edge });
        return edge;
      });
      edgeCache = next;
      return out;
    },
  };
}

/** A React Flow connection as an engine link, or null when a handle is missing. */
export function toLink(c: { source: string | null; target: string | null; sourceHandle?: string | null; targetHandle?: string | null }):
  { source: string; sourceHandle: string; target: string; targetHandle: string } | null {
  if (!c.source || !c.target || !c.sourceHandle || !c.targetHandle) return null;
  return { source: c.source, sourceHandle: c.sourceHandle, target: c.target, targetHandle: c.targetHandle };
}
