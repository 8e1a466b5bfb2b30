import { describe, expect, it } from 'vitest';
import { Copy, Reverse, Sort } from '../../../engine/data/sequence/transduce';
import { AssociativeRecall } from '../../../engine/data/sequence/associative-recall';
import { ModularAddition } from '../../../engine/data/sequence/modular-addition';
import { SinkStream } from '../../../engine/data/sequence/sink-stream';
import type { Dataset } from '../../../engine/data/dataset';
import { gen, row } from './helpers';

/** Row i as readable tokens. */
const words = (d: Dataset, field: Int32Array | Float32Array, i: number) =>
  row(field, d.seqLen!, i).map((id) => d.labels![id]!);

function checkNextToken(d: Dataset, i: number) {
  const T = d.seqLen!;
  const x = row(d.inputs['x']!.data, T, i);
  const y = row(d.target.data, T, i);
  // teacher forcing: the target is the input shifted left by one
  expect(y.slice(0, T - 1)).toEqual(x.slice(1));
}

describe('copy / reverse / sort', () => {
  it.each([
    [Copy, (c: string[]) => c],
    [Reverse, (c: string[]) => [...c].reverse()],
    [Sort, (c: string[]) => [...c].sort()],
  ] as const)('%s answers by the oracle', (spec, oracle) => {
    const L = 6;
    const d = gen(spec, 3, { length: L, vocab: 5, samples: 50 });
    const T = 2 * L + 1;
    expect(d.seqLen).toBe(T);
    expect(d.vocab).toBe(8);
    expect(d.labels).toEqual(['<pad>', '<bos>', '<sep>', 'a', 'b', 'c', 'd', 'e']);
    for (let i = 0; i < 50; i++) {
      const x = words(d, d.inputs['x']!.data, i);
      const y = words(d, d.target.data, i);
      const mask = row(d.mask!, T, i);
      expect(x[0]).toBe('<bos>');
      expect(x[L + 1]).toBe('<sep>');
      const content = x.slice(1, L + 1);
      expect(content.every((c) => /^[a-e]$/.test(c))).toBe(true);
      const answer = y.filter((_, t) => mask[t] === 1);
      expect(answer).toEqual(oracle(content));
      expect(mask).toEqual([...new Array<number>(L + 1).fill(0), ...new Array<number>(L).fill(1)]);
      checkNextToken(d, i);
    }
  });

  it('defaults: 8 symbols, length 8 → T = 17, vocab 11', () => {
    const d = gen(Reverse, 1);
    expect([d.seqLen, d.vocab, d.classes]).toEqual([17, 11, 11]);
  });
});

describe('associative-recall', () => {
  it('answers the value of the queried key', () => {
    const d = gen(AssociativeRecall, 5, { samples: 100 });
    const K = 4;
    const T = 2 * K + 3;
    expect(d.seqLen).toBe(T);
    expect(d.vocab).toBe(3 + 8 + 8);
    for (let i = 0; i < 100; i++) {
      const x = words(d, d.inputs['x']!.data, i);
      const y = words(d, d.target.data, i);
      const mask = row(d.mask!, T, i);
      expect(x[0]).toBe('<bos>');
      expect(x[T - 2]).toBe('<sep>');
      const pairs = new Map<string, string>();
      for (let j = 0; j < K; j++) {
        const [k, v] = [x[1 + 2 * j]!, x[2 + 2 * j]!];
        expect(k).toMatch(/^[A-H]$/);
        expect(v).toMatch(/^[a-h]$/);
        expect(pairs.has(k)).toBe(false); // distinct keys
        pairs.set(k, v);
      }
      const q = x[T - 1]!;
      expect(pairs.has(q)).toBe(true);
      expect(y[T - 1]).toBe(pairs.get(q));
      expect(mask).toEqual([...new Array<number>(T - 1).fill(0), 1]);
      checkNextToken(d, i);
    }
  });

  it('caps pairs at vocab so keys never repeat', () => {
    const d = gen(AssociativeRecall, 5, { samples: 20, vocab: 3, pairs: 10 });
    expect(d.seqLen).toBe(2 * 3 + 3);
  });
});

describe('modular-addition', () => {
  it('answers (a + b) mod p at "="', () => {
    const p = 7;
    const d = gen(ModularAddition, 6, { p, samples: 200 });
    expect([d.seqLen, d.vocab]).toEqual([5, p + 4]);
    for (let i = 0; i < 200; i++) {
      const x = words(d, d.inputs['x']!.data, i);
      const y = words(d, d.target.data, i);
      expect([x[0], x[2], x[4]]).toEqual(['<bos>', '+', '=']);
      expect(Number(y[4])).toBe((Number(x[1]) + Number(x[3])) % p);
      expect(row(d.mask!, 5, i)).toEqual([0, 0, 0, 0, 1]);
      checkNextToken(d, i);
    }
  });

  it('the first p² examples cover every pair once', () => {
    const p = 11;
    const d = gen(ModularAddition, 2, { p, samples: p * p });
    const seen = new Set<string>();
    for (let i = 0; i < p * p; i++) seen.add(words(d, d.inputs['x']!.data, i).slice(1, 4).join(' '));
    expect(seen.size).toBe(p * p);
  });
});

describe('sink-stream', () => {
  const d = gen(SinkStream, 12, { samples: 2000 });
  const T = 32;
  const qk = d.marks!['queryKind']!;
  const isTrig = (s: string) => s.startsWith('trig');

  it('has the sink-stream layout: 45 tokens, T = 32, queryKind marks', () => {
    expect([d.seqLen, d.vocab]).toEqual([32, 45]);
    expect(d.labels!.slice(0, 3)).toEqual(['<pad>', '<bos>', 'w0']);
    expect(d.labels!.slice(-3)).toEqual(['trig0', 'trig1', 'trig2']);
    expect(qk.shape).toEqual([2000, T]);
    expect(qk.dtype).toBe('int32');
  });

  it('follows the rules: bos first, triggers repeat the token before them, mask all but last', () => {
    for (let i = 0; i < 200; i++) {
      const x = words(d, d.inputs['x']!.data, i);
      const y = words(d, d.target.data, i);
      const mask = row(d.mask!, T, i);
      const kind = row(qk.data, T, i);
      expect(x[0]).toBe('<bos>');
      expect(x.slice(1).includes('<bos>')).toBe(false);
      expect(isTrig(x[1]!)).toBe(false); // nothing to repeat after <bos>
      expect(y[T - 1]).toBe('<pad>');
      expect(mask).toEqual([...new Array<number>(T - 1).fill(1), 0]);
      for (let t = 0; t < T - 1; t++) {
        expect(kind[t]).toBe(isTrig(x[t]!) ? 1 : 0);
        if (isTrig(x[t]!)) expect(y[t]).toBe(x[t - 1]);
      }
      expect(kind[T - 1]).toBe(0);
      checkNextToken(d, i);
    }
  });

  it('uses one successor table with 3 successors at about 0.6 / 0.3 / 0.1, and ~13% triggers', () => {
    const next = new Map<string, Map<string, number>>();
    let trig = 0;
    let counted = 0;
    for (let i = 0; i < 2000; i++) {
      const x = words(d, d.inputs['x']!.data, i);
      const y = words(d, d.target.data, i);
      for (let t = 1; t < T - 1; t++) {
        counted++;
        if (qk.data[i * T + t] === 1) trig++;
        if (isTrig(x[t]!) || isTrig(y[t]!) || isTrig(x[t - 1]!)) continue; // plain chain step only
        const m = next.get(x[t]!) ?? new Map<string, number>();
        m.set(y[t]!, (m.get(y[t]!) ?? 0) + 1);
        next.set(x[t]!, m);
      }
    }
    expect(trig / counted).toBeGreaterThan(0.11);
    expect(trig / counted).toBeLessThan(0.15);
    const shares = [0, 0, 0];
    let total = 0;
    for (const m of next.values()) {
      expect(m.size).toBeLessThanOrEqual(3);
      const c = [...m.values()].sort((a, b) => b - a);
      c.forEach((v, k) => { shares[k]! += v; });
      total += c.reduce((a, b) => a + b, 0);
    }
    expect(shares[0]! / total).toBeCloseTo(0.6, 1);
    expect(shares[1]! / total).toBeCloseTo(0.3, 1);
    expect(shares[2]! / total).toBeCloseTo(0.1, 1);
  });

  it('draws the table from the seed alone: same seed same table, other seed other table', () => {
    const observed = (seed: number, samples: number, length = 32) => {
      const e = gen(SinkStream, seed, { samples, length, triggerProb: 0 });
      const x = e.inputs['x']!.data;
      const m = new Map<number, Set<number>>();
      for (let j = 0; j < x.length; j++) {
        if (e.mask![j] !== 1 || x[j] === 1) continue; // skip the unpredictable step after <bos>
        m.set(x[j]!, (m.get(x[j]!) ?? new Set<number>()).add(e.target.data[j]!));
      }
      return m;
    };
    // Successors seen under two runs; one table allows at most 3 per token.
    const widest = (a: Map<number, Set<number>>, b: Map<number, Set<number>>) =>
      Math.max(...[...a].map(([k, s]) => new Set([...s, ...(b.get(k) ?? [])]).size));
    expect(widest(observed(1, 300), observed(1, 700, 13))).toBe(3); // other data drawn, same table
    expect(widest(observed(1, 300), observed(2, 300))).toBeGreaterThan(3);
  });
});
