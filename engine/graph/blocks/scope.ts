/**
 * Where an edit happens: the graph's own nodes and edges (scope undefined), or
 * those of a block definition opened in the editor (scope = its name).
 */
import { graphError, type GraphError } from '../../errors';
import type { BlockDef, Graph, GraphEdge, GraphNode } from '../format';
import { getBlock } from './defs';

export interface Scope {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** The result of a block edit: the new graph and the node it made, or why it cannot be done. */
export type BlockEdit = { ok: true; graph: Graph; id: string; ids?: string[] } | { ok: false; errors: GraphError[] };

export const refuse = (message: string, where: Omit<GraphError, 'code' | 'message'> = {}): BlockEdit => ({ ok: false, errors: [graphError('BAD_BLOCK', message, where)] });

export function readScope(graph: Graph, scope: string | undefined): Scope | undefined {
  if (scope === undefined) return { nodes: graph.nodes, edges: graph.edges };
  const def = getBlock(graph.blocks, scope);
  return def && { nodes: def.nodes, edges: def.edges };
}

export function writeScope(graph: Graph, scope: string | undefined, s: Scope): Graph {
  if (scope === undefined) return { ...graph, nodes: s.nodes, edges: s.edges };
  return withBlock(graph, scope, { ...getBlock(graph.blocks, scope)!, nodes: s.nodes, edges: s.edges });
}

/** The graph with one definition set (added at the end, or replaced where it stands). */
export function withBlock(graph: Graph, name: string, def: BlockDef): Graph {
  return { ...graph, blocks: { ...graph.blocks, [name]: def } };
}
