/**
 * The document: one graph (format v1) and its undo history. Every edit goes
 * through `commit` and becomes exactly one undo step, whatever it touches
 * (a param, a bulk delete, a pasted block). A drag is one step too: positions
 * update live while the pointer moves, and the step is taken when it stops.
 */
import { create } from 'zustand';
import type { Graph, GraphNode } from '../../engine';
import { moveNodes, type XY } from './graphOps';
import { bodyGraph, withBody } from './blockBody';

export interface HistoryEntry {
  graph: Graph;
  label: string;
}

/** A block opened for editing: the graph it was opened from, with that graph's history, and which instance opened it. */
export interface Frame {
  outer: Graph;
  past: HistoryEntry[];
  future: HistoryEntry[];
  block: string;
  instance: string;
}

export interface GraphState {
  /** What the canvas edits: the document, or the body of the block opened last (see `frames`). */
  graph: Graph;
  /** Blocks opened for editing, outermost first; empty on the document itself. */
  frames: readonly Frame[];
  /** Nodes by id, rebuilt with the graph: O(1) lookups for node components. */
  byId: ReadonlyMap<string, GraphNode>;
  /** Bumps on every change except a pure move: validation and the worker key on it. */
  rev: number;
  past: HistoryEntry[];
  future: HistoryEntry[];
  /** The graph as it was when the current drag started. */
  dragBase: Graph | null;

  /** Replaces the document and forgets the history (boot, tests). */
  reset(graph: Graph): void;
  /** One undoable edit; `fn` returning the same graph is a no-op. */
  commit(label: string, fn: (g: Graph) => Graph): void;
  /** Live positions during a drag; `done` takes the undo step. */
  move(positions: ReadonlyMap<string, XY>, done: boolean): void;
  undo(): void;
  redo(): void;
  /** Edits the body of block `block` (opened from node `instance`); its edits are undone inside it. */
  enter(block: string, instance: string): boolean;
  /** Leaves the block opened last, writing its body back as one undoable edit of the graph outside ("Edit block X"). */
  leave(): void;
}

/** The whole document: the graph with every opened block's body written back into its definition. */
export function documentGraph(s: Pick<GraphState, 'graph' | 'frames'> = useGraph.getState()): Graph {
  let g = s.graph;
  for (let i = s.frames.length - 1; i >= 0; i--) g = withBody(s.frames[i]!.outer, s.frames[i]!.block, g);
  return g;
}

export const HISTORY_LIMIT = 200;

const index = (g: Graph): Map<string, GraphNode> => new Map(g.nodes.map((n) => [n.id, n]));

/** Whether two graphs differ only in node positions (a move, for which validation need not rerun). */
function onlyMoved(a: Graph, b: Graph): boolean {
  if (a.edges !== b.edges || a.training !== b.training || a.nodes.length !== b.nodes.length || a.name !== b.name || a.variants !== b.variants) return false;
  return a.nodes.every((n, i) => {
    const m = b.nodes[i]!;
    return n === m || (n.id === m.id && n.type === m.type && n.params === m.params && n.label === m.label && n.watch === m.watch);
  });
}

export const useGraph = create<GraphState>()((set, get) => ({
  graph: emptyGraph(),
  frames: [],
  byId: new Map(),
  rev: 0,
  past: [],
  future: [],
  dragBase: null,

  reset: (graph) => set((s) => ({ graph, frames: [], byId: index(graph), rev: s.rev + 1, past: [], future: [], dragBase: null })),

  commit: (label, fn) => {
    const s = get();
    const base = s.dragBase ?? s.graph;
    const next = fn(s.graph);
    if (next === s.graph && !s.dragBase) return;
    set({
      graph: next,
      byId: index(next),
      rev: onlyMoved(s.graph, next) ? s.rev : s.rev + 1,
      past: [...s.past, { graph: base, label }].slice(-HISTORY_LIMIT),
      future: [],
      dragBase: null,
    });
  },

  move: (positions, done) => {
    const s = get();
    const next = moveNodes(s.graph, positions);
    if (done) {
      const base = s.dragBase ?? s.graph;
      const moved = base !== next;
      set({
        graph: next,
        byId: index(next),
        dragBase: null,
        ...(moved ? { past: [...s.past, { graph: base, label: positions.size > 1 ? `Move ${positions.size} nodes` : 'Move node' }].slice(-HISTORY_LIMIT), future: [] } : {}),
      });
    } else if (next !== s.graph || !s.dragBase) {
      set({ graph: next, byId: next === s.graph ? s.byId : index(next), dragBase: s.dragBase ?? s.graph });
    }
  },

  undo: () => {
    const s = get();
    const prev = s.past[s.past.length - 1];
    // Undo past a block's first edit leaves the block: what came before is outside it.
    if (!prev) { s.leave(); return; }
    set({
      graph: prev.graph,
      byId: index(prev.graph),
      rev: s.rev + 1,
      past: s.past.slice(0, -1),
      future: [...s.future, { graph: s.graph, label: prev.label }],
      dragBase: null,
    });
  },

  enter: (block, instance) => {
    const s = get();
    const body = bodyGraph(s.graph, block);
    if (!body) return false;
    const frame: Frame = { outer: s.graph, past: s.past, future: s.future, block, instance };
    set({ graph: body, frames: [...s.frames, frame], byId: index(body), rev: s.rev + 1, past: [], future: [], dragBase: null });
    return true;
  },

  leave: () => {
    const s = get();
    const frame = s.frames[s.frames.length - 1];
    if (!frame) return;
    const outer = withBody(frame.outer, frame.block, s.graph);
    const edited = outer !== frame.outer;
    set({
      graph: outer,
      frames: s.frames.slice(0, -1),
      byId: index(outer),
      rev: s.rev + 1,
      past: edited ? [...frame.past, { graph: frame.outer, label: `Edit block ${frame.block}` }].slice(-HISTORY_LIMIT) : frame.past,
      future: edited ? [] : frame.future,
      dragBase: null,
    });
  },

  redo: () => {
    const s = get();
    const next = s.future[s.future.length - 1];
    if (!next) return;
    set({
      graph: next.graph,
      byId: index(next.graph),
      rev: s.rev + 1,
      past: [...s.past, { graph: s.graph, label: next.label }],
      future: s.future.slice(0, -1),
      dragBase: null,
    });
  },
}));

export function emptyGraph(): Graph {
  return {
    format: 'gatelab/graph',
    version: 1,
    name: 'Untitled',
    nodes: [],
    edges: [],
    training: { dataset: { name: 'spiral' }, optimizer: { name: 'adam', learningRate: 0.01 }, batchSize: 32, steps: 500, seed: 1 },
  };
}
