import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-core';
import { applyVariant, runGraph, type Graph } from '../../../engine';
import { useBackend } from '../../helpers/backend';
import { presetGraph } from '../nodes/gates/node-harness';

const GATES = ['gate1a', 'gate1m', 'gate2a', 'gate2m'];

/**
 * The preset, shortened: 8-token sequences and fewer steps, a third of them
 * pretraining with the gates frozen open, then fine-tuning with ρ reaching its
 * 50% training budget halfway through.
 */
function short(seed: number, variant: string, steps: number): Graph {
  const g = applyVariant(presetGraph('gateskip', seed), variant);
  const pretrain = Math.round(steps / 3);
  g.training.dataset = { ...g.training.dataset, length: 8 };
  g.training.steps = steps;
  g.training.phases = [{ ...g.training.phases![0]!, steps: pretrain }, { ...g.training.phases![1]!, steps: steps - pretrain }];
  for (const n of g.nodes) if (GATES.includes(n.id)) n.params = { ...n.params, rampStart: pretrain, rampSteps: Math.round(pretrain / 2) };
  return g;
}

/**
 * The GateSkip effect, short and seeded: evaluated at a 50% token budget in every
 * gated branch, the network keeps at least 90% of the accuracy of the same
 * network at full compute, while spending at most 60% of its dense FLOPs.
 * (`gatelab compare --preset gateskip --seeds 101-105` measures it at full length, with random skipping.)
 */
describe('gateskip preset', () => {
  beforeAll(() => useBackend('wasm'));

  it('skips half the tokens of every branch at evaluation, with one gate per token or per channel', async () => {
    for (const variant of ['gated, 50% budget', 'vector gates, fine-tuned']) {
      const { summary } = await runGraph(short(1, variant, 4), { statsEvery: 4, evalEvery: 0 });
      for (const id of GATES) expect(summary.stats[id]!.skipRate, `${variant}: ${id}`).toBe(0.5);
    }
  }, 30_000);

  for (const seed of [1, 2]) {
    it(`seed ${seed}: ≥ 90% of full-compute accuracy on ≤ 60% of the dense FLOPs`, async () => {
      const steps = 120;
      const gated = (await runGraph(short(seed, 'gated, 50% budget', steps), { statsEvery: steps, evalEvery: 0 })).summary;
      const full = (await runGraph(short(seed, 'full compute', steps), { statsEvery: steps, evalEvery: 0 })).summary;
      const m = gated.stats['@model']!;
      expect((m.flopsPerExample as number) / (m.denseFlopsPerExample as number)).toBeLessThanOrEqual(0.6);
      expect(full.stats['@model']!.flopsPerExample).toBe(full.stats['@model']!.denseFlopsPerExample);
      expect(gated.accuracy!).toBeGreaterThanOrEqual(0.9 * full.accuracy!);
    }, 300_000);
  }
});
