/**
 * A graph's two ends fitted to a dataset of your own: the Output's loss to the
 * task (softmax cross-entropy for classes, mean squared error for numbers)
 * and the width of the layer that feeds it (any node with a `units` param) to
 * the number of classes or target columns. The Input needs nothing: its shape
 * comes from the dataset.
 */
import { OUTPUT_TYPE, registry, type Graph } from '../../engine';
import { setNodeParam } from '../store/graphOps';

export interface DataEnds {
  task: 'classification' | 'regression';
  /** Classes (classification) or target columns (regression). */
  outputs: number;
}

export function fitGraphEnds(g: Graph, ends: DataEnds): Graph {
  let out = g;
  for (const o of g.nodes.filter((n) => n.type === OUTPUT_TYPE)) {
    out = setNodeParam(out, o.id, 'loss', ends.task === 'regression' ? 'mse' : 'softmax_cross_entropy');
    const feed = g.edges.find((e) => e.target === o.id);
    const src = feed && g.nodes.find((n) => n.id === feed.source);
    if (src && registry.get(src.type)?.params.units) out = setNodeParam(out, src.id, 'units', ends.outputs);
  }
  return out;
}
