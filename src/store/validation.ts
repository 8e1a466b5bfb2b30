/**
 * Validation, derived from the document: the engine's validateGraph runs
 * synchronously right after each edit that is not a pure move (it is fast:
 * well under a frame at hundreds of nodes), outside React's render path, and
 * its result is indexed by node and edge so each view selects a narrow slice.
 */
import { create } from 'zustand';
import { registry, validateGraph, watchedNodes, formatShape, type Graph, type GraphError, type NodeShapes, type Validation } from '../../engine';
import { useGraph } from './graphStore';

export interface ValidationView {
  errors: readonly GraphError[];
  byNode: ReadonlyMap<string, readonly GraphError[]>;
  byEdge: ReadonlyMap<string, readonly GraphError[]>;
  /** Errors that name no node or edge (no Output, bad dataset). */
  general: readonly GraphError[];
  shapes: ReadonlyMap<string, NodeShapes>;
  /** Shape label per edge id, e.g. "[B, 16]". */
  edgeShapes: ReadonlyMap<string, string>;
  dataset: Validation['dataset'];
  /** Nodes whose output is watched as a gate (marked, or a sigmoid feeding a Multiply's gate input). */
  watched: ReadonlySet<string>;
  /** Time validateGraph took, for the performance budget. */
  ms: number;
  rev: number;
}

const EMPTY: readonly GraphError[] = [];

export function viewOf(graph: Graph, rev: number): ValidationView {
  const t0 = performance.now();
  const v = safeValidate(graph);
  const ms = performance.now() - t0;
  const byNode = new Map<string, GraphError[]>();
  const byEdge = new Map<string, GraphError[]>();
  const general: GraphError[] = [];
  const push = (m: Map<string, GraphError[]>, k: string, e: GraphError) => { const l = m.get(k); if (l) l.push(e); else m.set(k, [e]); };
  for (const e of v.errors) {
    if (e.nodeId) push(byNode, e.nodeId, e);
    if (e.edgeId) push(byEdge, e.edgeId, e);
    if (!e.nodeId && !e.edgeId) general.push(e);
  }
  const edgeShapes = new Map<string, string>();
  for (const e of graph.edges) {
    const t = v.shapes.get(e.source)?.outputs[e.sourceHandle];
    if (t) edgeShapes.set(e.id, formatShape(t.shape) + (t.dtype === 'int32' ? ' ids' : ''));
  }
  return { errors: v.errors, byNode, byEdge, general, shapes: v.shapes, edgeShapes, dataset: v.dataset, watched: watchedNodes(graph, registry), ms, rev };
}

/** A node type that throws inside `infer` must not take the editor down: say so instead. */
function safeValidate(graph: Graph): Validation {
  try {
    return validateGraph(graph, registry);
  } catch (e) {
    const message = `validation crashed (a node type has a bug): ${(e as Error).message.slice(0, 200)}`;
    return { errors: [{ code: 'SCHEMA', message }], shapes: new Map(), order: [], params: new Map(), flat: graph, instances: new Map() };
  }
}

export const useValidation = create<ValidationView>()(() => viewOf(useGraph.getState().graph, useGraph.getState().rev));

useGraph.subscribe((s) => {
  if (s.rev !== useValidation.getState().rev) useValidation.setState(viewOf(s.graph, s.rev), true);
});

/** Whether every required input of a node has an inferred shape (else its outputs mean nothing yet). */
export function isFed(inputs: Record<string, { optional: boolean }>, shapes: NodeShapes | undefined): boolean {
  return shapes !== undefined && Object.entries(inputs).every(([k, spec]) => spec.optional || shapes.inputs[k] !== undefined);
}

export const nodeErrors = (id: string) => (s: ValidationView): readonly GraphError[] => s.byNode.get(id) ?? EMPTY;
