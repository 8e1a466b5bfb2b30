import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-core';
import { applyVariant, runGraph } from '../../../engine';
import { useBackend } from '../../helpers/backend';
import { presetGraph } from '../nodes/gates/node-harness';

/**
 * The GateON effect (GateON-style reconstruction), short and seeded: trained on a
 * stream of five tasks, the network with context gates and plasticity guards
 * forgets less (average over tasks) than the same network without them, even
 * when that one is told the task (a learned per-task bias).
 * (`gatelab compare --preset gateon` shows it on seeds 1-3.)
 */
describe('gateon preset', () => {
  beforeAll(() => useBackend('wasm'));

  for (const seed of [11, 12]) {
    it(`seed ${seed}: gates + guard forget less than the ungated network told the task`, async () => {
      const g = presetGraph('gateon', seed);
      const run = async (name: string) => (await runGraph(applyVariant(g, name), { steps: 500, evalEvery: 0 })).summary;
      const gated = await run('context gates + plasticity guard');
      const told = await run('no gates, told the task (task bias)');
      expect(gated.phaseMetrics).toHaveLength(4);
      expect(gated.metrics.forgetting).toBeLessThan(told.metrics.forgetting! - 0.15);
      expect(gated.metrics.averageAccuracy).toBeGreaterThan(told.metrics.averageAccuracy!);
    }, 90_000);
  }
});
