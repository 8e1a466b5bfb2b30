import { describe, expect, it } from 'vitest';
import { getPreset, type Graph } from '../../../engine';
import { checkConnection, createConnectionChecker } from '../../../src/store/connect';
import { addNode, removeItems } from '../../../src/store/graphOps';

const spiral = (): Graph => getPreset('spiral-gated-mlp')!.graph;
const tiny = (): Graph => getPreset('tiny-transformer')!.graph;

describe('checkConnection', () => {
  it('accepts an edge the engine accepts', () => {
    const g = removeItems(spiral(), [], ['e14']);
    expect(checkConnection(g, { source: 'logits', sourceHandle: 'out', target: 'y', targetHandle: 'in' })).toEqual({ ok: true });
  });

  it('refuses a rank mismatch with the engine\'s sentence', () => {
    const t = tiny();
    const attn = t.nodes.find((n) => n.type === 'Attention')!;
    const inPort = t.edges.find((e) => e.target === attn.id)!.targetHandle;
    // Feed the attention a [B, 2] tensor from a fresh Dense on spiral-like data: take a graph where such a source exists.
    const g0 = { ...spiral(), nodes: [...spiral().nodes, { ...attn, position: { x: 0, y: 0 } }] };
    const v = checkConnection(g0, { source: 'logits', sourceHandle: 'out', target: attn.id, targetHandle: inPort });
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.reason).toMatch(/expects \[B, T, D\].*\[B, 2\]/);
  });

  it('refuses loops, self edges and taken inputs, in words', () => {
    const g = spiral();
    const loop = checkConnection(g, { source: 'm2', sourceHandle: 'out', target: 'v1', targetHandle: 'in' });
    expect(loop.ok).toBe(false);
    const self = checkConnection(g, { source: 'v1', sourceHandle: 'out', target: 'v1', targetHandle: 'in' });
    expect(self).toEqual({ ok: false, reason: 'A node cannot feed itself.' });
    const { graph } = addNode(g, 'Dense', { x: 0, y: 0 });
    const taken = checkConnection(graph, { source: 'dense', sourceHandle: 'out', target: 'v2', targetHandle: 'in' });
    expect(taken.ok).toBe(false);
    if (!taken.ok) expect(taken.reason).toMatch(/already takes/);
  });

  it('memoises the last verdict', () => {
    const check = createConnectionChecker();
    const g = spiral();
    const link = { source: 'v1', sourceHandle: 'out', target: 'v1', targetHandle: 'in' };
    expect(check(g, link)).toBe(check(g, link));
  });
});
