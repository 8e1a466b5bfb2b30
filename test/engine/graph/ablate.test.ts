/**
 * Ablation reads each node type's declaration: the gates that are on are set
 * to their type's gate-off params (defaults count as on), everything else is
 * left alone, and a graph with nothing to switch off has no ablation.
 */
import { describe, expect, it } from 'vitest';
import { ablate, declaresStat, makeBlock } from '../../../engine';
import { chain } from '../../helpers/graphs';

const graph = (gate?: string) => chain([
  ['x', 'Input'], ['emb', 'Embedding', { dim: 8 }],
  ['attn', 'GatedAttention', gate ? { heads: 2, gate } : { heads: 2 }],
  ['z', 'ReZero'], ['head', 'ClassifierHead'], ['y', 'Output'],
]);

describe('ablate', () => {
  it('switches a gate that is on (by default or by its param) off, and names the change', () => {
    for (const g of [graph(), graph('headwise')]) {
      const off = ablate(g)!;
      expect(off.label).toBe('attention gate off');
      expect(off.graph.nodes.find((n) => n.id === 'attn')!.params).toEqual({ heads: 2, gate: 'none' });
      expect(off.graph.nodes.filter((n) => n.id !== 'attn')).toEqual(g.nodes.filter((n) => n.id !== 'attn'));
    }
  });

  it('switches off a gate inside a block, in its definition (so in every instance)', () => {
    const made = makeBlock(graph(), ['attn'], { name: 'Attn' });
    if (!made.ok) throw new Error(made.errors[0]!.message);
    const off = ablate(made.graph)!;
    expect(off.label).toBe('attention gate off');
    expect(off.graph.blocks!.Attn!.nodes.find((n) => n.id === 'attn')!.params).toEqual({ heads: 2, gate: 'none' });
    expect(off.graph.nodes).toEqual(made.graph.nodes);
  });

  it('switches off a gate a block exposes, whatever its instances set', () => {
    const made = makeBlock(graph('none'), ['attn'], { name: 'Attn', expose: [{ node: 'attn', param: 'gate' }] });
    if (!made.ok) throw new Error(made.errors[0]!.message);
    made.graph.nodes.find((n) => n.id === made.id)!.params!.gate = 'headwise';
    const off = ablate(made.graph)!;
    expect(off.graph.blocks!.Attn!.params).toBeUndefined();
    expect(off.graph.nodes.find((n) => n.id === made.id)!.params).toEqual({ block: 'Attn' });
    expect(off.graph.blocks!.Attn!.nodes.find((n) => n.id === 'attn')!.params!.gate).toBe('none');
  });

  it('has nothing to do when every gate is already off', () => {
    expect(ablate(graph('none'))).toBeNull();
  });

  it('finds attention layers by the statistics they declare', () => {
    expect(declaresStat('GatedAttention', 'attention')).toBe(true);
    expect(declaresStat('Attention', 'attention')).toBe(true);
    expect(declaresStat('ReZero', 'attention')).toBe(false);
    expect(declaresStat('NoSuchType', 'attention')).toBe(false);
  });
});
