/**
 * Repeat: stack a selected block N times, the way deep stacks of gated layers
 * are built. The copies are chained: the block's main input (the outside
 * output feeding it most) is, for copy k, the exit of copy k-1; inputs from
 * other outside nodes (a shared context) stay shared. Whatever read the
 * block's exit now reads the last copy's exit.
 */
import type { Graph, GraphEdge } from '../../engine';
import { INPUT_TYPE, OUTPUT_TYPE, outputPorts } from '../../engine';
import { addEdge, bounds, copyItems, pasteClip, type XY } from './graphOps';

export type RepeatResult = { ok: true; graph: Graph; ids: string[] } | { ok: false; reason: string };

interface PortRef { node: string; handle: string }

const key = (e: GraphEdge) => `${e.source}\u0000${e.sourceHandle}`;

/** The block's exit: the port whose output leaves the selection, else the last unconsumed output. */
function findExit(graph: Graph, inside: ReadonlySet<string>, leaving: GraphEdge[]): PortRef | undefined {
  const first = leaving[0];
  if (first) return { node: first.source, handle: first.sourceHandle };
  const used = new Set(graph.edges.filter((e) => inside.has(e.source) && inside.has(e.target)).map(key));
  let best: { ref: PortRef; y: number } | undefined;
  for (const n of graph.nodes) {
    if (!inside.has(n.id)) continue;
    for (const handle of outputPorts(graph, n)) {
      if (used.has(`${n.id}\u0000${handle}`)) continue;
      const y = n.position?.y ?? 0;
      if (!best || y > best.y) best = { ref: { node: n.id, handle }, y };
    }
  }
  return best?.ref;
}

export function repeatSubgraph(graph: Graph, nodeIds: Iterable<string>, times: number, gap = 100): RepeatResult {
  const inside = new Set(nodeIds);
  const nodes = graph.nodes.filter((n) => inside.has(n.id));
  if (nodes.length === 0) return { ok: false, reason: 'Select the block to repeat first (drag a box around it).' };
  if (!Number.isInteger(times) || times < 2 || times > 64) return { ok: false, reason: 'Repeat needs a count from 2 to 64.' };
  if (nodes.some((n) => n.type === INPUT_TYPE || n.type === OUTPUT_TYPE)) return { ok: false, reason: 'Leave the Input and Output nodes out of the block to repeat.' };

  const entering = graph.edges.filter((e) => inside.has(e.target) && !inside.has(e.source));
  const leaving = graph.edges.filter((e) => inside.has(e.source) && !inside.has(e.target));
  const counts = new Map<string, number>();
  for (const e of entering) counts.set(key(e), (counts.get(key(e)) ?? 0) + 1);
  let main: string | undefined;
  for (const [k, c] of counts) if (main === undefined || c > counts.get(main)!) main = k;
  const exit = findExit(graph, inside, leaving);
  if (main === undefined) return { ok: false, reason: 'Nothing feeds the selected block, so its copies cannot be chained: connect its input first.' };
  if (!exit) return { ok: false, reason: 'The selected block has no output to chain the next copy from.' };

  const box = bounds(nodes);
  const dy = box.h + gap;
  const below = box.y + box.h;
  const shift = (times - 1) * dy;
  let g: Graph = {
    ...graph,
    nodes: graph.nodes.map((n) => (!inside.has(n.id) && (n.position?.y ?? 0) > below ? { ...n, position: { x: n.position!.x, y: n.position!.y + shift } } : n)),
  };
  const clip = copyItems(graph, inside);
  const ids: string[] = [];
  let prev: PortRef = exit;
  for (let k = 1; k < times; k++) {
    const offset: XY = { x: 0, y: k * dy };
    const pasted = pasteClip(g, clip, offset);
    g = pasted.graph;
    ids.push(...pasted.ids);
    for (const e of entering) {
      const from = key(e) === main ? { source: prev.node, sourceHandle: prev.handle } : { source: e.source, sourceHandle: e.sourceHandle };
      g = addEdge(g, { ...from, target: pasted.rename.get(e.target)!, targetHandle: e.targetHandle }).graph;
    }
    prev = { node: pasted.rename.get(exit.node)!, handle: exit.handle };
  }
  const last = prev;
  g = {
    ...g,
    edges: g.edges.map((e) => (leaving.includes(e) && e.source === exit.node && e.sourceHandle === exit.handle ? { ...e, source: last.node, sourceHandle: last.handle } : e)),
  };
  return { ok: true, graph: g, ids };
}
