import { describe, expect, it } from 'vitest';
import { getPreset, registry, validateGraph, type Graph } from '../../../engine';
import { repeatSubgraph } from '../../../src/store/repeat';
import { gluBlockGraph } from '../../helpers/blocks';

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

  it('repeats a block instance: each copy is an instance of the same definition, shaped by its own input', () => {
    const r = repeatSubgraph(gluBlockGraph(), ['myglu'], 3);
    if (!r.ok) throw new Error(r.reason);
    expect(r.graph.nodes.filter((n) => n.type === 'Block').map((n) => n.params!.block)).toEqual(['MyGLU', 'MyGLU', 'MyGLU']);
    const v = validateGraph(r.graph, registry);
    expect(v.errors).toEqual([]);
    // chained: [B, 2] into the first copy, [B, 8] into the next ones, each copy's Dense sized for its own input
    expect(['myglu', ...r.ids].map((id) => v.shapes.get(`${id}/a`)!.inputs.in!.shape)).toEqual([['B', 2], ['B', 8], ['B', 8]]);
  });

  it('chains a block instance whose output nothing reads yet from its own output port', () => {
    const g = gluBlockGraph();
    g.edges = g.edges.filter((e) => e.source !== 'myglu');
    const r = repeatSubgraph(g, ['myglu'], 2);
    if (!r.ok) throw new Error(r.reason);
    expect(r.graph.edges).toContainEqual(expect.objectContaining({ source: 'myglu', sourceHandle: 'out', target: r.ids[0], targetHandle: 'in' }));
  });
});
