/** A graph's ends fitted to your own data: the Output's loss and the width of the Dense feeding it. */
import { describe, expect, it } from 'vitest';
import { getPreset } from '../../../engine';
import { fitGraphEnds } from '../../../src/data/fitGraph';

const graph = getPreset('spiral-gated-mlp')!.graph;
const output = graph.nodes.find((n) => n.type === 'Output')!;
const feed = graph.nodes.find((n) => n.id === graph.edges.find((e) => e.target === output.id)!.source)!;

describe('fitGraphEnds', () => {
  it('sets mse and one unit for a one-target regression, and back for 3 classes', () => {
    expect(feed.type).toBe('Dense');
    const r = fitGraphEnds(graph, { task: 'regression', outputs: 1 });
    expect(r.nodes.find((n) => n.id === output.id)!.params?.['loss']).toBe('mse');
    expect(r.nodes.find((n) => n.id === feed.id)!.params?.['units']).toBe(1);
    const c = fitGraphEnds(r, { task: 'classification', outputs: 3 });
    expect(c.nodes.find((n) => n.id === output.id)!.params?.['loss']).toBe('softmax_cross_entropy');
    expect(c.nodes.find((n) => n.id === feed.id)!.params?.['units']).toBe(3);
  });

  it('leaves every other node as it was', () => {
    const r = fitGraphEnds(graph, { task: 'regression', outputs: 2 });
    const others = (g: typeof graph) => g.nodes.filter((n) => n.id !== output.id && n.id !== feed.id);
    expect(others(r)).toEqual(others(graph));
    expect(r.edges).toBe(graph.edges);
  });
});
