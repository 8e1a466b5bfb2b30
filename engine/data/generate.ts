import type { Graph } from '../graph/format';
import { GateLabError } from '../errors';
import { createRng } from '../random';
import { resolveDataset } from '../shapes/dataset-info';
import type { Dataset } from './dataset';

/** The full dataset a graph trains on, from its `training` block and seed. */
export function generateDataset(graph: Graph): Dataset {
  const r = resolveDataset(graph.training.dataset);
  if ('errors' in r) throw new GateLabError(r.errors);
  return r.spec.generate(r.params as never, createRng(graph.training.seed).fork('data'));
}
