/**
 * One seeded generator feeds data, splits, initialisation and dropout, so a
 * graph file's seed reproduces a run. sfc32: small, fast, good enough for toys.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
  /** A new independent stream, derived from this one and a label. */
  fork(label: string): Rng;
}

function hashString(s: string): number {
  let h = 2166136261 >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h;
}

export function createRng(seed: number | string): Rng {
  const s0 = typeof seed === 'number' ? seed >>> 0 : hashString(seed);
  // The state in a Uint32Array, which wraps each store to 32 bits: numbers above 2³¹ held in
  // closure variables would be boxed, one allocation per draw.
  const s = Uint32Array.of(0x9e3779b9 ^ s0, 0x243f6a88 ^ Math.imul(s0, 0x85ebca6b), 0xb7e15162 ^ Math.imul(s0, 0xc2b2ae35), 1);
  const next = (): number => {
    const b = s[1]!, c = s[2]!;
    const t = (s[0]! + b + s[3]!) >>> 0;
    s[3] = s[3]! + 1;
    s[0] = b ^ (b >>> 9);
    s[1] = c + (c << 3);
    s[2] = ((c << 21) | (c >>> 11)) + t;
    return t / 4294967296;
  };
  for (let i = 0; i < 12; i++) next(); // warm up away from the seed's bits
  let spare: number | null = null;
  const rng: Rng = {
    next,
    int: (n) => Math.floor(next() * n),
    normal: () => {
      if (spare !== null) { const v = spare; spare = null; return v; }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    fork: (label) => createRng(hashString(`${s0}:${label}`)),
  };
  return rng;
}

/** Fisher–Yates permutation of 0..n-1. */
export function permutation(n: number, rng: Rng): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = p[i]!; p[i] = p[j]!; p[j] = t;
  }
  return p;
}
