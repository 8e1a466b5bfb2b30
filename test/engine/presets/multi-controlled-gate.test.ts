import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-core'; // before the engine, which would otherwise load tfjs-core's parts without its chained-op registration
import { applyVariant, runGraph } from '../../../engine';
import { useBackend } from '../../helpers/backend';
import { presetGraph } from '../nodes/gates/node-harness';

/**
 * The soft-AND effect, short and seeded: the Soft AND gate learns "open only when
 * all four detectors fire" to at least 99% held-out accuracy, and its learned
 * thresholds single out the detectors from the decoys. (`gatelab compare`
 * shows the same on seeds 7 and 3.)
 */
describe('multi-controlled-gate preset', () => {
  beforeAll(() => useBackend('wasm'));

  for (const seed of [1, 2]) {
    it(`seed ${seed}: the soft AND reaches ≥ 0.99 accuracy and ignores the decoys`, async () => {
      const g = applyVariant(presetGraph('multi-controlled-gate', seed), 'soft AND gate');
      const { summary } = await runGraph(g, { statsEvery: g.training.steps, evalEvery: 0 });
      expect(summary.accuracy).toBeGreaterThanOrEqual(0.99);
      const theta = summary.stats['and']!['thetaPerControl'] as number[];
      const detectors = Math.min(...theta.slice(0, 4));
      const decoys = Math.max(...theta.slice(4));
      expect(detectors).toBeGreaterThan(decoys);
      const byCount = summary.stats['and']!['gateByControlsOnPerCount'] as (number | null)[];
      expect(byCount[8]).toBeGreaterThan(0.5); // all eight on (decoys count as on once ignored): open
    }, 60_000);
  }
});
