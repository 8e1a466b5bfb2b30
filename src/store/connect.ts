/**
 * May this edge be drawn? The engine decides: the graph is validated with the
 * candidate edge added, and any error that lands on that edge refuses it,
 * with the engine's sentence as the reason ("Attention expects [B, T, D];
 * Dense "d1" gives [B, 2]"). Loops and taken inputs are refused before that.
 */
import { registry, validateGraph, type Graph } from '../../engine';
import { addEdge, type Link } from './graphOps';
import { defOf } from './blockNodes';

export type Verdict = { ok: true } | { ok: false; reason: string };

function nameOf(graph: Graph, id: string): string {
  const n = graph.nodes.find((x) => x.id === id);
  return n ? `${defOf(graph, n)?.label ?? n.type} "${id}"` : `"${id}"`;
}

/** Whether `from` is reachable from `start` along edges. */
export function reaches(graph: Graph, start: string, goal: string): boolean {
  const out = new Map<string, string[]>();
  for (const e of graph.edges) out.set(e.source, [...(out.get(e.source) ?? []), e.target]);
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === goal) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(out.get(id) ?? []));
  }
  return false;
}

export function checkConnection(graph: Graph, link: Partial<Link>): Verdict {
  const { source, target, sourceHandle, targetHandle } = link;
  if (!source || !target || !sourceHandle || !targetHandle) return { ok: false, reason: 'Drag from an output (bottom) to an input (top).' };
  if (source === target) return { ok: false, reason: 'A node cannot feed itself.' };
  const taken = graph.edges.find((e) => e.target === target && e.targetHandle === targetHandle);
  if (taken) {
    return taken.source === source && taken.sourceHandle === sourceHandle
      ? { ok: false, reason: 'These ports are already connected.' }
      : { ok: false, reason: `Input "${targetHandle}" of ${nameOf(graph, target)} already takes ${nameOf(graph, taken.source)}; an input takes one edge (delete that one first).` };
  }
  if (reaches(graph, target, source)) return { ok: false, reason: `That would make a loop: ${nameOf(graph, target)} already feeds ${nameOf(graph, source)}.` };
  const { graph: candidate, id } = addEdge(graph, { source, sourceHandle, target, targetHandle });
  try {
    const v = validateGraph(candidate, registry);
    const hit = v.errors.find((e) => e.edgeId === id);
    return hit ? { ok: false, reason: hit.message } : { ok: true };
  } catch (e) {
    return { ok: false, reason: `The engine could not check this edge: ${(e as Error).message.slice(0, 160)}` };
  }
}

/** checkConnection with a one-entry memo: React Flow asks again on every pointer move over the same handle. */
export function createConnectionChecker(): (graph: Graph, link: Partial<Link>) => Verdict {
  let last: { graph: Graph; key: string; verdict: Verdict } | undefined;
  return (graph, link) => {
    const key = `${link.source}\u0000${link.sourceHandle}\u0000${link.target}\u0000${link.targetHandle}`;
    if (last && last.graph === graph && last.key === key) return last.verdict;
    const verdict = checkConnection(graph, link);
    last = { graph, key, verdict };
    return verdict;
  };
}
