/** Paired timing: A and B alternate in rounds on the same machine, and the figure is the median of per-round ratios. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export async function timeIt(fn: () => Promise<void> | void): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

export interface Paired {
  aMs: number;
  bMs: number;
  /** Median over rounds of a/b. */
  ratio: number;
}

/** Runs `a` and `b` alternately `rounds` times (after one warm-up each). */
export async function paired(a: () => Promise<void> | void, b: () => Promise<void> | void, rounds: number): Promise<Paired> {
  await a();
  await b();
  const as: number[] = [], bs: number[] = [], ratios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const first = r % 2 === 0;
    const ta = first ? await timeIt(a) : 0;
    const tb = await timeIt(b);
    const ta2 = first ? ta : await timeIt(a);
    as.push(ta2); bs.push(tb); ratios.push(ta2 / tb);
  }
  return { aMs: median(as), bMs: median(bs), ratio: median(ratios) };
}

/** The q-quantile (0..1) by nearest rank. */
export function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN;
}
