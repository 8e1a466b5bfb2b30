/** Parameter count and forward FLOPs per example, from the registry's shape rules. */
import type { Graph } from '../graph/format';
import type { Validation } from '../graph/validate';
import type { Registry } from '../registry/registry';
import { nodeFailure } from '../errors';
import { weightOwner } from '../graph/blocks/expand';

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

/** Weights per node, counted by running each node's `build` on shapes alone: no tensor is made. */
export function weightsByNode(validation: Validation, registry: Registry): Record<string, number> {
  const out: Record<string, number> = Object.create(null);
  if (!validation.dataset) return out;
  for (const n of validation.flat.nodes) {
    const def = registry.get(n.type);
    const shapes = validation.shapes.get(n.id);
    // a node of a tied instance uses its twin's weights: they count there
    if (!def?.build || !shapes || weightOwner(n.id, validation.ties) !== n.id) continue;
    let count = 0;
    const v = {
      make: (_: string, shape: number[]) => { count += shape.reduce((a, b) => a * b, 1); return {} as never; },
      scalar: () => { count += 1; return {} as never; },
    };
    try {
      def.build({ params: validation.params.get(n.id) as never, inputs: shapes.inputs as never, v, dataset: validation.dataset });
    } catch (e) {
      throw nodeFailure(e, def.type, n.id, 'while its weights were counted');
    }
    out[n.id] = count;
  }
  return out;
}

/**
 * Each block instance's parameters and FLOPs per example, everything inside
 * it added up (nested instances included), by its flat id: from validation
 * alone, so the editor can show them on the block without compiling.
 */
export function blockCosts(validation: Validation, registry: Registry): Record<string, { params: number; flops: number }> {
  const flops = flopsPerExample(validation.flat, validation, registry).byNode;
  const weights = weightsByNode(validation, registry);
  const inside = (m: Record<string, number>, id: string) => Object.entries(m).reduce((s, [n, x]) => (n.startsWith(`${id}/`) ? s + x : s), 0);
  return Object.fromEntries([...validation.instances.keys()].map((id) => [id, { params: inside(weights, id), flops: inside(flops, id) }]));
}
