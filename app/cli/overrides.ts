/** `--set NODE.PARAM=VALUE`: change any node param from the command line, checked like a file. */
import { paramOf, registry, setParam, type Graph, parseParamString } from '../../engine';
import { usage } from './io';

export function applySets(graph: Graph, sets: readonly string[]): Graph {
  let g = graph;
  for (const s of sets) {
    const m = /^([A-Za-z_][A-Za-z0-9_-]*)\.([A-Za-z0-9_]+)=(.*)$/.exec(s);
    if (!m) usage(`--set expects NODE.PARAM=VALUE, got "${s}"`);
    const [, nodeId, param, raw] = m as unknown as [string, string, string, string];
    const node = g.nodes.find((n) => n.id === nodeId);
    if (!node) usage(`--set ${s}: there is no node "${nodeId}"`);
    // a block instance's params are those its block exposes
    const spec = paramOf(g.blocks, registry, node, param);
    if (!spec) usage(`--set ${s}: ${node.type} has no param "${param}"`);
    g = setParam(g, nodeId, param, parseParamString(spec, raw));
  }
  return g;
}
