import { describe, expect, it } from 'vitest';
import { getPreset, registry, validateGraph, type Graph } from '../../../engine';
import { repeatSubgraph } from '../../../src/store/repeat';

const spiral = (): Graph => getPreset('spiral-gated-mlp')!.graph;
const BLOCK = ['v2', 't2', 'g2', 's2', 'm2'];

describe('repeatSubgraph', () => {
  it('stacks a gated block N times, chained, and the graph stays valid', () => {
    const g = spiral();
    const r = repeatSubgraph(g, BLOCK, 3);
    if (!r.ok) throw new Error(r.reason);
    expect(r.ids).toHaveLength(BLOCK.length * 2);
    expect(r.graph.nodes).toHaveLength(g.nodes.length + 10);
    const v = validateGraph(r.graph, registry);
    expect(v.errors).toEqual([]);
    // The order runs through three multiplies before the logits.
    const mults = v.order.filter((id) => r.graph.nodes.find((n) => n.id === id)!.type === 'Multiply');
    expect(mults).toHaveLength(4);
    // The logits now read the last copy's exit, not m2.
    const toLogits = r.graph.edges.find((e) => e.target === 'logits')!;
    expect(toLogits.source).not.toBe('m2');
    expect(r.ids).toContain(toLogits.source);
    // Each copy's first Dense reads the previous copy's Multiply.
    const firstCopyDense = r.graph.edges.filter((e) => e.source === 'm2').map((e) => e.target);
    expect(firstCopyDense.every((id) => r.ids.includes(id))).toBe(true);
  });

  it('moves the nodes below the block down to make room', () => {
    const g = spiral();
    const r = repeatSubgraph(g, BLOCK, 2);
    if (!r.ok) throw new Error(r.reason);
    const y = (gr: Graph, id: string) => gr.nodes.find((n) => n.id === id)!.position!.y;
    expect(y(r.graph, 'logits')).toBeGreaterThan(y(g, 'logits'));
    expect(y(r.graph, 'x')).toBe(y(g, 'x'));
  });

  it('refuses with a reason when the block cannot be chained', () => {
    const g = spiral();
    expect(repeatSubgraph(g, [], 3)).toMatchObject({ ok: false });
    expect(repeatSubgraph(g, ['x', 'v1'], 3)).toMatchObject({ ok: false });
    expect(repeatSubgraph(g, BLOCK, 1)).toMatchObject({ ok: false });
    const lone = { ...g, nodes: [...g.nodes, { id: 'lone', type: 'Dense', position: { x: 900, y: 0 } }] };
    const r = repeatSubgraph(lone, ['lone'], 2);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/feeds/);
  });
});
