import { describe, expect, it } from 'vitest';
import { FaceGrid, faceMetrics } from '../../../engine/data/face-grid';
import { gen } from './helpers';

const d = gen(FaceGrid, 3, { samples: 50 });
const [N, Q, D] = d.inputs['x']!.shape as [number, number, number];

describe('face-grid', () => {
  it('has one 2×2 face per image and 4 identity tokens, and changes only the face', () => {
    expect([N, Q, D]).toEqual([50, 36, 8]);
    expect(d.inputs['cond']!.shape).toEqual([50, 4, 8]);
    const face = d.marks!['face']!.data, x = d.inputs['x']!.data, y = d.target.data;
    for (let i = 0; i < N; i++) {
      let count = 0;
      for (let q = 0; q < Q; q++) {
        const o = (i * Q + q) * D;
        const same = Array.from(x.subarray(o, o + D)).every((v, k) => v === y[o + k]);
        if (face[i * Q + q]) { count++; expect(same).toBe(false); } else expect(same).toBe(true);
      }
      expect(count).toBe(4);
    }
  });

  it('gives every image its own identity: the tokens differ between examples', () => {
    const z = d.inputs['cond']!.data;
    expect(Array.from(z.subarray(0, 8))).not.toEqual(Array.from(z.subarray(32, 40)));
  });

  it('metrics: copying the input leaves the background untouched and gains nothing; the target gains all', () => {
    const rows = Int32Array.from({ length: N }, (_, i) => i);
    const copy = faceMetrics({ data: d, rows, pred: d.inputs['x']!.data as Float32Array, predShape: [N, Q, D] });
    expect(copy['backgroundUntouched']).toBe(1);
    expect(copy['backgroundDisruption']).toBe(0);
    expect(copy['identityGain']).toBe(0);
    expect(copy['faceError']).toBeCloseTo(copy['baseFaceError']!, 10);
    const perfect = faceMetrics({ data: d, rows, pred: d.target.data as Float32Array, predShape: [N, Q, D] });
    expect(perfect['faceError']).toBe(0);
    expect(perfect['identityGain']).toBe(1);
    expect(perfect['backgroundUntouched']).toBe(1);
  });

  it('two people: two faces whose boxes do not overlap, each face changed by its own person\'s edit; leakage 0 for the target, 1 for swapped edits', () => {
    const two = gen(FaceGrid, 4, { samples: 20, grid: 8, people: 2 });
    const [n, q, dim] = two.inputs['x']!.shape as [number, number, number];
    expect(two.inputs['cond']!.shape).toEqual([n, 8, dim]);
    expect(two.inputs['regions']!.shape).toEqual([n, q, 2]);
    const face = two.marks!['face']!.data, box = two.inputs['regions']!.data, x = two.inputs['x']!.data, y = two.target.data;
    const swapped = Float32Array.from(x);
    for (let i = 0; i < n; i++) {
      const counts = [0, 0, 0];
      const edits: number[][] = [[], []];
      for (let p = 0; p < q; p++) {
        const k = face[i * q + p]!, o = (i * q + p) * dim;
        counts[k] = counts[k]! + 1;
        expect(box[(i * q + p) * 2]! + box[(i * q + p) * 2 + 1]!).toBeLessThanOrEqual(1);
        if (k) { expect(box[(i * q + p) * 2 + k - 1]).toBe(1); edits[k - 1] = Array.from({ length: dim }, (_, d) => y[o + d]! - x[o + d]!); }
      }
      expect(counts.slice(1)).toEqual([4, 4]);
      for (let p = 0; p < q; p++) {
        const k = face[i * q + p]!, o = (i * q + p) * dim;
        if (k) for (let d = 0; d < dim; d++) swapped[o + d] = x[o + d]! + edits[2 - k]![d]!;
      }
    }
    const rows = Int32Array.from({ length: n }, (_, i) => i);
    expect(faceMetrics({ data: two, rows, pred: y as Float32Array, predShape: [n, q, dim] })['identityLeakage']).toBeCloseTo(0, 6);
    expect(faceMetrics({ data: two, rows, pred: swapped, predShape: [n, q, dim] })['identityLeakage']).toBeCloseTo(1, 4);
  });
});
