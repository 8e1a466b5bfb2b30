import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-core';
import { useBackend } from '../../helpers/backend';
import { variantMetrics } from './gzsl-effect';

/**
 * The boundary-OOD effect, short and seeded: the boundary gate's score separates unseen
 * from seen test examples (AUROC well above 0.5) and routing by it lifts the
 * harmonic mean above one cosine classifier over all classes.
 * (`gatelab compare --preset boundary-ood-gzsl` shows it on seeds 1-3.)
 */
describe('boundary-ood-gzsl preset', () => {
  beforeAll(() => useBackend('wasm'));

  for (const seed of [11, 12]) {
    it(`seed ${seed}: the boundary separates unseen from seen and beats the ungated classifier`, async () => {
      const m = await variantMetrics('boundary-ood-gzsl', seed, 300);
      const gated = m['boundary gate']!, single = m['no gate (one classifier over all classes)']!;
      expect(gated.auroc).toBeGreaterThan(0.75);
      expect(gated.harmonicMean).toBeGreaterThan(single.harmonicMean!);
    }, 60_000);
  }
});
