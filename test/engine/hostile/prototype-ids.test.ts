/**
 * Node ids name everything a node owns (variables, stats, errors), so an id
 * like "__proto__" or "constructor" travels into every map the engine keeps.
 * Such a graph must validate, compile and train like any other, and an
 * invalid one must name the node, without touching any prototype.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../helpers/backend';
import { compile, parseGraph, registry, runGraph, validateGraph, type Graph } from '../../../engine';
import { expectNoPollution, expectReadable } from './fixtures';

const IDS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

/** Input → Dense → Activation → Dense → Output, with the given ids. */
function graphWithIds([x, h, a, o, y]: string[]): string {
  return JSON.stringify({
    format: 'gatelab/graph', version: 1, name: 'prototype ids',
    nodes: [
      { id: x, type: 'Input' },
      { id: h, type: 'Dense', params: { units: 8 } },
      { id: a, type: 'Activation', params: { fn: 'tanh' } },
      { id: o, type: 'Dense', params: { units: 2 } },
      { id: y, type: 'Output' },
    ],
    edges: [
      { id: '__proto__', source: x, sourceHandle: 'out', target: h, targetHandle: 'in' },
      { id: 'constructor', source: h, sourceHandle: 'out', target: a, targetHandle: 'in' },
      { id: 'toString', source: a, sourceHandle: 'out', target: o, targetHandle: 'in' },
      { id: 'valueOf', source: o, sourceHandle: 'out', target: y, targetHandle: 'in' },
    ],
    training: {
      dataset: { name: 'spiral', samples: 200, classes: 2 },
      optimizer: { name: 'adam', learningRate: 0.01 },
      batchSize: 16, steps: 3, seed: 3,
    },
  });
}

function parsed(text: string): Graph {
  const r = parseGraph(text);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  return r.value;
}

describe('prototype-member names as node and edge ids', () => {
  beforeAll(() => useBackend('wasm'));

  it('validates, compiles and trains a graph whose ids are prototype members', async () => {
    const g = parsed(graphWithIds(IDS.slice(0, 5)));
    const v = validateGraph(g, registry);
    expect(v.errors).toEqual([]);
    expect(v.order).toHaveLength(5);
    const { summary } = await runGraph(g, { steps: 3, statsEvery: 1, evalEvery: 0 });
    expect(summary.steps).toBe(3);
    expect(Number.isFinite(summary.loss)).toBe(true);
    expect(summary.error).toBeUndefined();
    expectNoPollution();
  });

  it('keeps each node\'s variables and stats under its own id', async () => {
    const g = parsed(graphWithIds(['x', '__proto__', 'a', 'constructor', 'y']));
    const c = compile(g);
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    try {
      const names = [...c.value.model.variables.keys()];
      expect(names.some((n) => n.startsWith('__proto__/'))).toBe(true);
      expect(names.some((n) => n.startsWith('constructor/'))).toBe(true);
      expect(Object.hasOwn(c.value.flopsByNode, '__proto__')).toBe(true);
      expect(c.value.flopsByNode.__proto__).toBeGreaterThan(0);
    } finally {
      c.value.model.dispose();
    }
    expectNoPollution();
  });

  it('locates errors on nodes with such ids', () => {
    const text = graphWithIds(['x', '__proto__', 'a', 'constructor', 'y'])
      .replace('"units":8', '"units":-1')
      .replace('"type":"Activation"', '"type":"toString"');
    const v = validateGraph(parsed(text), registry);
    v.errors.forEach(expectReadable);
    expect(v.errors.find((e) => e.code === 'BAD_PARAM')?.nodeId).toBe('__proto__');
    expect(v.errors.find((e) => e.code === 'UNKNOWN_NODE_TYPE')?.nodeId).toBe('a');
    expectNoPollution();
  });

  it('reports duplicate prototype-member ids once each, by id', () => {
    const text = graphWithIds(['x', '__proto__', '__proto__', 'constructor', 'y']);
    const v = validateGraph(parsed(text), registry);
    expect(v.errors.some((e) => e.code === 'DUPLICATE_ID' && e.nodeId === '__proto__')).toBe(true);
    const c = compile(parsed(text));
    expect(c.ok).toBe(false);
    expectNoPollution();
  });
});
