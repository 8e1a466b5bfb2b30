import { describe, expect, it } from 'vitest';
import { DATASETS, getDataset, previewDataset } from '../../../engine/data';
import { createRng } from '../../../engine/random';
import { withDefaults } from '../../../engine/registry/params';

describe('previewDataset', () => {
  it('shows up to 300 points, the first points of the full data', () => {
    const spec = getDataset('spiral')!;
    const p = previewDataset(spec, { samples: 5000 }, 42);
    if (p.kind !== 'points2d') throw new Error(p.kind);
    expect(p.points).toHaveLength(300);
    expect(p.labels).toEqual(['arm 0', 'arm 1']);
    // the trainer's stream: createRng(seed).fork('data')
    const full = spec.generate({ ...withDefaults(spec.params, { samples: 5000 }) } as never, createRng(42).fork('data'));
    expect(p.points[17]![0]).toBeCloseTo(full.inputs['x']!.data[34]!, 3);
    expect(p.points[17]![2]).toBe(full.target.data[17]);
    expect(previewDataset(spec, { samples: 50 }, 42)).toMatchObject({ kind: 'points2d' });
    expect((previewDataset(spec, { samples: 50 }, 42) as { points: unknown[] }).points).toHaveLength(50);
  });

  it('shows sequence rows as token strings', () => {
    const p = previewDataset(getDataset('reverse')!, { length: 3 }, 'seed', { rows: 2 });
    if (p.kind !== 'sequence') throw new Error(p.kind);
    expect(p.rows).toHaveLength(2);
    const r = p.rows[0]!;
    expect(r.input[0]).toBe('<bos>');
    expect(r.input[4]).toBe('<sep>');
    expect(r.mask).toEqual([0, 0, 0, 0, 1, 1, 1]);
    expect(r.target.slice(4)).toEqual(r.input.slice(1, 4).reverse());
  });

  it('accepts an rng and is JSON-able for every dataset', () => {
    for (const d of DATASETS) {
      const a = previewDataset(d, {}, createRng(3).fork('data'));
      const b = previewDataset(d, {}, 3);
      expect(JSON.parse(JSON.stringify(a))).toEqual(a);
      expect(a).toEqual(b);
      expect(a.kind).toBe(d.kind === 'text' ? 'sequence' : d.kind);
    }
  });

  it('reports bad params as values instead of throwing', () => {
    const p = previewDataset(getDataset('spiral')!, { samples: -1, colour: 'red' }, 1);
    expect(p.kind).toBe('invalid');
    if (p.kind === 'invalid') expect(p.errors).toHaveLength(2);
  });
});
