/**
 * Ablation: the same graph with every gate switched off, as each node type
 * declares it (`NodeDef.ablation`), for a comparison run on the same seed.
 */
import type { Graph, GraphNode } from './format';
import type { Registry } from '../registry/registry';
import type { StatKind } from '../registry/defineNode';
import { withDefaults } from '../registry/params';
import { registry as builtIn } from '../registry/default';
import { unexposeParam } from './blocks/edit';

/**
 * The graph with each node whose gate is on set to its type's ablation, and
 * the label of the change ('attention gate off'); null when no node has one
 * to switch off.
 */
export function ablate(graph: Graph, registry: Registry = builtIn): { graph: Graph; label: string } | null {
  const labels = new Set<string>();
  /** Gate params a block exposes: their instances may switch the gate on, so they are switched off and hidden. */
  const hidden: [block: string, name: string][] = [];
  const off = (nodes: GraphNode[], block?: string) => nodes.map((n) => {
    const def = registry.get(n.type);
    if (!def?.ablation) return n;
    const gateParams = Object.keys(def.ablation.params);
    const exposed = block === undefined ? [] : (graph.blocks![block]!.params ?? []).filter((p) => p.node === n.id && gateParams.includes(p.param));
    const now = withDefaults(def.params, n.params ?? {});
    if (!exposed.length && Object.entries(def.ablation.params).every(([k, v]) => now[k] === v)) return n;
    labels.add(def.ablation.label);
    hidden.push(...exposed.map((p): [string, string] => [block!, p.name]));
    return { ...n, params: { ...n.params, ...def.ablation.params } };
  });
  const nodes = off(graph.nodes);
  // gates inside blocks too: every instance of the block is switched off with them
  const blocks = graph.blocks && Object.fromEntries(Object.entries(graph.blocks).map(([name, def]) => [name, { ...def, nodes: off(def.nodes, name) }]));
  if (!labels.size) return null;
  let g: Graph = { ...graph, nodes, ...(blocks ? { blocks } : {}) };
  for (const [block, name] of hidden) { const r = unexposeParam(g, block, name); if (r.ok) g = r.graph; }
  return { graph: g, label: [...labels].join(', ') };
}

/** Whether node type `type` declares a statistic of `kind` (an attention layer declares 'attention'). */
export function declaresStat(type: string, kind: StatKind, registry: Registry = builtIn): boolean {
  return Object.values(registry.get(type)?.stats ?? {}).some((s) => s.kind === kind);
}
