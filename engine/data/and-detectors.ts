/**
 * AND of detectors: n noisy binary detectors and some decoys;
 * the label says whether all n detectors fire.
 *
 * x: float32 [N, n + decoys]. Columns 0..n-1 are the detectors, the rest decoys.
 * A detector that fires reads 1 + noise, one that does not reads 0 + noise
 * (noise ~ N(0, noise²)); decoys are fair coins read the same way, unrelated to the label.
 * target: int32 [N], 1 when every detector fires. Half the examples are positives;
 * of the negatives, half are near misses (exactly n − 1 detectors fire) and the
 * rest have 0 … n − 2 firing, uniformly.
 * marks.active [N]: how many detectors fire.
 */
import { defineDataset } from './dataset';
import { int, num } from '../registry/params';
import { permutation } from '../random';
import { whole } from './whole';

export const AndDetectors = defineDataset({
  name: 'and-detectors',
  label: 'AND of detectors',
  kind: 'features',
  doc:
    'Each example is a row of sensor readings: n detectors (4 by default) and a few decoys. A detector that fires ' +
    'reads about 1, one that is silent reads about 0, with some noise on every reading. The label is 1 only when ' +
    'all n detectors fire at once, like a multi-controlled gate that acts only when all its controls are on. ' +
    'Half the examples are positives; half the negatives are near misses with exactly one detector silent, so ' +
    'counting "most of them fire" is not enough. The decoys flip fair coins and carry no information: the model ' +
    'has to find which columns are the detectors. Columns: the n detectors first, then the decoys.',
  params: {
    samples: int({ default: 2000, min: 10, max: 20000, doc: 'How many examples to generate.' }),
    controls: int({ default: 4, min: 1, max: 8, doc: 'How many detectors must fire together (n).' }),
    decoys: int({ default: 4, min: 0, max: 16, doc: 'How many irrelevant on/off readings are mixed in.' }),
    noise: num({ default: 0.15, min: 0, max: 1, step: 0.01, doc: 'Standard deviation of the noise on every reading.' }),
  },
  generate: ({ samples, controls, decoys, noise }, rng) => {
    const N = whole(samples, 1, 20000);
    const n = whole(controls, 1, 8);
    const m = whole(decoys, 0, 16);
    const sd = Number.isFinite(noise) ? Math.min(1, Math.max(0, noise)) : 0;
    const F = n + m;
    const x = new Float32Array(N * F);
    const y = new Int32Array(N);
    const active = new Int32Array(N);
    for (let i = 0; i < N; i++) {
      const positive = i % 2 === 0; // interleaved: every prefix is balanced
      let k = n;
      if (!positive) k = n === 1 || rng.next() < 0.5 ? n - 1 : rng.int(n - 1);
      const order = permutation(n, rng); // the first k fire
      const fires = new Uint8Array(n);
      for (let j = 0; j < k; j++) fires[order[j]!] = 1;
      for (let j = 0; j < n; j++) x[i * F + j] = fires[j]! + sd * rng.normal();
      for (let j = 0; j < m; j++) x[i * F + n + j] = (rng.next() < 0.5 ? 1 : 0) + sd * rng.normal();
      y[i] = k === n ? 1 : 0;
      active[i] = k;
    }
    return {
      inputs: { x: { data: x, shape: [N, F], dtype: 'float32' } },
      target: { data: y, shape: [N], dtype: 'int32' },
      task: 'classification',
      classes: 2,
      labels: ['not all fire', 'all fire'],
      marks: { active: { data: active, shape: [N], dtype: 'int32' } },
    };
  },
});
