/**
 * New graph: an empty "Untitled" canvas that keeps the dataset and training
 * settings, with an Input and an Output already placed for that dataset.
 */
import { INPUT_TYPE, OUTPUT_TYPE, type Graph } from '../../engine';
import { loadGraph } from './actions';
import { emptyGraph, useGraph } from './graphStore';
import { useValidation } from './validation';

export function blankGraph(from: Graph, task: 'classification' | 'regression' | undefined): Graph {
  return {
    ...emptyGraph(),
    training: from.training,
    nodes: [
      { id: 'input', type: INPUT_TYPE, position: { x: 0, y: 0 } },
      { id: 'output', type: OUTPUT_TYPE, position: { x: 0, y: 320 }, ...(task === 'regression' ? { params: { loss: 'mse' } } : {}) },
    ],
  };
}

/** Replaces the document with a blank graph, as one undoable step. */
export function newGraph(): void {
  loadGraph(blankGraph(useGraph.getState().graph, useValidation.getState().dataset?.task), 'New graph');
}
