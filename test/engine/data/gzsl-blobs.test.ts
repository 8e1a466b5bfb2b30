import { describe, expect, it } from 'vitest';
import { GzslBlobs, auroc, gzslMetrics } from '../../../engine/data/gzsl-blobs';
import type { Dataset } from '../../../engine/data/dataset';
import { gen } from './helpers';

describe('gzsl-blobs dataset', () => {
  it('is deterministic by seed and holds out exactly the unseen classes', () => {
    const a = gen(GzslBlobs, 3, { samples: 180 });
    const b = gen(GzslBlobs, 3, { samples: 180 });
    expect(a.inputs['x']!.data).toEqual(b.inputs['x']!.data);
    expect(gen(GzslBlobs, 4, { samples: 180 }).inputs['x']!.data).not.toEqual(a.inputs['x']!.data);
    const S = 6, C = 9;
    expect(a.classes).toBe(C);
    expect(a.inputs['x']!.shape).toEqual([180, 12]);
    expect(a.inputs['attributes']!.shape).toEqual([180, C, 6]);
    for (let i = 0; i < 180; i++) {
      const y = a.target.data[i]!;
      expect(a.heldOut![i]).toBe(y >= S ? 1 : 0);
      expect(a.marks!['unseen']!.data[i]).toBe(y >= S ? 1 : 0);
    }
  });

  it('gives every class a distinct yes/no description, any two differing in at least two attributes', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const d = gen(GzslBlobs, seed, { samples: 16 });
      const [, C, A] = d.inputs['attributes']!.shape as [number, number, number];
      const t = d.inputs['attributes']!.data;
      for (let c = 0; c < C; c++) {
        expect(Array.from(t.subarray(c * A, (c + 1) * A)).every((v) => v === 0 || v === 1)).toBe(true);
        for (let e = 0; e < c; e++) {
          let diff = 0;
          for (let a = 0; a < A; a++) if (t[c * A + a] !== t[e * A + a]) diff++;
          expect(diff, `seed ${seed}: classes ${e} and ${c}`).toBeGreaterThanOrEqual(2);
        }
      }
      // The table is the same on every row.
      expect(Array.from(t.subarray(C * A, 2 * C * A))).toEqual(Array.from(t.subarray(0, C * A)));
    }
  });
});

describe('zero-shot metrics', () => {
  it('computes per-class seen and unseen accuracy, their harmonic mean and the AUROC by hand', () => {
    // 2 seen classes (0, 1), 1 unseen (2); four test rows with labels 0, 1, 2, 2.
    const data = { target: { data: Int32Array.from([0, 1, 2, 2]), shape: [4], dtype: 'int32' }, heldOut: Uint8Array.from([0, 0, 1, 1]) } as unknown as Dataset;
    const pred = Float32Array.from([
      5, 0, 0,   // row 0: class 0, right
      5, 0, 0,   // row 1: class 0, wrong
      0, 0, 5,   // row 2: class 2, right
      0, 5, 0,   // row 3: class 1, wrong
    ]);
    const m = gzslMetrics({ data, rows: Int32Array.from([0, 1, 2, 3]), pred, predShape: [4, 3] });
    expect(m.seenAccuracy).toBeCloseTo(0.5);            // class 0: 1/1, class 1: 0/1
    expect(m.unseenAccuracy).toBeCloseTo(0.5);          // class 2: 1/2
    expect(m.harmonicMean).toBeCloseTo(0.5);
    // Unseen-vs-seen log-odds log Σ_U e^p − log Σ_S e^p: seen rows 0, 1 and unseen row 3 score −log(e^5 + 1),
    // unseen row 2 scores 5 − log 2. Pairs (unseen, seen): row 2 wins twice, row 3 ties twice → (2 + 2 · 0.5) / 4.
    expect(m.auroc).toBeCloseTo(0.75);
  });

  it('auroc is 1 for a perfect ranking, 0.5 for ties, 0 for an inverted one', () => {
    expect(auroc([0.1, 0.2, 0.8, 0.9], [false, false, true, true])).toBe(1);
    expect(auroc([1, 1, 1, 1], [false, true, false, true])).toBe(0.5);
    expect(auroc([0.9, 0.8, 0.2, 0.1], [false, false, true, true])).toBe(0);
  });
});
