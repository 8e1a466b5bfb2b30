import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-core';
import { applyVariant, runGraph } from '../../../engine';
import { useBackend } from '../../helpers/backend';
import { presetGraph } from '../nodes/gates/node-harness';

const STEPS = 400;
const ACTS = ['act1', 'act2', 'act3'];

/**
 * The expanded-gating effect, short and seeded: α leaves 0 in every expanded activation, the
 * expanded gates reach below 0, and xATLU ends no worse than ATLU (α frozen at
 * 0) on the preset's clean spiral (0.02 tolerance). 400 steps instead of the
 * preset's 800. (`gatelab compare` shows the same on seeds 3, 4 and 7.)
 */
describe('expanded-activations preset', () => {
  beforeAll(() => useBackend('wasm'));

  for (const seed of [1, 2]) {
    it(`seed ${seed}: α moves away from 0 and xATLU is no worse than ATLU`, async () => {
      const run = async (variant: string) =>
        (await runGraph(applyVariant(presetGraph('expanded-activations', seed), variant), { steps: STEPS, statsEvery: STEPS, evalEvery: 0 })).summary;
      const x = await run('xATLU');
      const plain = await run('ATLU');
      for (const id of ACTS) {
        expect(Math.abs(x.stats[id]!['alpha'] as number)).toBeGreaterThan(0.05);
        expect(plain.stats[id]!['alpha']).toBe(0);
        expect(plain.stats[id]!['negativeGate']).toBe(0);
      }
      expect(Math.max(...ACTS.map((id) => x.stats[id]!['negativeGate'] as number))).toBeGreaterThan(0);
      expect(x.loss).toBeLessThan(plain.loss + 0.02);
    }, 240_000);
  }
});
