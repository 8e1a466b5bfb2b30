/** Parameter count and forward FLOPs per example, from the registry's shape rules. */
import type { Graph } from '../graph/format';
import type { Validation } from '../graph/validate';
import type { Registry } from '../registry/registry';
import { nodeFailure } from '../errors';

export function flopsPerExample(graph: Graph, validation: Validation, registry: Registry): { total: number; byNode: Record<string, number> } {
  const byNode: Record<string, number> = Object.create(null);
  let total = 0;
  for (const n of graph.nodes) {
    const def = registry.get(n.type);
    const shapes = validation.shapes.get(n.id);
    if (!def?.flops || !shapes) continue;
    let f: number;
    try {
      f = def.flops(shapes.inputs as never, validation.params.get(n.id) as never, shapes.outputs as never);
    } catch (e) {
      throw nodeFailure(e, def.type, n.id, 'while its cost was counted');
    }
    byNode[n.id] = f;
    total += f;
  }
  return { total, byNode };
}

export function parameterCount(shapes: Iterable<{ shape: readonly number[] }>): number {
  let n = 0;
  for (const v of shapes) n += v.shape.reduce((a, b) => a * b, 1);
  return n;
}

/** Each block instance's parameters and FLOPs: those of every node inside it (`glu1/...`), nested instances included. */
export function costByBlock(instances: Iterable<string>, flopsByNode: Readonly<Record<string, number>>, variables: ReadonlyMap<string, { shape: readonly number[] }>): Record<string, { params: number; flops: number }> {
  const out: Record<string, { params: number; flops: number }> = Object.create(null);
  for (const id of instances) {
    const inside = (name: string) => name.startsWith(`${id}/`);
    const flops = Object.entries(flopsByNode).filter(([n]) => inside(n)).reduce((s, [, f]) => s + f, 0);
    out[id] = { params: parameterCount([...variables].filter(([n]) => inside(n)).map(([, v]) => v)), flops };
  }
  return out;
}
