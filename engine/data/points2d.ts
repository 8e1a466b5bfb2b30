/**
 * Shared pieces of the 2-D classification datasets (spiral, xor, circles,
 * gaussians, moons): their common params and one builder that lays the points
 * out as `x: float32 [N, 2]`, `target: int32 [N]`.
 *
 * Classes are interleaved (example i has class i mod C), so every prefix of the
 * data is balanced and a preview of the first few hundred points is fair.
 */
import type { Rng } from '../random';
import type { Dataset } from './dataset';
import { int, num, type NumParam } from '../registry/params';
import { whole } from './whole';

export const samplesParam = (): NumParam =>
  int({ default: 1000, min: 10, max: 20000, doc: 'How many points to generate.' });

export const noiseParam = (): NumParam =>
  num({
    default: 0.05, min: 0, max: 2, step: 0.01,
    doc: 'Spread of the random jitter added to every point, as a fraction of the data size (the points fill about -1..1).',
  });

export const classesParam = (max: number): NumParam =>
  int({ default: 2, min: 2, max, doc: 'How many classes (colours) of points.' });

/** For datasets that only make sense with two classes: kept so all 2-D datasets share one param set. */
export const twoClassesParam = (): NumParam =>
  int({ default: 2, min: 2, max: 2, doc: 'Always 2 for this dataset (the shape has exactly two sides).' });

/** Where one clean point of class `label` lies; writes into `out` (no allocation per point). */
export type PlacePoint = (label: number, rng: Rng, out: [number, number]) => void;

export function pointsDataset(o: {
  samples: number;
  classes: number;
  noise: number;
  labels: string[];
  rng: Rng;
  place: PlacePoint;
}): Dataset {
  const n = whole(o.samples, 1, 20000);
  const c = whole(o.classes, 1, 64);
  const noise = Number.isFinite(o.noise) ? Math.max(0, o.noise) : 0;
  const x = new Float32Array(n * 2);
  const y = new Int32Array(n);
  const p: [number, number] = [0, 0];
  for (let i = 0; i < n; i++) {
    const label = i % c;
    o.place(label, o.rng, p);
    // Label from the clean point, then jitter: noise makes the classes overlap.
    x[2 * i] = p[0] + noise * o.rng.normal();
    x[2 * i + 1] = p[1] + noise * o.rng.normal();
    y[i] = label;
  }
  return {
    inputs: { x: { data: x, shape: [n, 2], dtype: 'float32' } },
    target: { data: y, shape: [n], dtype: 'int32' },
    task: 'classification',
    classes: c,
    labels: o.labels.slice(0, c),
  };
}

export function classNames(prefix: string, c: number): string[] {
  return Array.from({ length: c }, (_, i) => `${prefix} ${i}`);
}
