/** float16 and base64, against oracles: IEEE 754 values worked by hand, and Node's Buffer. */
import { describe, it, expect } from 'vitest';
import { decodeBase64, encodeBase64, fromFloat16Bits, toFloat16Bits, encodeFloat16, decodeFloat16 } from '../../../engine/serialize';

describe('float16', () => {
  it('known values', () => {
    expect(toFloat16Bits(0)).toBe(0x0000);
    expect(toFloat16Bits(-0)).toBe(0x8000);
    expect(toFloat16Bits(1)).toBe(0x3c00);
    expect(toFloat16Bits(-2)).toBe(0xc000);
    expect(toFloat16Bits(65504)).toBe(0x7bff);
    expect(toFloat16Bits(2 ** -14)).toBe(0x0400); // smallest normal
    expect(toFloat16Bits(2 ** -24)).toBe(0x0001); // smallest subnormal
    expect(toFloat16Bits(Infinity)).toBe(0x7c00);
    expect(toFloat16Bits(NaN) & 0x7c00).toBe(0x7c00);
    expect(fromFloat16Bits(0x3555)).toBeCloseTo(1 / 3, 3);
  });

  it('rounds to nearest, ties to even; overflows to Infinity', () => {
    expect(toFloat16Bits(1 + 2 ** -11)).toBe(0x3c00);          // tie → even (1)
    expect(toFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);      // tie → even (1 + 2^-9)
    expect(toFloat16Bits(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01); // above the tie
    expect(toFloat16Bits(65519)).toBe(0x7bff);
    expect(toFloat16Bits(65520)).toBe(0x7c00);
    expect(toFloat16Bits(2 ** -25)).toBe(0x0000);             // tie between 0 and the smallest subnormal → 0
    expect(toFloat16Bits(3 * 2 ** -26)).toBe(0x0001);
    expect(toFloat16Bits(2 ** -14 - 2 ** -25)).toBe(0x0400);  // rounds up into the normals
  });

  it('every half value survives decode → encode', () => {
    const wrong: number[] = [];
    for (let h = 0; h < 0x10000; h++) {
      const exp = (h >> 10) & 0x1f, mant = h & 0x3ff;
      if (exp === 0x1f && mant) continue; // NaN payloads
      if (toFloat16Bits(fromFloat16Bits(h)) !== h) wrong.push(h);
    }
    expect(wrong).toEqual([]);
  });

  it('arrays: error at most half an ulp (2^-11 relative)', () => {
    const x = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 10 ** ((i % 9) - 4));
    const y = decodeFloat16(encodeFloat16(x));
    x.forEach((v, i) => { if (Math.abs(v) > 2 ** -14) expect(Math.abs(y[i]! - v) / Math.abs(v)).toBeLessThanOrEqual(2 ** -11); });
  });
});

describe('base64', () => {
  it('matches Buffer for every length 0..40 and a large array', () => {
    for (const n of [...Array(41).keys(), 100_000]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 167 + 13) & 255);
      const text = encodeBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(Array.from(decodeBase64(text)!)).toEqual(Array.from(bytes));
    }
  });

  it('rejects what is not base64', () => {
    for (const bad of ['A', 'AB', 'ABC', 'AB=C', '=AAA', 'AA==AAAA', 'AA!A', 'AAA\u00e9']) expect(decodeBase64(bad)).toBeNull();
  });
});
