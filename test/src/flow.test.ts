import { describe, expect, it } from 'vitest';
import { getPreset } from '../../engine';
import { createFlowMapper, toLink } from '../../src/flow';
import { setNodeParam } from '../../src/store/graphOps';

const g = getPreset('spiral-gated-mlp')!.graph;
const byId = (n: { id: string }) => `node ${n.id}`;

describe('flow mapper', () => {
  it('maps nodes and edges, carrying only the type in data', () => {
    const m = createFlowMapper();
    const nodes = m.nodes(g, new Set(['x']), new Map(), byId);
    expect(nodes).toHaveLength(g.nodes.length);
    expect(nodes[0]).toMatchObject({ id: 'x', type: 'gate', data: { type: 'Input' }, selected: true, ariaLabel: 'node x' });
    const edges = m.edges(g, new Set());
    expect(edges[0]).toMatchObject({ id: 'e1', source: 'x', sourceHandle: 'out', target: 'v1', targetHandle: 'in', type: 'shape' });
  });

  it('hands back the same objects for untouched nodes', () => {
    const m = createFlowMapper();
    const a = m.nodes(g, new Set(), new Map(), byId);
    const g2 = setNodeParam(g, 'v1', 'units', 8);
    const b = m.nodes(g2, new Set(), new Map(), byId);
    expect(b[0]).toBe(a[0]);
    expect(b[1]).not.toBe(a[1]);
    const size = { width: 150, height: 60 };
    const c = m.nodes(g2, new Set(), new Map([['x', size]]), byId);
    expect(c[0]!.measured).toBe(size);
    expect(c[2]).toBe(b[2]);
  });

  it('hands back a new node when its accessible name changes (its shape was inferred)', () => {
    const m = createFlowMapper();
    const a = m.nodes(g, new Set(), new Map(), byId);
    const b = m.nodes(g, new Set(), new Map(), (n) => (n.id === 'v1' ? 'Dense v1, output [B, 16]' : byId(n)));
    expect([b[0] === a[0], b[1] === a[1], b[1]!.ariaLabel]).toEqual([true, false, 'Dense v1, output [B, 16]']);
  });

  it('turns connections into links', () => {
    expect(toLink({ source: 'a', target: 'b', sourceHandle: 'out', targetHandle: 'in' })).toEqual({ source: 'a', sourceHandle: 'out', target: 'b', targetHandle: 'in' });
    expect(toLink({ source: 'a', target: null, sourceHandle: 'out', targetHandle: 'in' })).toBeNull();
  });
});
