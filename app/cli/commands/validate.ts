import { registry, validateGraph } from '../../../engine';
import { EXIT, invalid, loadGraph } from '../io';
import { explainData, withOwnData, type DataArgs } from '../data-file';

export function validateCommand(a: DataArgs & { file?: string; preset?: string }): number {
  const loaded = loadGraph(a.file, a.preset);
  const graph = withOwnData(loaded.graph, a, a.file);
  const source = a.data ? `${loaded.source} with ${a.data}` : loaded.source;
  const v = validateGraph(graph, registry);
  if (v.errors.length) {
    explainData(graph);
    invalid(v.errors, source);
  }
  console.log(`${source}: valid (${graph.nodes.length} nodes, ${graph.edges.length} edges, dataset ${graph.training.dataset.name})`);
  return EXIT.ok;
}
