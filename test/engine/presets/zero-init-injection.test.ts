import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-core';
import { applyVariant, runGraph, type Graph, type RunSummary } from '../../../engine';
import { useBackend } from '../../helpers/backend';
import { presetGraph } from '../nodes/gates/node-harness';

const PRETRAIN = 150;
const BIND = 150;

/** The preset, shortened to PRETRAIN + BIND steps. */
function short(seed: number, variant: string): Graph {
  const g = applyVariant(presetGraph('zero-init-injection', seed), variant);
  const [pre, bind] = g.training.phases!;
  g.training.phases = [{ ...pre!, steps: PRETRAIN }, { ...bind!, steps: BIND }];
  g.training.steps = PRETRAIN + BIND;
  return g;
}

/** The run's summary and its training loss at every step. */
async function run(g: Graph): Promise<{ summary: RunSummary; losses: number[] }> {
  const losses: number[] = [];
  const { summary } = await runGraph(g, { statsEvery: g.training.steps, evalEvery: 0, onEvent: (e) => { if (e.kind === 'step') losses[e.step] = e.loss; } });
  return { summary, losses };
}

/**
 * The zero-gate effect, short and seeded: when binding starts the zero-gated model is
 * exactly the uninjected one (same loss on the same batch, to the last bit;
 * the unit test shows an ungated injection changes it at once); then the
 * gates open and the caption loss falls below the uninjected model's. (`gatelab compare --preset
 * zero-init-injection` shows it on seeds 5 and 6.)
 */
describe('zero-init-injection preset', () => {
  beforeAll(() => useBackend('wasm'));

  for (const seed of [1, 2]) {
    it(`seed ${seed}: starts exactly at the uninjected model, opens its gates and beats it`, async () => {
      const gated = await run(short(seed, 'zero-init gate'));
      const none = await run(short(seed, 'no injection'));
      const first = PRETRAIN + 1;                                      // the first binding step
      expect(gated.losses.slice(1, first + 1)).toEqual(none.losses.slice(1, first + 1));
      expect(gated.summary.stats.attn1!.gateOpen as number).toBeGreaterThan(0.05);
      expect(gated.summary.loss).toBeLessThan(none.summary.loss);
      expect(gated.summary.metrics.wordAccuracy!).toBeGreaterThan(none.summary.metrics.wordAccuracy!);
    }, 300_000);
  }
});
