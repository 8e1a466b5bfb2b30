/**
 * The plane grid of a router graph on 2-D data: the decision boundary, the
 * router's territory (a winning expert per cell) and the `group` field
 * borrowed from the nearest example; no tensor left behind.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { compile, generateDataset, type Graph } from '../../../engine';
import { extentOf } from '../../../src/worker/boundary';
import { planeGrid, preparePlane } from '../../../src/worker/territory';
import { useBackend } from '../../helpers/backend';

const graph: Graph = {
  format: 'gatelab/graph', version: 1, name: 'router',
  nodes: [
    { id: 'x', type: 'Input' }, { id: 'region', type: 'Input', params: { field: 'group' } },
    { id: 'router', type: 'TopKSoftmaxRouter', params: { experts: 4, k: 1 } },
    { id: 'experts', type: 'FFNExperts', params: { hidden: 4, units: 4 } },
    { id: 'head', type: 'ClassifierHead' }, { id: 'y', type: 'Output' },
  ],
  edges: [
    { id: 'e1', source: 'x', sourceHandle: 'out', target: 'router', targetHandle: 'in' },
    { id: 'e2', source: 'region', sourceHandle: 'out', target: 'router', targetHandle: 'group' },
    { id: 'e3', source: 'x', sourceHandle: 'out', target: 'experts', targetHandle: 'in' },
    { id: 'e4', source: 'router', sourceHandle: 'weights', target: 'experts', targetHandle: 'weights' },
    { id: 'e5', source: 'experts', sourceHandle: 'out', target: 'head', targetHandle: 'in' },
    { id: 'e6', source: 'head', sourceHandle: 'out', target: 'y', targetHandle: 'in' },
  ],
  training: { dataset: { name: 'gaussian-regions', samples: 200, regions: 4 }, optimizer: { name: 'adam', learningRate: 0.02 }, batchSize: 32, steps: 1, seed: 1 },
};

describe('plane grid with router territory', () => {
  beforeAll(() => useBackend('cpu'));

  it('gives the boundary, a winner per cell, and borrows the group field', async () => {
    const c = compile(graph);
    if (!c.ok) throw new Error(JSON.stringify(c.errors));
    const data = generateDataset(graph);
    const before = tf.memory().numTensors;
    const plane = preparePlane(data, extentOf(data)!, 10);
    const g = await planeGrid(c.value, plane, 3);
    plane.dispose();
    expect(tf.memory().numTensors).toBe(before);
    c.value.model.dispose();
    expect(g).toMatchObject({ step: 3, res: 10, classes: 2, borrowed: ['group'] });
    expect(g!.probs).toHaveLength(100 * 2);
    const t = g!.territory!.find((m) => m.nodeId === 'router')!;
    expect(t).toMatchObject({ kind: 'experts', experts: 4, stat: 'routing' });
    // k = 1: every cell goes to exactly one expert, with weight 1
    expect(Array.from(t.winner!).every((w) => w < 4)).toBe(true);
    expect(Array.from(t.values).every((v) => Math.abs(v - 1) < 1e-6)).toBe(true);
  });
});
