/**
 * What validation accepts must compile and run (issue 18): the batch symbol
 * stays on the batch axis, every other axis is a positive whole number, inputs
 * are checked against each other, and an exception that still escapes a node
 * comes back as an error naming that node.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile, getPreset, registry, validateGraph, type Graph } from '../../../engine';
import { ALL_NODES } from '../../../engine/nodes';
import { defineNode } from '../../../engine/registry/defineNode';
import { port } from '../../../engine/registry/ports';
import { createRegistry } from '../../../engine/registry/registry';
import { broadcastShapes } from '../../../engine/shapes/dims';
import { chain, clone, TRAINING_2D } from '../../helpers/graphs';
import { useBackend } from '../../helpers/backend';

beforeAll(() => useBackend('wasm'));

function errorAt(g: Graph, nodeId: string, reg = registry) {
  const errors = validateGraph(g, reg).errors;
  const hit = errors.find((e) => e.nodeId === nodeId);
  expect(hit, JSON.stringify(errors)).toBeDefined();
  return hit!;
}

describe('the batch axis stays first', () => {
  it('does not broadcast [B] against [B, 1] into [B, B]', () => {
    expect(broadcastShapes(['B'], ['B', 1])).toBeNull();
    expect(broadcastShapes(['B', 4], ['B', 1])).toEqual(['B', 4]);
    expect(broadcastShapes(['B', 4], [4])).toEqual(['B', 4]);
  });

  it("refuses EarlyExitStack's exit [B] on SoftAndGate's x, naming the node and port", () => {
    const g = chain([['x', 'Input'], ['stack', 'EarlyExitStack'], ['and', 'SoftAndGate'], ['y', 'Output']]);
    g.edges = [
      { id: 'e0', source: 'x', sourceHandle: 'out', target: 'stack', targetHandle: 'in' },
      { id: 'e1', source: 'x', sourceHandle: 'out', target: 'and', targetHandle: 'c' },
      { id: 'e2', source: 'stack', sourceHandle: 'exit', target: 'and', targetHandle: 'x' },
      { id: 'e3', source: 'and', sourceHandle: 'out', target: 'y', targetHandle: 'in' },
    ];
    const e = errorAt(g, 'and');
    expect(e.code).toBe('SHAPE_MISMATCH');
    expect(e.port).toBe('x');
    expect(compile(g).ok).toBe(false);
  });
});

describe('inputs are checked against each other', () => {
  it("MaskedMeanPool refuses a keep mask that does not match its tokens", () => {
    const g = clone(getPreset('msvit')!.graph);
    g.nodes.push({ id: 'tok2', type: 'MixedScaleTokenizer', params: { mode: 'dynamic', patch: 3, dim: 16 } });
    g.edges = g.edges.filter((e) => !(e.target === 'pool' && e.targetHandle === 'keep'));
    g.edges.push(
      { id: 'i1', source: 'x', sourceHandle: 'out', target: 'tok2', targetHandle: 'image' },
      { id: 'i3', source: 'tok2', sourceHandle: 'keep', target: 'pool', targetHandle: 'keep' },
    );
    const e = errorAt(g, 'pool');
    expect(e.port).toBe('keep');
    expect(e.message).toMatch(/keep needs one 0\/1 per token/);
  });
});

const weird = (type: string, o: { infer?: () => never; build?: () => never; apply?: () => never; shape?: (number | 'B')[] }) =>
  defineNode({
    type, label: type, category: 'test', version: 1, doc: 'A node that misbehaves on purpose.',
    inputs: { in: port('data', ['B', '*']) }, outputs: { out: port('data', ['B', '*']) }, params: {},
    infer: o.infer ?? (() => ({ out: { shape: o.shape ?? ['B', 2], dtype: 'float32' } })),
    ...(o.build ? { build: o.build } : {}),
    apply: o.apply ?? (({ in: x }) => ({ out: x })),
  });

const boom = (): never => { throw new Error('boom'); };

describe('a shape rule that goes wrong is caught where it happens', () => {
  const reg = createRegistry([
    ...ALL_NODES,
    weird('BatchTwice', { shape: ['B', 'B'] }),
    weird('ZeroWide', { shape: ['B', 0] }),
    weird('HalfWide', { shape: ['B', 2.5] }),
    weird('InferThrows', { infer: boom }),
    weird('BuildThrows', { build: boom }),
    weird('ApplyThrows', { apply: boom }),
  ]);
  const through = (type: string) => chain([['x', 'Input'], ['w', type], ['y', 'Output']]);

  it('refuses an output with B on a feature axis or an axis that is not a positive whole number', () => {
    for (const type of ['BatchTwice', 'ZeroWide', 'HalfWide']) {
      const e = errorAt(through(type), 'w', reg);
      expect(e.code).toBe('SHAPE_MISMATCH');
      expect(e.port).toBe('out');
      expect(e.message).toContain(`${type} "w"`);
    }
  });

  it('turns an exception in infer or build into an error naming the node', () => {
    expect(errorAt(through('InferThrows'), 'w', reg).code).toBe('NODE_FAILED');
    const before = tf.memory().numTensors;
    const r = compile(through('BuildThrows'), reg);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ code: 'NODE_FAILED', nodeId: 'w' });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('turns an exception in apply into an error naming the node, leaving no tensor behind', () => {
    const r = compile(through('ApplyThrows'), reg);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const before = tf.memory().numTensors;
    expect(() => tf.tidy(() => r.value.model.forward({ x: tf.ones([3, 2]) }, { training: true }).pred)).toThrow(/ApplyThrows "w" failed while it ran: boom/);
    expect(tf.memory().numTensors).toBe(before);
    r.value.model.dispose();
  });
});

describe('nodes that learn from class labels check the dataset gives one per example', () => {
  it('refuses SeenExpert on a sequence dataset (found by the fuzz: a broadcast error in training)', () => {
    const g: Graph = {
      format: 'gatelab/graph', version: 1, name: 'seen expert on captions',
      nodes: [
        { id: 'x', type: 'Input', params: { field: 'x' } }, { id: 'cond', type: 'Input', params: { field: 'cond' } },
        { id: 'seen', type: 'SeenExpert' }, { id: 'emb', type: 'Embedding', params: { dim: 32 } },
        { id: 'idea', type: 'IdeaHead' }, { id: 'head', type: 'ClassifierHead' }, { id: 'y', type: 'Output' },
      ],
      edges: [
        { id: 'e0', source: 'cond', sourceHandle: 'out', target: 'seen', targetHandle: 'x' },
        { id: 'e1', source: 'x', sourceHandle: 'out', target: 'emb', targetHandle: 'in' },
        { id: 'e2', source: 'emb', sourceHandle: 'out', target: 'idea', targetHandle: 'in' },
        { id: 'e3', source: 'idea', sourceHandle: 'out', target: 'head', targetHandle: 'in' },
        { id: 'e4', source: 'head', sourceHandle: 'out', target: 'y', targetHandle: 'in' },
      ],
      training: { dataset: { name: 'captioned-shapes', samples: 96 }, optimizer: { name: 'sgd', learningRate: 0.01 }, batchSize: 8, steps: 3, seed: 572 },
    };
    const e = errorAt(g, 'seen');
    expect(e.message).toMatch(/SeenExpert learns from one class label per example; the dataset "captioned-shapes" gives labels shaped \[B, \d+\]/);
  });
});

describe('found by the fuzz', () => {
  it("refuses a weight sized by the batch: ExpandedSelfGate on EarlyExitStack's exit [B]", () => {
    const g = chain([['x', 'Input'], ['stack', 'EarlyExitStack'], ['act', 'ExpandedSelfGate', { perChannel: true }], ['y', 'Output']]);
    g.edges[1]!.sourceHandle = 'exit';
    const e = errorAt(g, 'act');
    expect(e.code).toBe('SHAPE_MISMATCH');
    expect(e.message).toMatch(/ExpandedSelfGate "act" would make its weight "\w+" with the shape \[B\]/);
    expect(compile(g).ok).toBe(false);
  });

  it('Output checks every axis against the labels, not only the rank and the classes', () => {
    // chars labels one next character per position [B, T]; pooled tokens of another length do not line up with them
    const g = chain([['x', 'Input'], ['emb', 'Embedding', { dim: 32 }], ['tok', 'MixedScaleTokenizer'], ['head', 'ClassifierHead'], ['y', 'Output']], { ...TRAINING_2D, dataset: { name: 'chars', samples: 96 } });
    g.edges[1]!.targetHandle = 'image';
    g.edges[2]!.sourceHandle = 'tokens';
    const errors = validateGraph(g, registry).errors;
    const e = errors.find((x) => x.nodeId === 'y');
    expect(String(e?.message), JSON.stringify(errors)).toMatch(/Output expects \[B, \d+, \d+\]/);
  });
});

