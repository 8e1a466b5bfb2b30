/**
 * Engine bugs the property tests found. Open ones are pinned as `it.fails`:
 * each passes while the bug is there and turns red once it is fixed; then it
 * becomes a plain `it` (a regression test) and leaves KNOWN_BUGS in pipeline.ts.
 * All below are fixed: they are the regression tests.
 */
import { useBackend } from '../../helpers/backend';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { getPreset, runGraph, type Graph } from '../../../engine';
import { checkGraph } from './pipeline';

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('known engine bugs (see KNOWN_BUGS in pipeline.ts)', () => {
  beforeAll(() => useBackend('wasm'));

  // Spiral has 2 features and 2 classes, so Input → Output is a valid graph
  // with no weights; the trainer calls tf.variableGrads with no variables.
  it('a graph with nothing to train trains a step or gets a located error (Input → Output on spiral)', async () => {
    const g = {
      format: 'gatelab/graph', version: 1, name: 'no weights',
      nodes: [{ id: 'x', type: 'Input' }, { id: 'y', type: 'Output' }],
      edges: [{ id: 'e1', source: 'x', sourceHandle: 'out', target: 'y', targetHandle: 'in' }],
      training: { dataset: { name: 'spiral', samples: 100 }, optimizer: { name: 'adam', learningRate: 0.01 }, batchSize: 8, steps: 1, seed: 1 },
    };
    expect(await checkGraph(g)).not.toMatch(/^known-bug/);
  });

  it('a phase that trains only weightless nodes trains a step or gets a located error', async () => {
    const g = clone(getPreset('spiral-mlp')!.graph) as Record<string, any>;
    const weightless = g.nodes.find((n: { type: string }) => n.type === 'Activation').id;
    g.training.phases = [{ name: 'p', steps: 1, train: [weightless] }];
    g.training.steps = 1;
    expect(await checkGraph(g)).not.toMatch(/^known-bug/);
  });

  // tfjs-core's MomentumOptimizer.dispose() leaves its SGD base's learning-rate
  // scalar behind; engine/train/optimizers.ts creates it for sgd + momentum.
  it('a run with sgd and momentum leaves no tensor behind', async () => {
    const g = clone(getPreset('spiral-mlp')!.graph) as Graph;
    g.training.optimizer = { name: 'sgd', learningRate: 0.1, momentum: 0.9 };
    const before = tf.memory().numTensors;
    await runGraph(g, { steps: 2 });
    expect(tf.memory().numTensors).toBe(before);
  });

  // Weights that never reach the Output (a dead branch left on the canvas) and
  // none that do: tfjs throws "Cannot find a connection between any variable
  // and the result of the loss function".
  it('a graph whose weighted nodes all sit on a dead branch trains a step or gets a located error', async () => {
    const g = clone(getPreset('spiral-mlp')!.graph) as Record<string, any>;
    g.nodes.push({ id: 'x2', type: 'Input' });
    g.edges = g.edges.filter((e: { target: string }) => e.target !== 'y');
    g.edges.push({ id: 'direct', source: 'x2', sourceHandle: 'out', target: 'y', targetHandle: 'in' });
    expect(await checkGraph(g)).not.toMatch(/^known-bug/);
  });

  // ResidualStack at its minimum depth, 1: tf.unstack of a size-1 axis used to
  // hand the Unpack gradient a single tensor, and its tf.stack threw.
  it('ResidualStack with depth 1 trains a step', async () => {
    const g = {
      format: 'gatelab/graph', version: 1, name: 'depth 1',
      nodes: [{ id: 'x', type: 'Input' }, { id: 's', type: 'ResidualStack', params: { depth: 1 } }, { id: 'h', type: 'ClassifierHead' }, { id: 'y', type: 'Output' }],
      edges: [
        { id: 'e1', source: 'x', sourceHandle: 'out', target: 's', targetHandle: 'in' },
        { id: 'e2', source: 's', sourceHandle: 'out', target: 'h', targetHandle: 'in' },
        { id: 'e3', source: 'h', sourceHandle: 'out', target: 'y', targetHandle: 'in' },
      ],
      training: { dataset: { name: 'circles', samples: 100 }, optimizer: { name: 'adam', learningRate: 0.01 }, batchSize: 8, steps: 1, seed: 1 },
    };
    expect(await checkGraph(g)).toBe('trained');
  });

  // SeenExpert's seen param used to allow 1, but its cross-entropy one-hots over
  // the seen classes and tf.oneHot refuses a depth below 2: seen starts at 2 now.
  it('SeenExpert with seen = 1 gets a located error', async () => {
    const g = {
      format: 'gatelab/graph', version: 1, name: 'one seen class',
      nodes: [{ id: 'x', type: 'Input' }, { id: 's', type: 'SeenExpert', params: { seen: 1 } }, { id: 'h', type: 'ClassifierHead' }, { id: 'y', type: 'Output' }],
      edges: [
        { id: 'e1', source: 'x', sourceHandle: 'out', target: 's', targetHandle: 'x' },
        { id: 'e2', source: 's', sourceHandle: 'scores', target: 'h', targetHandle: 'in' },
        { id: 'e3', source: 'h', sourceHandle: 'out', target: 'y', targetHandle: 'in' },
      ],
      training: { dataset: { name: 'spiral', samples: 100, classes: 3 }, optimizer: { name: 'adam', learningRate: 0.01 }, batchSize: 8, steps: 1, seed: 1 },
    };
    expect(await checkGraph(g)).toMatch(/^rejected-by-/);
  });
});
