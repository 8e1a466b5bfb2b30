import type { Graph } from '../graph/format';
import { validateGraph, type Validation } from '../graph/validate';
import { GateLabError, type GraphError } from '../errors';
import type { Registry } from '../registry/registry';
import { registry as defaultRegistry } from '../registry/default';
import { Model } from './model';
import { blockCosts, flopsPerExample, parameterCount } from './cost';
import { locateError } from '../graph/blocks/locate';
import { nodeDefs } from '../stats/watch';

export interface Compiled {
  model: Model;
  validation: Validation;
  params: number;
  flopsPerExample: number;
  /** By node of the graph as it runs (`glu1/s` inside a block instance). */
  flopsByNode: Record<string, number>;
  /** Each block instance's cost, everything inside it added up, by its flat id (`glu1`, `b1/glu`). */
  byBlock: Record<string, { params: number; flops: number }>;
}

/** Graph → trainable model with seeded variables, or every validation error. */
export function compile(graph: Graph, registry: Registry = defaultRegistry): { ok: true; value: Compiled } | { ok: false; errors: GraphError[] } {
  const validation = validateGraph(graph, registry);
  if (validation.errors.length || !validation.dataset) return { ok: false, errors: validation.errors };
  const { flat, instances } = validation;
  const defs = nodeDefs(flat, registry);
  let model: Model | undefined;
  let flops: ReturnType<typeof flopsPerExample>;
  try {
    model = new Model(flat, validation, validation.dataset, defs, graph);
    flops = flopsPerExample(flat, validation, registry);
  } catch (e) {
    model?.dispose();
    if (e instanceof GateLabError) return { ok: false, errors: e.errors.map((x) => locateError(x, instances, graph.blocks)) };
    throw e;
  }
  return {
    ok: true,
    value: {
      model, validation, params: parameterCount(model.variables.values()), flopsPerExample: flops.total, flopsByNode: flops.byNode,
      byBlock: blockCosts(validation, registry),
    },
  };
}
