import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-core';
import { applyVariant, runGraph, type Graph } from '../../../engine';
import { useBackend } from '../../helpers/backend';
import { presetGraph } from '../nodes/gates/node-harness';

/** The preset, shortened: 8-character windows, batches of 16 and fewer steps. */
function short(seed: number, variant: string, steps: number): Graph {
  const g = applyVariant(presetGraph('skip-middle', seed), variant);
  g.training.dataset = { ...g.training.dataset, length: 8, samples: 2000 };
  g.training.batchSize = 16;
  g.training.steps = steps;
  return g;
}

/**
 * The skip-middle effect, short and seeded: the gated stack learns to skip its middle
 * layers for a real share of tokens (so it spends less than the dense stack)
 * while its held-out loss stays near the dense stack's. (`gatelab compare
 * --preset skip-middle` shows it on seeds 4 and 5, beside the two-layer
 * dense stack that the paper's negative result is about.)
 */
describe('skip-middle preset', () => {
  beforeAll(() => useBackend('wasm'));

  for (const seed of [1, 2]) {
    it(`seed ${seed}: tokens skip the middle layers, with loss near the dense stack`, async () => {
      const steps = 150;
      const gated = (await runGraph(short(seed, 'gated skip (4 layers)', steps), { statsEvery: steps, evalEvery: 0 })).summary;
      const dense = (await runGraph(short(seed, 'dense (4 layers)', steps), { statsEvery: steps, evalEvery: 0 })).summary;
      const stack = gated.stats.stack!;
      expect(stack.skipRate as number).toBeGreaterThan(0.05);
      const perLayer = stack.skipRatePerLayer as number[];
      expect(perLayer[0]).toBe(perLayer[3]);                           // mirrored
      expect(Math.min(perLayer[1]!, perLayer[2]!)).toBeGreaterThanOrEqual(perLayer[0]!); // cumulative: the middle skips most
      expect(stack.computeFraction as number).toBeLessThan(1);
      expect(gated.loss).toBeLessThan(dense.loss + 0.1);
    }, 300_000);
  }
});
