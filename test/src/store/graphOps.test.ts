import { describe, expect, it } from 'vitest';
import { getPreset, validateGraph, registry, type Graph } from '../../../engine';
import { addEdge, addNode, copyItems, freeSpot, freshId, idStem, pasteClip, removeItems, setNodeParam } from '../../../src/store/graphOps';
import { emptyGraph } from '../../../src/store/graphStore';

const spiral = (): Graph => getPreset('spiral-gated-mlp')!.graph;

describe('graphOps', () => {
  it('makes readable ids that are not taken', () => {
    expect(freshId('dense', new Set())).toBe('dense');
    expect(freshId('dense', new Set(['dense', 'dense2']))).toBe('dense3');
    expect(freshId('9x', new Set())).toBe('x');
    expect(idStem('Dense')).toBe('dense');
    expect(idStem('PositionalEmbedding')).toBe('pe');
  });

  it('adds a node with a valid id and snapped position, sharing untouched nodes', () => {
    const g = spiral();
    const r = addNode(g, 'Dense', { x: 13, y: 27 });
    expect(r.graph.nodes).toHaveLength(g.nodes.length + 1);
    expect(r.graph.nodes[0]).toBe(g.nodes[0]);
    const n = r.graph.nodes.at(-1)!;
    expect(n).toMatchObject({ id: r.id, type: 'Dense', position: { x: 10, y: 30 } });
    expect(validateGraph(r.graph, registry).errors.every((e) => e.code !== 'DUPLICATE_ID')).toBe(true);
  });

  it('removes nodes with every edge touching them, in one edit', () => {
    const g = spiral();
    const out = removeItems(g, ['m1'], ['e14']);
    expect(out.nodes.find((n) => n.id === 'm1')).toBeUndefined();
    expect(out.edges.some((e) => e.source === 'm1' || e.target === 'm1' || e.id === 'e14')).toBe(false);
    expect(removeItems(g, [], [])).toBe(g);
  });

  it('sets a param without touching other nodes', () => {
    const g = spiral();
    const out = setNodeParam(g, 'v1', 'units', 8);
    expect(out.nodes.find((n) => n.id === 'v1')!.params).toEqual({ units: 8 });
    expect(out.nodes.find((n) => n.id === 'g1')).toBe(g.nodes.find((n) => n.id === 'g1'));
  });

  it('copies and pastes a block with fresh ids and its inner edges only', () => {
    const g = spiral();
    const clip = copyItems(g, ['v1', 't1']);
    expect(clip.edges.map((e) => e.id)).toEqual(['e3']);
    const r = pasteClip(g, clip, { x: 400, y: 0 });
    expect(r.ids).toHaveLength(2);
    expect(r.ids.every((id) => !g.nodes.some((n) => n.id === id))).toBe(true);
    const newEdge = r.graph.edges.at(-1)!;
    expect([newEdge.source, newEdge.target]).toEqual([r.rename.get('v1'), r.rename.get('t1')]);
    const ids = [...r.graph.nodes.map((n) => n.id), ...r.graph.edges.map((e) => e.id)];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('adds edges with fresh ids', () => {
    const g = spiral();
    const r = addEdge(g, { source: 'x', sourceHandle: 'out', target: 'y', targetHandle: 'in' });
    expect(g.edges.some((e) => e.id === r.id)).toBe(false);
  });
});

describe('freeSpot', () => {
  const size = { width: 100, height: 50 };
  const at = (x: number, y: number) => ({ id: `n${x}_${y}`, type: 'Dense', position: { x, y } });
  const graphOf = (nodes: ReturnType<typeof at>[]) => ({ ...emptyGraph(), nodes });

  it('keeps the wanted spot when it is free', () => {
    expect(freeSpot(graphOf([at(500, 500)]), { x: 0, y: 0 }, size, () => size)).toEqual({ x: 0, y: 0 });
  });

  it('steps right past a node in the way, leaving a gap', () => {
    // the box at (0,0) 100 wide plus a 20 px gap: the next free column starts at 120
    expect(freeSpot(graphOf([at(0, 0)]), { x: 0, y: 0 }, size, () => size)).toEqual({ x: 120, y: 0 });
  });

  it('goes down, half a node at a time, when a whole row is taken', () => {
    const row = [0, 120, 240, 360, 480, 600].map((x) => at(x, 0));
    // rows at y = 25 and 50 still touch the 50 px boxes plus the gap; y = 75 clears them
    expect(freeSpot(graphOf(row), { x: 0, y: 0 }, size, () => size)).toEqual({ x: 0, y: 75 });
  });
});
