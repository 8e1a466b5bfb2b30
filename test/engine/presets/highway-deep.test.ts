import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-core';
import { applyVariant, runGraph } from '../../../engine';
import { useBackend } from '../../helpers/backend';
import { presetGraph } from '../nodes/gates/node-harness';

const STEPS = 150;

/**
 * The highway effect, short and seeded, at depth 40: with highway gates the
 * network fits two-moons, while the same 40 Dense + ReLU layers without the
 * gates stay at chance. 150 steps instead of the preset's 300.
 * (`gatelab compare --preset highway-deep` shows the same on seeds 1-4.)
 */
describe('highway-deep preset', () => {
  beforeAll(() => useBackend('wasm'));

  for (const seed of [11, 12]) {
    it(`seed ${seed}: the highway network trains where the plain one stays at chance`, async () => {
      const run = async (variant: string) =>
        (await runGraph(applyVariant(presetGraph('highway-deep', seed), variant), { steps: STEPS, statsEvery: STEPS, evalEvery: 0 })).summary;
      const highway = await run('highway gates');
      const plain = await run('plain (no gates)');
      expect(highway.loss).toBeLessThan(0.3);
      expect(plain.loss).toBeGreaterThan(0.6);
      expect(highway.accuracy!).toBeGreaterThan(plain.accuracy! + 0.3);
      expect(highway.stats['g1']!['gateMean']).toBeLessThan(0.5);   // most of the signal is carried
    }, 300_000);
  }
});
