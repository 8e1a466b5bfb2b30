/**
 * The 2-D presets the plain path now covers train on it with tfjs's losses to
 * 1e-4 over 60 steps; the default preset takes the path by itself.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { getPreset } from '../../../../engine';
import { clone } from '../../../helpers/graphs';
import { useBackend } from '../../../helpers/backend';
import { maxRelDiff, run, steps } from './runs';

describe('presets on the plain-JavaScript path', () => {
  beforeAll(() => useBackend('wasm'));

  it.each(['spiral-gated-mlp', 'rezero-deep', 'expanded-activations', 'multi-controlled-gate'])('%s trains with the losses of tfjs to 1e-4 over 60 steps', async (slug) => {
    const g = clone(getPreset(slug)!.graph);
    // rezero-deep's 64 layers at batch 256 took tfjs 15 s here; no kernel depends on the batch size.
    if (slug === 'rezero-deep') g.training.batchSize = 32;
    const opts = { steps: 60, evalEvery: 0, finalEval: false };
    const fast = await run(g, { ...opts, path: 'plain' }), slow = await run(g, { ...opts, path: 'tfjs' });
    expect(fast.reason).toBe('');
    expect(maxRelDiff(steps(fast.events).map((e) => e.loss), steps(slow.events).map((e) => e.loss))).toBeLessThan(1e-4);
  });

  it('takes the default preset (spiral-gated-mlp) by itself', async () => {
    const { plain, reason } = await run(clone(getPreset('spiral-gated-mlp')!.graph), { steps: 1 });
    expect(reason).toBe('');
    expect(plain).toBe(true);
  });
});
