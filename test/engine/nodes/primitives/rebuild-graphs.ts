/**
 * Graphs for the rebuild tests: the spiral graph of some steps, with block
 * instances inlined (until the graph format has blocks: then the definitions
 * go into the graph's `blocks` section as they are).
 */
import type { Graph } from '../../../../engine';
import { spiralGraph, type Step } from '../../../helpers/graphs';

interface BlockDef {
  nodes: { id: string; type: string; params?: Record<string, number | string | boolean> }[];
  edges: { source: string; sourceHandle: string; target: string; targetHandle: string }[];
  params?: { name: string; node: string; param: string; default: number | string | boolean }[];
}

/** The id an inner node of an instance gets in the graph that runs. */
export const innerId = (instance: string, id: string) => `${instance}_${id}`;

/** The steps with each Block step replaced by its definition's nodes (port nodes wired through). */
export function rebuiltGraph(blocks: Record<string, BlockDef>, steps: Step[]): Graph {
  const outOf = new Map<string, string>(); // "instance.port" → the inner "node.port" it comes from
  const flat: Step[] = [];
  for (const s of steps) {
    if (s.type !== 'Block') { flat.push(s); continue; }
    const def = blocks[String(s.params!.block)]!;
    const ports = new Set(def.nodes.filter((n) => n.type === 'BlockInput' || n.type === 'BlockOutput').map((n) => n.id));
    const source = (node: string, port: string) => (ports.has(node) ? s.from[node]! : `${innerId(s.id, node)}.${port}`);
    for (const e of def.edges) if (ports.has(e.target)) outOf.set(`${s.id}.${e.target}`, source(e.source, e.sourceHandle));
    for (const n of def.nodes.filter((m) => !ports.has(m.id))) {
      const exposed = Object.fromEntries((def.params ?? []).filter((p) => p.node === n.id).map((p) => [p.param, s.params![p.name] ?? p.default]));
      const from = Object.fromEntries(def.edges.filter((e) => e.target === n.id).map((e) => [e.targetHandle, source(e.source, e.sourceHandle)]));
      flat.push({ id: innerId(s.id, n.id), type: n.type, params: { ...n.params, ...exposed }, from });
    }
  }
  const resolve = (src: string) => outOf.get(src) ?? outOf.get(`${src}.out`) ?? src;
  return spiralGraph('rebuilt', flat.map((s) => ({ ...s, from: Object.fromEntries(Object.entries(s.from).map(([p, src]) => [p, resolve(src)])) })));
}

export { spiralGraph, type Step };
