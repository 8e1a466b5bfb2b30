/** `--set NODE.PARAM=VALUE`: change any node param from the command line, checked like a file. */
import { registry, setParam, type Graph, parseParamString } from '../../engine';
import { usage } from './io';

export function applySets(graph: Graph, sets: readonly string[]): Graph {
  let g = graph;
  for (const s of sets) {
    const m = /^([A-Za-z_][A-Za-z0-9_-]*)\.([A-Za-z0-9_]+)=(.*)$/.exec(s);
    if (!m) usage(`--set expects NODE.PARAM=VALUE, got "${s}"`);
    const [, nodeId, param, raw] = m as unknown as [string, string, string, string];
    const node = g.nodes.find((n) => n.id === nodeId);
    if (!node) usage(`--set ${s}: there is no node "${nodeId}"`);
    const params = registry.get(node.type)?.params;
    const spec = params && Object.hasOwn(params, param) ? params[param] : undefined;
    if (!spec) usage(`--set ${s}: ${node.type} has no param "${param}"`);
    g = setParam(g, nodeId, param, parseParamString(spec, raw));
  }
  return g;
}
