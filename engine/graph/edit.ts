import type { Graph } from './format';
import type { ParamValue } from '../registry/params';

/** A copy of the graph with one node param set (unchecked: validate afterwards). */
export function setParam(graph: Graph, nodeId: string, param: string, value: ParamValue): Graph {
  return {
    ...graph,
    nodes: graph.nodes.map((n) => (n.id === nodeId ? { ...n, params: { ...n.params, [param]: value } } : n)),
  };
}

/** The graph with a named variant's overrides applied; throws on an unknown name. */
export function applyVariant(graph: Graph, name: string): Graph {
  const v = graph.variants?.find((x) => x.name === name);
  if (!v) throw new Error(`no variant "${name}" (have: ${(graph.variants ?? []).map((x) => x.name).join(', ') || 'none'})`);
  let g = graph;
  for (const [key, value] of Object.entries(v.set)) {
    const dot = key.indexOf('.');
    g = setParam(g, key.slice(0, dot), key.slice(dot + 1), value);
  }
  return g;
}
