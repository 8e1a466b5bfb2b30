import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-core';
import { runGraph } from '../../../engine';
import { useBackend } from '../../helpers/backend';
import { presetGraph } from '../nodes/gates/node-harness';

/**
 * The ReZero effect, short and seeded, at depth 64: ReZero's held-out loss ends
 * below the vanilla stack's, its first-step loss is of order 1, and the plain
 * residual stack's first loss explodes. (`gatelab compare --preset rezero-deep`
 * shows the same on seeds 3, 4 and 7.)
 */
describe('rezero-deep preset', () => {
  beforeAll(() => useBackend('wasm'));

  for (const seed of [1, 2]) {
    it(`seed ${seed}: ReZero ends below vanilla and starts at O(1) loss; the residual stack starts exploded`, async () => {
      const run = async (residual: string, steps?: number) =>
        (await runGraph(presetGraph('rezero-deep', seed, { 'stack.residual': residual }), { ...(steps ? { steps } : {}), statsEvery: steps ?? 200, evalEvery: 0 })).summary;
      const rezero = await run('rezero');
      const vanilla = await run('none');
      const residual = await run('residual', 1);
      expect(rezero.loss).toBeLessThan(vanilla.loss);
      expect(rezero.firstLoss).toBeLessThan(3);
      expect(residual.firstLoss).toBeGreaterThan(100);
      expect(residual.stats['stack']!['outputScale']).toBeGreaterThan(100);
      // α left 0 in every layer, reported per layer
      const alphas = rezero.stats['stack']!['alphaPerLayer'] as number[];
      expect(alphas).toHaveLength(64);
      expect(alphas.every((a) => a !== 0)).toBe(true);
    }, 300_000);
  }
});
