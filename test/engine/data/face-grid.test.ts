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
});
