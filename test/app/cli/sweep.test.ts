/** `compare --sweep`: its curves are named by the swept param's label where the node's type gives one. */
import { describe, expect, it } from 'vitest';
import { getPreset } from '../../../engine';
import { sweepVariants } from '../../../app/cli/commands/sweep';

describe('compare --sweep curve names', () => {
  it('names a curve by the param’s label, after the variant it starts from; by NODE.PARAM where there is no label', () => {
    const graph = getPreset('jei-dnn')!.graph;
    const { graph: swept, curves } = sweepVariants(graph, ['learned exits:stack.lambda=0.1,1.5', 'stack.threshold=0.6,0.8', 'stack.width=8,16']);
    expect(curves.map((c) => c.name)).toEqual(['learned exits (cost weight λ)', 'threshold θ', 'stack.width']);
    // the variants keep their NODE.PARAM=VALUE names: --json and the tables key on them
    expect(swept.variants!.map((v) => v.name).slice(0, 3)).toEqual(['learned exits, stack.lambda=0.1', 'learned exits, stack.lambda=1.5', 'stack.threshold=0.6']);
  });
});
