import type { Graph } from '../graph/format';
import { validateGraph, type Validation } from '../graph/validate';
import { GateLabError, type GraphError } from '../errors';
import type { Registry } from '../registry/registry';
import { registry as defaultRegistry } from '../registry/default';
import { Model } from './model';
import { flopsPerExample, parameterCount } from './cost';
import { nodeDefs } from '../stats/watch';

export interface Compiled {
  model: Model;
  validation: Validation;
  params: number;
  flopsPerExample: number;
  flopsByNode: Record<string, number>;
}

/** Graph → trainable model with seeded variables, or every validation error. */
export function compile(graph: Graph, registry: Registry = defaultRegistry): { ok: true; value: Compiled } | { ok: false; errors: GraphError[] } {
  const validation = validateGraph(graph, registry);
  if (validation.errors.length || !validation.dataset) return { ok: false, errors: validation.errors };
  const defs = nodeDefs(graph, registry);
  let model: Model | undefined;
  let flops: ReturnType<typeof flopsPerExample>;
  try {
    model = new Model(graph, validation, validation.dataset, defs);
    flops = flopsPerExample(graph, validation, registry);
  } catch (e) {
    model?.dispose();
    if (e instanceof GateLabError) return { ok: false, errors: e.errors };
    throw e;
  }
  return {
    ok: true,
    value: { model, validation, params: parameterCount(model.variables.values()), flopsPerExample: flops.total, flopsByNode: flops.byNode },
  };
}
