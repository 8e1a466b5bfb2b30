/** Small graph builders for tests: a chain of nodes, and a graph from a preset with edits. */
import type { Graph, GraphNode } from '../../engine';

type Spec = [id: string, type: string, params?: GraphNode['params']];

export const TRAINING_2D: Graph['training'] = {
  dataset: { name: 'spiral', samples: 200, noise: 0.05, classes: 2 },
  optimizer: { name: 'adam', learningRate: 0.01 },
  batchSize: 32, steps: 20, seed: 1,
};

/** Nodes wired in a line through their `in`/`out` ports (the first is the Input). */
export function chain(specs: Spec[], training: Graph['training'] = TRAINING_2D): Graph {
  const nodes = specs.map(([id, type, params]) => ({ id, type, ...(params ? { params } : {}) }));
  const edges = specs.slice(1).map(([id], i) => ({ id: `e${i}`, source: specs[i]![0], sourceHandle: 'out', target: id, targetHandle: 'in' }));
  return { format: 'gatelab/graph', version: 1, name: 'test', nodes, edges, training: clone(training) };
}

export function clone<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}
