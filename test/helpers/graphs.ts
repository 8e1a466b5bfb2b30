/** Small graph builders for tests: a chain of nodes, a graph of steps on the spiral, and a graph from a preset with edits. */
import { getPreset, type Graph, type GraphNode } from '../../engine';

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

/** A node of `spiralGraph`: `from` maps each input port to "node" or "node.port". */
export interface Step { id: string; type: string; params?: Record<string, number | string | boolean>; from: Record<string, string> }

/** Input x (the spiral's two coordinates) → the steps → Output y, trained as the spiral-mlp preset. */
export function spiralGraph(name: string, steps: Step[], description = `A small graph that runs ${name}'s PyTorch module.`): Graph {
  const base = getPreset('spiral-mlp')!.graph;
  const nodes = [{ id: 'x', type: 'Input' }, ...steps.map(({ id, type, params }) => ({ id, type, params: params ?? {} })), { id: 'y', type: 'Output' }];
  const wires = [...steps.flatMap((s) => Object.entries(s.from).map(([port, src]) => [src, s.id, port] as const)), [steps.at(-1)!.id, 'y', 'in'] as const];
  return {
    ...base,
    name,
    description,
    nodes: nodes.map((n, i) => ({ ...n, position: { x: 0, y: 100 * i } })),
    edges: wires.map(([src, target, targetHandle], i) => {
      const [source, sourceHandle = 'out'] = src.split('.') as [string, string?];
      return { id: `e${i}`, source, sourceHandle, target, targetHandle };
    }),
  };
}

/**
 * The fuzz run's graph whose held-out loss went NaN on the last step (issue 18):
 * x ⊙ x into a 64-layer ReZero stack, at a learning rate that makes the stack's
 * outputs overflow after a step or three (SGD at 1: three steps; Adam at 10: one).
 */
export function squaredIntoRezero(optimizer: Graph['training']['optimizer']): Graph {
  const g = chain([['x', 'Input'], ['sq', 'Multiply'], ['stack', 'ResidualStack', { residual: 'rezero' }], ['head', 'ClassifierHead'], ['y', 'Output']], {
    dataset: { name: 'and-detectors', samples: 96 }, optimizer, batchSize: 8, steps: 3, seed: 927,
  });
  g.edges.splice(0, 1, { id: 'a', source: 'x', sourceHandle: 'out', target: 'sq', targetHandle: 'a' }, { id: 'b', source: 'x', sourceHandle: 'out', target: 'sq', targetHandle: 'b' });
  return g;
}
