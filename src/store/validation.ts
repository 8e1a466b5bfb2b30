/**
 * Validation, derived from the document: the engine's validateGraph runs
 * synchronously right after each edit that is not a pure move (it is fast:
 * well under a frame at hundreds of nodes), outside React's render path, and
 * its result is indexed by node and edge so each view selects a narrow slice.
 */
import { create } from 'zustand';
import { BLOCK_SEP, blockCosts, registry, validateGraph, watchedNodes, formatShape, type Graph, type GraphError, type NodeShapes, type Validation } from '../../engine';
import { documentGraph, useGraph, type Frame } from './graphStore';

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
  /** Nodes on the canvas whose output is watched as a gate (marked, or a sigmoid feeding a Multiply's gate input). */
  watched: ReadonlySet<string>;
  /** The graph as it runs (block instances inlined, ids `glu1/s`), and its watched nodes: what Intervene lists. */
  flat: Graph;
  flatWatched: ReadonlySet<string>;
  /** What the run's statistics call a node on the canvas: `glu1/` + its id inside an opened block. */
  prefix: string;
  /** For each block instance on the canvas, the first gate watched inside it: its statistics and sparkline stand for the block. */
  gateInside: ReadonlyMap<string, string>;
  /** Each block instance's weights and FLOPs per example, everything inside it added up, by its id on the canvas. */
  blockCost: ReadonlyMap<string, { params: number; flops: number }>;
  /** Time validateGraph took, for the performance budget. */
  ms: number;
  rev: number;
}

const EMPTY: readonly GraphError[] = [];

/**
 * The view of the graph on the canvas. Inside an opened block (`frames`) the
 * whole document is validated, and what the canvas shows is the instance the
 * block was opened from: its inner nodes' shapes (flat ids `glu1/s`) and the
 * errors located inside it, keyed by the ids on the canvas.
 */
export function viewOf(graph: Graph, rev: number, frames: readonly Frame[] = []): ValidationView {
  const t0 = performance.now();
  const whole = frames.length ? safeValidate(documentGraph({ graph, frames })) : safeValidate(graph);
  const v = frames.length ? scoped(whole, frames) : whole;
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
  const prefix = scopePrefix(frames);
  const flatWatched = watchedNodes(whole.flat, registry);
  const gateInside = new Map<string, string>();
  for (const id of flatWatched) {
    const instance = id.startsWith(prefix) ? id.slice(prefix.length).split(BLOCK_SEP) : [];
    if (instance.length > 1 && !gateInside.has(instance[0]!)) gateInside.set(instance[0]!, id);
  }
  const blockCost = new Map<string, { params: number; flops: number }>();
  for (const [id, cost] of Object.entries(costsOf(whole))) if (scopedIds([id], prefix).size) blockCost.set(id.slice(prefix.length), cost);
  return {
    errors: v.errors, byNode, byEdge, general, shapes: v.shapes, edgeShapes, dataset: v.dataset,
    watched: scopedIds(flatWatched, prefix), flat: whole.flat, flatWatched, prefix, gateInside, blockCost, ms, rev,
  };
}

/** The flat-id prefix of the nodes on the canvas: `glu1/` inside the block opened from instance glu1. */
export const scopePrefix = (frames: readonly Frame[]): string => frames.map((f) => f.instance + BLOCK_SEP).join('');

/** The ids among `flat` that lie directly in the scope `prefix`, without it. */
function scopedIds(flat: Iterable<string>, prefix: string): Set<string> {
  const out = new Set<string>();
  for (const id of flat) if (id.startsWith(prefix) && !id.slice(prefix.length).includes(BLOCK_SEP)) out.add(id.slice(prefix.length));
  return out;
}

/** The whole document's validation seen from inside the innermost opened block. */
function scoped(v: Validation, frames: readonly Frame[]): Validation {
  const prefix = scopePrefix(frames);
  const block = frames[frames.length - 1]!.block;
  const shapes = new Map<string, NodeShapes>();
  for (const [id, s] of v.shapes) if (scopedIds([id], prefix).size) shapes.set(id.slice(prefix.length), s);
  // Problems of this block: those located inside the instance it was opened from, and those of the definition itself.
  const seen = new Set<string>();
  const errors = v.errors.filter((e) => e.block === block && (e.nodeId === undefined || e.nodeId === frames[0]!.instance)).map((e) => {
    const { nodeId: _n, ...rest } = e;
    return e.blockNodeId ? { ...rest, nodeId: e.blockNodeId } : rest;
  }).filter((e) => !seen.has(e.message) && Boolean(seen.add(e.message)));
  return { ...v, shapes, errors };
}

/** Each block instance's cost; none while a node inside cannot size its weights (its error says why). */
function costsOf(v: Validation): ReturnType<typeof blockCosts> {
  if (!v.instances.size || !v.dataset) return {};
  try { return blockCosts(v, registry); } catch { return {}; }
}

/** A node type that throws inside `infer` must not take the editor down: say so instead. */
function safeValidate(graph: Graph): Validation {
  try {
    return validateGraph(graph, registry);
  } catch (e) {
    const message = `validation crashed (a node type has a bug): ${(e as Error).message.slice(0, 200)}`;
    return { errors: [{ code: 'SCHEMA', message }], shapes: new Map(), order: [], params: new Map(), flat: graph, instances: new Map(), ties: new Map() };
  }
}

export const useValidation = create<ValidationView>()(() => viewOf(useGraph.getState().graph, useGraph.getState().rev));

useGraph.subscribe((s) => {
  if (s.rev !== useValidation.getState().rev) useValidation.setState(viewOf(s.graph, s.rev, s.frames), true);
});

/** Whether every required input of a node has an inferred shape (else its outputs mean nothing yet). */
export function isFed(inputs: Record<string, { optional: boolean }>, shapes: NodeShapes | undefined): boolean {
  return shapes !== undefined && Object.entries(inputs).every(([k, spec]) => spec.optional || shapes.inputs[k] !== undefined);
}

/** The id the run's statistics give node `id` of the canvas (for a block instance, its first watched gate's). */
export const statsIdOf = (id: string) => (s: ValidationView): string => s.gateInside.get(id) ?? s.prefix + id;

export const nodeErrors = (id: string) => (s: ValidationView): readonly GraphError[] => s.byNode.get(id) ?? EMPTY;
