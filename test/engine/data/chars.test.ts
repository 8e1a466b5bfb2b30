import { describe, expect, it } from 'vitest';
import { AESOP_FABLES } from '../../../engine/data/text/aesop';
import { Chars } from '../../../engine/data/chars';
import { gen, row } from './helpers';

describe('the Aesop corpus', () => {
  it('is 20-80 KB of printable ASCII and newlines', () => {
    expect(AESOP_FABLES.length).toBeGreaterThanOrEqual(20_000);
    expect(AESOP_FABLES.length).toBeLessThanOrEqual(80_000);
    expect(/^[\x20-\x7e\n]*$/.test(AESOP_FABLES)).toBe(true);
    expect(AESOP_FABLES.startsWith('THE WOLF AND THE LAMB')).toBe(true);
  });
});

describe('chars', () => {
  it('has a sorted alphabet of the text as labels', () => {
    const d = gen(Chars, 1, { samples: 10 });
    const chars = [...new Set(AESOP_FABLES)].sort();
    expect(d.labels).toEqual(chars);
    expect(d.vocab).toBe(chars.length);
    expect(d.labels![0]).toBe('\n');
  });

  it('cuts windows of the text: x is a substring, y the same shifted by one', () => {
    const T = 24;
    const d = gen(Chars, 2, { samples: 50, length: T });
    expect(d.seqLen).toBe(T);
    for (let i = 0; i < 50; i++) {
      const x = row(d.inputs['x']!.data, T, i).map((id) => d.labels![id]).join('');
      const y = row(d.target.data, T, i).map((id) => d.labels![id]).join('');
      const at = AESOP_FABLES.indexOf(x + y.slice(-1));
      expect(at).toBeGreaterThanOrEqual(0);
      expect(y).toBe(x.slice(1) + y.slice(-1));
    }
    expect(d.mask!.every((m) => m === 1)).toBe(true);
  });
});
