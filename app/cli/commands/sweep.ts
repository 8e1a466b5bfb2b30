import type { Graph } from '../../../engine';
import { applySets } from '../overrides';
import { usage } from '../io';

const MAX_POINTS = 20;
const MAX_NAME = 64;

/**
 * `--sweep NODE.PARAM=V1,V2,...`: the graph's variants become one per value,
 * checked like `--set`. A sweep traces a curve (accuracy against compute as a
 * cost weight or a threshold moves) rather than testing a claim, so the
 * graph's headline is dropped.
 */
export function sweepVariants(graph: Graph, spec: string): Graph {
  const m = /^([^=]+)=(.+)$/.exec(spec);
  if (!m) usage(`--sweep expects NODE.PARAM=V1,V2,..., got "${spec}"`);
  const [, key, list] = m as unknown as [string, string, string];
  const values = list.split(',').map((v) => v.trim());
  if (values.some((v) => v === '')) usage(`--sweep ${spec}: a value is empty`);
  if (values.length < 2 || values.length > MAX_POINTS) usage(`--sweep ${spec}: give 2 to ${MAX_POINTS} values`);
  const nodeId = key.slice(0, key.indexOf('.'));
  const param = key.slice(key.indexOf('.') + 1);
  const variants = values.map((raw) => {
    const name = `${key}=${raw}`;
    if (name.length > MAX_NAME) usage(`--sweep: "${name}" is longer than ${MAX_NAME} characters`);
    const value = applySets(graph, [name]).nodes.find((n) => n.id === nodeId)!.params![param]!;
    return { name, set: { [key]: value } };
  });
  const { headline: _claim, ...rest } = graph;
  return { ...rest, variants };
}
