/**
 * Ablation: the same graph with every gate switched off, as each node type
 * declares it (`NodeDef.ablation`), for a comparison run on the same seed.
 */
import type { Graph, GraphNode } from './format';
import type { Registry } from '../registry/registry';
import type { StatKind } from '../registry/defineNode';
import { withDefaults } from '../registry/params';
import { registry as builtIn } from '../registry/default';

/**
 * The graph with each node whose gate is on set to its type's ablation, and
 * the label of the change ('attention gate off'); null when no node has one
 * to switch off.
 */
export function ablate(graph: Graph, registry: Registry = builtIn): { graph: Graph; label: string } | null {
  const labels = new Set<string>();
  const off = (nodes: GraphNode[]) => nodes.map((n) => {
    const def = registry.get(n.type);
    if (!def?.ablation) return n;
    const now = withDefaults(def.params, n.params ?? {});
    if (Object.entries(def.ablation.params).every(([k, v]) => now[k] === v)) return n;
    labels.add(def.ablation.label);
    return { ...n, params: { ...n.params, ...def.ablation.params } };
  });
  const nodes = off(graph.nodes);
  // gates inside blocks too: every instance of the block is switched off with them
  const blocks = graph.blocks && Object.fromEntries(Object.entries(graph.blocks).map(([name, def]) => [name, { ...def, nodes: off(def.nodes) }]));
  return labels.size ? { graph: { ...graph, nodes, ...(blocks ? { blocks } : {}) }, label: [...labels].join(', ') } : null;
}

/** Whether node type `type` declares a statistic of `kind` (an attention layer declares 'attention'). */
export function declaresStat(type: string, kind: StatKind, registry: Registry = builtIn): boolean {
  return Object.values(registry.get(type)?.stats ?? {}).some((s) => s.kind === kind);
}
