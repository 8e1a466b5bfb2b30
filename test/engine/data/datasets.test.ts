import { describe, expect, it } from 'vitest';
import { DATASETS, getDataset } from '../../../engine/data';
import { checkParam } from '../../../engine/registry/params';
import { gen } from './helpers';

const small = { samples: 200 };

describe('dataset registry', () => {
  it('has the stable keys, unique, in kebab-case', () => {
    const names = DATASETS.map((d) => d.name);
    // The first datasets' keys are written in saved graph files: they must never change.
    expect(names.slice(0, 12)).toEqual([
      'spiral', 'xor', 'circles', 'gaussians', 'moons',
      'copy', 'reverse', 'sort', 'associative-recall', 'modular-addition', 'sink-stream',
      'chars',
    ]);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('looks names up without prototype surprises', () => {
    expect(getDataset('spiral')?.name).toBe('spiral');
    for (const n of ['constructor', '__proto__', 'toString', 'hasOwnProperty', '']) expect(getDataset(n)).toBeUndefined();
  });

  it('documents every dataset and param, with defaults inside their ranges', () => {
    for (const d of DATASETS) {
      expect(d.label.length).toBeGreaterThan(0);
      expect(d.doc.length).toBeGreaterThan(80);
      for (const [k, p] of Object.entries(d.params)) {
        expect(p.doc.length, `${d.name}.${k}`).toBeGreaterThan(5);
        expect(checkParam(p, p.default), `${d.name}.${k}`).toBeNull();
      }
      expect(d.params['samples'], d.name).toBeDefined();
    }
  });
});

describe.each(DATASETS.map((d) => [d.name, d] as const))('%s', (_name, spec) => {
  it('is deterministic by seed', () => {
    const a = gen(spec, 7, small);
    const b = gen(spec, 7, small);
    const c = gen(spec, 8, small);
    expect(a.inputs['x']!.data).toEqual(b.inputs['x']!.data);
    expect(a.target.data).toEqual(b.target.data);
    expect(a.mask).toEqual(b.mask);
    expect(a.marks).toEqual(b.marks);
    expect(c.inputs['x']!.data).not.toEqual(a.inputs['x']!.data);
  });

  it('matches the contract at default params', () => {
    const d = gen(spec, 1);
    const N = spec.params['samples']!.default as number;
    const x = d.inputs['x']!;
    expect(d.target.shape[0]).toBe(N);
    expect(x.shape[0]).toBe(N);
    expect(x.data.length).toBe(x.shape.reduce((p, s) => p * s, 1));
    expect(d.target.data.length).toBe(d.target.shape.reduce((p, s) => p * s, 1));
    if (d.task === 'classification') {
      expect(d.labels).toHaveLength(d.classes);
      expect(d.target.dtype).toBe('int32');
      expect(d.target.data).toBeInstanceOf(Int32Array);
      expect(d.target.data.every((v) => v >= 0 && v < d.classes)).toBe(true);
    } else {
      // regression: float targets, K = the target's last axis
      expect(spec.kind).toBe('features');
      expect(d.target.dtype).toBe('float32');
      expect(d.target.shape[d.target.shape.length - 1]).toBe(d.classes);
      expect(d.target.data.every((v) => Number.isFinite(v))).toBe(true);
    }

    if (spec.kind === 'points2d') {
      expect(x.shape).toEqual([N, 2]);
      expect(x.dtype).toBe('float32');
      expect(x.data).toBeInstanceOf(Float32Array);
      expect(d.target.shape).toEqual([N]);
      expect(d.mask).toBeUndefined();
      expect(x.data.every((v) => Number.isFinite(v))).toBe(true);
    } else if (spec.kind === 'features') {
      // float features of any shape per example, side inputs and marks aligned with them
      expect(x.dtype).toBe('float32');
      expect(x.data).toBeInstanceOf(Float32Array);
      expect(x.data.every((v) => Number.isFinite(v))).toBe(true);
      for (const [k, f] of Object.entries({ ...d.inputs, ...d.marks })) expect(f.shape[0], k).toBe(N);
    } else {
      const T = d.seqLen!;
      expect(T).toBeGreaterThan(1);
      expect(x.shape).toEqual([N, T]);
      expect(d.target.shape).toEqual([N, T]);
      expect(x.dtype).toBe('int32');
      expect(x.data).toBeInstanceOf(Int32Array);
      expect(d.vocab).toBe(d.classes);
      expect(x.data.every((v) => v >= 0 && v < d.vocab!)).toBe(true);
      const mask = d.mask!;
      expect(mask).toBeInstanceOf(Float32Array);
      expect(mask.length).toBe(N * T);
      expect(mask.every((m) => m === 0 || m === 1)).toBe(true);
      let empty = 0; // examples with nothing to learn
      for (let i = 0; i < N; i++) if (!mask.subarray(i * T, (i + 1) * T).includes(1)) empty++;
      expect(empty).toBe(0);
      for (const [k, f] of Object.entries(d.marks ?? {})) {
        expect(f.shape[0], k).toBe(N);
        expect(f.data.length, k).toBe(f.shape.reduce((p, s) => p * s, 1));
      }
    }
  });

  it('makes 20k examples', () => {
    // Speed is for the benchmarks; here only that a large request is honoured.
    const d = gen(spec, 4, { samples: 20000 });
    expect(d.target.shape[0]).toBe(20000);
  });
});
