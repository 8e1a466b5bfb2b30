/**
 * Automatic layout with elkjs (layered, top to bottom, ports in order), run
 * lazily: elk is loaded the first time someone asks for a layout.
 */
import type { Graph } from '../engine';
import { defOf } from './store/blockNodes';
import type { XY } from './store/graphOps';
import { snap } from './store/graphOps';

type Size = { width: number; height: number };
const DEFAULT_SIZE: Size = { width: 170, height: 72 };

export async function layoutGraph(graph: Graph, measured: ReadonlyMap<string, Size>): Promise<Map<string, XY>> {
  const { default: ELK } = await import('elkjs/lib/elk.bundled.js');
  const elk = new ELK();
  const children = graph.nodes.map((n) => {
    const def = defOf(graph, n);
    const size = measured.get(n.id) ?? DEFAULT_SIZE;
    const ins = Object.keys(def?.inputs ?? {});
    const outs = Object.keys(def?.outputs ?? {});
    return {
      id: n.id,
      width: size.width,
      height: size.height,
      layoutOptions: { 'elk.portConstraints': 'FIXED_ORDER' },
      ports: [
        ...ins.map((p, i) => ({ id: `${n.id}::in::${p}`, layoutOptions: { 'elk.port.side': 'NORTH', 'elk.port.index': String(i) } })),
        ...outs.map((p, i) => ({ id: `${n.id}::out::${p}`, layoutOptions: { 'elk.port.side': 'SOUTH', 'elk.port.index': String(i) } })),
      ],
    };
  });
  const edges = graph.edges
    .filter((e) => graph.nodes.some((n) => n.id === e.source) && graph.nodes.some((n) => n.id === e.target))
    .map((e) => ({ id: e.id, sources: [`${e.source}::out::${e.sourceHandle}`], targets: [`${e.target}::in::${e.targetHandle}`] }));
  const res = await elk.layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '48',
      'elk.spacing.nodeNode': '36',
      'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
    },
    children,
    edges,
  });
  const out = new Map<string, XY>();
  for (const c of res.children ?? []) out.set(c.id, snap({ x: c.x ?? 0, y: c.y ?? 0 }));
  return out;
}
