import { validateGraph, registry } from '../../../engine';
import { EXIT, invalid, loadGraph } from '../io';

export function validateCommand(file: string | undefined, preset: string | undefined): number {
  const { graph, source } = loadGraph(file, preset);
  const v = validateGraph(graph, registry);
  if (v.errors.length) invalid(v.errors, source);
  console.log(`${source}: valid (${graph.nodes.length} nodes, ${graph.edges.length} edges, dataset ${graph.training.dataset.name})`);
  return EXIT.ok;
}
