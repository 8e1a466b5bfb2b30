import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-core';
import { useBackend } from '../../helpers/backend';
import { variantMetrics } from './gzsl-effect';

/**
 * The COSMO effect, short and seeded: on the zero-shot blobs, COSMO's gate with
 * adaptive smoothing lifts the harmonic mean of seen and unseen accuracy above
 * the zero-shot expert used alone over all classes, which names few unseen
 * classes. (`gatelab compare --preset cosmo-gzsl` shows it on seeds 1-3.)
 */
describe('cosmo-gzsl preset', () => {
  beforeAll(() => useBackend('wasm'));

  for (const seed of [11, 12]) {
    it(`seed ${seed}: the gated mixture beats the ungated classifier on the harmonic mean`, async () => {
      const m = await variantMetrics('cosmo-gzsl', seed, 300);
      const cosmo = m['COSMO gate + adaptive smoothing']!, single = m['no gate (zero-shot expert over all classes)']!;
      expect(single.seenAccuracy).toBeGreaterThan(single.unseenAccuracy!);     // the seen-class bias the gate corrects
      expect(cosmo.harmonicMean).toBeGreaterThan(single.harmonicMean! + 0.1);
      expect(cosmo.unseenAccuracy).toBeGreaterThan(single.unseenAccuracy!);
    }, 60_000);
  }
});
