import { registry, type Graph, type Variant } from '../../../engine';
import { applySets } from '../overrides';
import { usage } from '../io';

const MAX_POINTS = 20;
const MAX_NAME = 64;

/** One swept rule: the variants it made, in order, and the value each one sets. */
export interface SweepCurve {
  name: string;
  variants: { name: string; value: string }[];
}

/**
 * `--sweep [VARIANT:]NODE.PARAM=V1,V2,...`, given once or more: the graph's
 * variants become one per value, checked like `--set`, each sweep a curve.
 * With VARIANT, every point starts from that variant's settings (the
 * threshold swept under the "confidence threshold" rule). A sweep traces a
 * curve (accuracy against compute as a cost weight or a threshold moves)
 * rather than testing a claim, so the graph's headline is dropped.
 */
export function sweepVariants(graph: Graph, specs: readonly string[]): { graph: Graph; curves: SweepCurve[] } {
  const variants: Variant[] = [];
  const curves = specs.map((spec) => {
    const m = /^(?:(.+):)?([^:=]+)=(.+)$/.exec(spec);
    if (!m) usage(`--sweep expects [VARIANT:]NODE.PARAM=V1,V2,..., got "${spec}"`);
    const [, baseName, key, list] = m as unknown as [string, string | undefined, string, string];
    const base = baseName === undefined ? undefined : graph.variants?.find((v) => v.name === baseName);
    if (baseName !== undefined && !base) usage(`--sweep ${spec}: there is no variant "${baseName}"; the graph's variants are ${(graph.variants ?? []).map((v) => `"${v.name}"`).join(', ') || 'none'}`);
    const values = list.split(',').map((v) => v.trim());
    if (values.some((v) => v === '')) usage(`--sweep ${spec}: a value is empty`);
    if (values.length < 2 || values.length > MAX_POINTS) usage(`--sweep ${spec}: give 2 to ${MAX_POINTS} values`);
    const nodeId = key.slice(0, key.indexOf('.'));
    const param = key.slice(key.indexOf('.') + 1);
    const points = values.map((raw) => {
      const name = `${baseName !== undefined ? `${baseName}, ` : ''}${key}=${raw}`;
      if (name.length > MAX_NAME) usage(`--sweep: "${name}" is longer than ${MAX_NAME} characters`);
      if (variants.some((v) => v.name === name)) usage(`--sweep: "${name}" comes twice`);
      const value = applySets(graph, [`${key}=${raw}`]).nodes.find((n) => n.id === nodeId)!.params![param]!;
      variants.push({ name, set: { ...base?.set, [key]: value } });
      return { name, value: raw };
    });
    // The curve is named in words where the node's type gives the param a label ("cost weight λ"), else by NODE.PARAM.
    const type = graph.nodes.find((n) => n.id === nodeId)?.type;
    const label = (type ? registry.get(type)?.params[param]?.label : undefined) ?? key;
    return { name: baseName !== undefined ? `${baseName} (${label})` : label, variants: points };
  });
  const { headline: _claim, ...rest } = graph;
  return { graph: { ...rest, variants }, curves };
}
