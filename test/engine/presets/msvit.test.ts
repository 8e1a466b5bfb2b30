import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-core';
import { applyVariant, runGraph } from '../../../engine';
import { useBackend } from '../../helpers/backend';
import { presetGraph } from '../nodes/gates/node-harness';

/**
 * The MSViT effect, seeded: the mixed-scale tokenizer makes fewer tokens than
 * all-fine tokenization, spends its fine tokens on the regions that hold the
 * textured square rather than the flat background, and keeps accuracy within
 * 5% of the all-fine model; the FLOPs actually spent fall with the tokens.
 * The all-fine reference trains half as long: it is already at ceiling by then.
 * (`gatelab compare --preset msvit` shows it on seeds 1 and 2.)
 */
describe('msvit preset', () => {
  beforeAll(() => useBackend('wasm'));

  for (const seed of [11, 12]) {
    it(`seed ${seed}: fewer tokens, concentrated on cluttered regions, at accuracy within 5%`, async () => {
      const g = presetGraph('msvit', seed);
      const steps = g.training.steps;
      const gated = (await runGraph(applyVariant(g, 'mixed-scale (gated)'), { steps, statsEvery: steps, evalEvery: 0 })).summary;
      const fine = (await runGraph(applyVariant(g, 'all fine tokens'), { steps: steps / 2, statsEvery: steps / 2, evalEvery: 0 })).summary;
      const tok = gated.stats['tok']!, model = gated.stats['@model']!;
      expect(fine.accuracy).toBeGreaterThan(0.95);
      expect(gated.accuracy).toBeGreaterThanOrEqual(fine.accuracy! - 0.05);
      expect(tok.tokensPerImage as number).toBeLessThan(0.75 * 36);
      expect(tok.fineShareCluttered as number).toBeGreaterThan((tok.fineShareFlat as number) + 0.3);
      expect(model.flopsPerExample as number).toBeLessThan(0.7 * (model.denseFlopsPerExample as number));
    }, 300_000);
  }
});
