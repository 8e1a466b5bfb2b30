/**
 * Shared pieces of the token-sequence datasets: the special tokens, readable
 * symbol names, and a builder that turns whole sequences into next-token
 * training rows (teacher forcing).
 *
 * Every sequence task writes a full sequence s of length T+1 per example; the
 * model sees x = s[0..T) and must predict y = s[1..T], i.e. at each position
 * the token that comes next. A causal model can therefore learn any of these
 * tasks; the mask says which positions' predictions count (the answer).
 */
import type { Dataset, Field } from '../dataset';
import { int, type NumParam } from '../../registry/params';

/** Special tokens sit at the start of every vocabulary that uses them. */
export const PAD = 0;
export const BOS = 1;
export const SEP = 2;
export const SPECIAL_LABELS = ['<pad>', '<bos>', '<sep>'] as const;

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Names for n content symbols: 'a', 'b', ... (n ≤ 26), or 'A', 'B', ... */
export function letters(n: number, upper = false): string[] {
  const abc = upper ? UPPER : LOWER;
  return Array.from({ length: n }, (_, i) => abc[i] ?? `${upper ? 'S' : 's'}${i}`);
}

export const samplesParam = (): NumParam =>
  int({ default: 2000, min: 10, max: 20000, doc: 'How many sequences to generate.' });

/**
 * Collects next-token rows. `row(i, s, from, to)` takes a full sequence s of
 * length T+1 and marks the predictions at positions [from, to) as counted.
 */
export class NextTokenRows {
  readonly x: Int32Array;
  readonly y: Int32Array;
  readonly mask: Float32Array;
  constructor(readonly n: number, readonly T: number) {
    this.x = new Int32Array(n * T);
    this.y = new Int32Array(n * T);
    this.mask = new Float32Array(n * T);
  }

  row(i: number, s: Int32Array, from: number, to: number): void {
    const o = i * this.T;
    for (let t = 0; t < this.T; t++) {
      this.x[o + t] = s[t]!;
      this.y[o + t] = s[t + 1]!;
      if (t >= from && t < to) this.mask[o + t] = 1;
    }
  }

  dataset(labels: string[], marks?: Record<string, Field>): Dataset {
    const shape = [this.n, this.T];
    const d: Dataset = {
      inputs: { x: { data: this.x, shape, dtype: 'int32' } },
      target: { data: this.y, shape: [...shape], dtype: 'int32' },
      mask: this.mask,
      task: 'classification',
      classes: labels.length,
      vocab: labels.length,
      seqLen: this.T,
      labels,
    };
    if (marks) d.marks = marks;
    return d;
  }
}
