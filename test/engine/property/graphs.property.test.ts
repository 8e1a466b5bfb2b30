/**
 * Property tests (issue 8): random graphs from the registry and random
 * mutations of every preset. Parse, validation and compile never throw; each
 * graph trains a step or returns located errors; nothing leaks a tensor.
 * Counts are modest for 2 shared cores: GATELAB_PROPERTY_RUNS=500 and
 * GATELAB_PROPERTY_SEED=random explore further.
 */
import { useBackend } from '../../helpers/backend';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { PRESETS } from '../../../engine';
import { buildGraph, graphPlan, mutate, mutationPlan } from './arbitraries';
import { checkGraph, fcOptions, tally } from './pipeline';

describe('property: random graphs from the registry', () => {
  beforeAll(() => useBackend('wasm'));

  it('never throw; each trains a step or returns located errors', async () => {
    const t = tally();
    await fc.assert(
      fc.asyncProperty(graphPlan, async (plan) => { t.add(await checkGraph(buildGraph(plan))); }),
      fcOptions(120, 8),
    );
    console.log('random graphs:', JSON.stringify(t.counts));
    expect(t.counts['rejected-by-validation']).toBeGreaterThan(0);
    expect(t.counts.trained).toBeGreaterThan(5);
  });
});

describe('property: mutated presets', () => {
  beforeAll(() => useBackend('wasm'));

  for (const [i, preset] of PRESETS.entries()) {
    it(`${preset.slug}: edges rewired, params at extremes, nodes deleted or inserted`, async () => {
      const t = tally();
      await fc.assert(
        fc.asyncProperty(mutationPlan, async (muts) => { t.add(await checkGraph(mutate(preset.graph, muts))); }),
        fcOptions(16, 100 + i),
      );
      console.log(`${preset.slug}:`, JSON.stringify(t.counts));
      expect(t.counts['rejected-by-validation']).toBeGreaterThan(0);
    });
  }

  it('every preset itself trains a step', async () => {
    for (const p of PRESETS) expect(await checkGraph(p.graph), p.slug).toBe('trained');
  });
});

describe('the size estimate the property relies on', () => {
  it('counts exactly the weights compile creates, for every preset', async () => {
    const { compile, registry, validateGraph } = await import('../../../engine');
    const { estimateParams } = await import('./pipeline');
    for (const p of PRESETS) {
      const c = compile(p.graph);
      if (!c.ok) throw new Error(p.slug);
      expect(estimateParams(validateGraph(p.graph, registry)), p.slug).toBe(c.value.params);
      c.value.model.dispose();
    }
  });
});
