import { describe, expect, it } from 'vitest';
import { getPreset, registry, validateGraph } from '../../engine';
import { accessibleName } from '../../components/canvas/GateNode';

describe('a node’s accessible name', () => {
  const g = getPreset('spiral-mlp')!.graph;
  const { shapes } = validateGraph(g, registry);
  const name = (id: string) => { const n = g.nodes.find((m) => m.id === id)!; return accessibleName(n, registry.get(n.type), shapes.get(id)); };

  it('says the type, the id and the inferred output shape', () => {
    // spiral: 2 features in, h1 is Dense(16), logits Dense(2) for 2 classes
    expect(name('x')).toBe('Input x, output [B, 2]');
    expect(name('h1')).toBe('Dense h1, output [B, 16]');
    expect(name('y')).toBe('Output y, receives [B, 2]');
  });

  it('says when the shape is not known yet', () => {
    expect(accessibleName({ id: 'd', type: 'Dense', position: { x: 0, y: 0 } }, registry.get('Dense'), undefined)).toBe('Dense d, output shape unknown until its inputs are connected');
  });
});
