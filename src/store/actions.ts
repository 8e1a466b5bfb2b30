/**
 * What the editor's buttons, keys and menus do, each as one undoable step.
 * Views call these; they read and write the stores, never the DOM.
 */
import { applyVariant, getPreset, registry, type Graph, type ParamValue, type Training } from '../../engine';
import { useGraph } from './graphStore';
import { useUi } from './uiStore';
import { DEFAULT_NODE_SIZE, addEdge, addNode, bounds, freeSpot, copyItems, pasteClip, removeItems, setNodeParam, setNodeWatch, type Link, type XY } from './graphOps';
import { repeatSubgraph } from './repeat';
import { checkConnection } from './connect';
import { defOf } from './blockNodes';
import { resetRun } from './runStore';
import { clearPair } from './pairStore';
import { clearSeedPair } from './seedPairStore';

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** Where "the centre of the canvas" is in flow coordinates; the canvas registers it. */
let centre: () => XY = () => ({ x: 0, y: 0 });
export function setViewCentre(fn: () => XY): void { centre = fn; }
export const viewCentre = (): XY => centre();

export function addNodeAt(type: string, at?: XY, connectFrom?: string): string | undefined {
  const def = registry.get(type);
  if (!def) return undefined;
  let id = '';
  const { measured } = useUi.getState();
  useGraph.getState().commit(`Add ${def.label}`, (g) => {
    // A drop lands where it was dropped; otherwise the node goes near the centre, beside what is there.
    const c = viewCentre(), { width, height } = DEFAULT_NODE_SIZE;
    const r = addNode(g, type, at ?? freeSpot(g, { x: c.x - width / 2, y: c.y - height / 2 }, DEFAULT_NODE_SIZE, (id) => measured.get(id)));
    id = r.id;
    return connectFrom ? autoConnect(r.graph, connectFrom, id) : r.graph;
  });
  useUi.getState().select([id]);
  return id;
}

/** Connects the first output of `from` to the first input of `to` the engine accepts. */
export function autoConnect(g: Graph, from: string, to: string): Graph {
  const a = g.nodes.find((n) => n.id === from), b = g.nodes.find((n) => n.id === to);
  const outs = Object.keys((a && defOf(g, a))?.outputs ?? {});
  const ins = Object.keys((b && defOf(g, b))?.inputs ?? {});
  for (const sourceHandle of outs) {
    for (const targetHandle of ins) {
      const link = { source: from, sourceHandle, target: to, targetHandle };
      if (checkConnection(g, link).ok) return addEdge(g, link).graph;
    }
  }
  return g;
}

export function connect(link: Link): void {
  useGraph.getState().commit('Connect', (g) => addEdge(g, link).graph);
}

export function deleteItems(nodeIds: readonly string[], edgeIds: readonly string[]): void {
  if (nodeIds.length === 0 && edgeIds.length === 0) return;
  const label = nodeIds.length ? `Delete ${plural(nodeIds.length, 'node')}` : `Delete ${plural(edgeIds.length, 'edge')}`;
  useGraph.getState().commit(label, (g) => untitledWhenEmpty(removeItems(g, nodeIds, edgeIds)));
  useUi.getState().select([], []);
}

/** A graph emptied of every node is no longer the one its name, description, variants and headline spoke of. */
function untitledWhenEmpty(g: Graph): Graph {
  if (g.nodes.length > 0) return g;
  const { description: _d, variants: _v, headline: _h, ...rest } = g;
  return { ...rest, name: 'Untitled' };
}

export function deleteSelection(): void {
  const { selectedNodes, selectedEdges } = useUi.getState();
  deleteItems(selectedNodes, selectedEdges);
}

export function setParam(nodeId: string, key: string, value: ParamValue): void {
  useGraph.getState().commit(`Set ${nodeId}.${key}`, (g) => setNodeParam(g, nodeId, key, value));
}

export function setWatch(nodeId: string, watch: boolean): void {
  useGraph.getState().commit(watch ? `Watch ${nodeId} as a gate` : `Stop watching ${nodeId}`, (g) => setNodeWatch(g, nodeId, watch));
}

export function setTraining(label: string, patch: (t: Training) => Training): void {
  useGraph.getState().commit(label, (g) => ({ ...g, training: patch(g.training) }));
}

export function renameGraph(name: string): void {
  useGraph.getState().commit('Rename graph', (g) => (g.name === name ? g : { ...g, name }));
}

export function copySelection(): number {
  const ids = useUi.getState().selectedNodes;
  if (!ids.length) return 0;
  useUi.getState().setClipboard(copyItems(useGraph.getState().graph, ids));
  return ids.length;
}

export function cutSelection(): void {
  if (copySelection()) deleteSelection();
}

/** Pastes the clipboard; near the view centre, or offset from the originals when they are in view. */
export function paste(offset?: XY): void {
  const clip = useUi.getState().clipboard;
  if (!clip || clip.nodes.length === 0) return;
  const box = bounds(clip.nodes);
  const c = viewCentre();
  const shift = offset ?? { x: c.x - box.x - box.w / 2, y: c.y - box.y - box.h / 2 };
  let ids: string[] = [];
  useGraph.getState().commit(`Paste ${plural(clip.nodes.length, 'node')}`, (g) => {
    const r = pasteClip(g, clip, shift);
    ids = r.ids;
    return r.graph;
  });
  useUi.getState().select(ids);
}

export function duplicateSelection(): void {
  const ids = useUi.getState().selectedNodes;
  if (!ids.length) return;
  const clip = copyItems(useGraph.getState().graph, ids);
  let fresh: string[] = [];
  useGraph.getState().commit(`Duplicate ${plural(ids.length, 'node')}`, (g) => {
    const r = pasteClip(g, clip, { x: 40, y: 40 });
    fresh = r.ids;
    return r.graph;
  });
  useUi.getState().select(fresh);
}

export function selectAll(): void {
  const g = useGraph.getState().graph;
  useUi.getState().select(g.nodes.map((n) => n.id), g.edges.map((e) => e.id));
}

/** Stacks the selection `times` times; returns a reason when it cannot. */
export function repeatSelection(times: number): string | null {
  const ids = useUi.getState().selectedNodes;
  const r = repeatSubgraph(useGraph.getState().graph, ids, times);
  if (!r.ok) return r.reason;
  useGraph.getState().commit(`Repeat ${plural(ids.length, 'node')} ×${times}`, () => r.graph);
  useUi.getState().select([...ids, ...r.ids]);
  return null;
}

/** Back on the document: every opened block left, each edited one written back (one undo step each). */
export function leaveBlocks(): void {
  while (useGraph.getState().frames.length) useGraph.getState().leave();
}

/** What the canvas does after a whole graph is loaded (fit it in view); registered by the canvas. */
export const afterLoad = { run: () => {} };

/**
 * Ends the run and the comparison when another graph replaces the document: their
 * curves, statistics and weights belong to the old one. The page registers the
 * version that also stops the workers.
 */
export const endRuns = { run: () => { resetRun(); clearPair(); clearSeedPair(); } };

/** Puts another graph on the canvas as one undoable step, keeping the run (a model file brings its own). */
export function placeGraph(graph: Graph, label: string): void {
  leaveBlocks();
  useGraph.getState().commit(label, () => graph);
  useUi.getState().select([], []);
  setTimeout(() => afterLoad.run(), 60);
}

/** Replaces the document with another graph, as one undoable step, from a clean run state. */
export function loadGraph(graph: Graph, label: string): void {
  endRuns.run();
  placeGraph(graph, label);
}

export function loadPreset(slug: string, variant?: string): void {
  const p = getPreset(slug);
  if (!p) return;
  const g = variant ? applyVariant(p.graph, variant) : p.graph;
  loadGraph(g, `Open preset ${p.graph.name}${variant ? ` (${variant})` : ''}`);
}

export function applyPositions(positions: ReadonlyMap<string, XY>, label: string): void {
  useGraph.getState().commit(label, (g) => ({ ...g, nodes: g.nodes.map((n) => { const p = positions.get(n.id); return p ? { ...n, position: p } : n; }) }));
}
