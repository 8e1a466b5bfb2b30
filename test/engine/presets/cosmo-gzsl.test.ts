import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-core';
import { useBackend } from '../../helpers/backend';
import { variantMetrics } from './gzsl-effect';

/**
 * The COSMO effect, short and seeded: on the zero-shot blobs, COSMO's gate with
 * adaptive smoothing lifts the harmonic mean of seen and unseen accuracy above
 * the zero-shot expert used alone over all classes, which names few unseen
 * classes; and, with that expert overconfident, adaptive smoothing lowers the
 * held-out loss below the gate alone (COSMO's own addition). Over seeds:
 * `gatelab compare --preset cosmo-gzsl --seeds 101-105`.
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

  it('seed 11: with an overconfident zero-shot expert, adaptive smoothing lowers the held-out loss below the gate alone', async () => {
    const a = 'overconfident zero-shot expert: gate + smoothing', b = 'overconfident zero-shot expert: gate alone';
    const m = await variantMetrics('cosmo-gzsl', 11, 300, [a, b]);
    expect(m[a]!.loss).toBeLessThan(m[b]!.loss! - 0.1);
  }, 60_000);
});
