/**
 * Token-type mix: sequences that mix trivial
 * tokens with hard ones, so a router can learn to spend little compute on the
 * trivial ones (MoE++'s zero-computation experts).
 *
 *   x:      K3  .  4  1  ,  6  ;  <pad> <pad> …
 *   target: –   .  0  4  ,  2  ;  –     –          (digits: (d + key) mod p)
 *
 * Position 0 holds a key (its own token family, K0 … K(p−1)); after it come
 * digits and punctuation, then padding to the full length. Punctuation must
 * pass through unchanged (copy), padding is ignored (mask 0), and each digit
 * must become (digit + key) mod p: arithmetic over context. A share
 * `labelNoise` of answers is random, so losses level off above zero. The target is
 * aligned with the input (one label per position, not the next token).
 * `group` [N, T]: 0 padding, 1 punctuation, 2 key, 3 digit.
 */
import { defineDataset } from '../dataset';
import { int, num } from '../../registry/params';
import { whole } from '../whole';
import { samplesParam } from './tokens';

const PUNCT = ['.', ',', ';', '!'];
const PAD = 0;

export const TokenMix = defineDataset({
  name: 'token-mix',
  label: 'Token-type mix',
  kind: 'sequence',
  doc:
    'Sequences that mix easy and hard tokens. The first token is a key (K0, K1, …); then come digits and punctuation ' +
    'marks, and padding fills the rest. For every punctuation mark the answer is the mark itself (pass it through); ' +
    'padding does not count at all; for every digit the answer is (digit + key) mod p, which needs a look back at the ' +
    'key and a small sum. A share of the answers (labelNoise) is random, so the loss levels off above zero. A model that spends the same compute on every token wastes most of it on the easy ones. The ' +
    'token type (0 padding, 1 punctuation, 2 key, 3 digit) is given as the side input "group", for statistics only.',
  params: {
    samples: samplesParam(),
    length: int({ default: 12, min: 4, max: 64, doc: 'Tokens per sequence, padding included.' }),
    modulus: int({ default: 5, min: 2, max: 10, doc: 'p: digits run from 0 to p − 1 and sums wrap around at p.' }),
    digitShare: num({ default: 0.4, min: 0.05, max: 1, step: 0.05, doc: 'Chance that a content token is a digit rather than a punctuation mark.' }),
    labelNoise: num({ default: 0.1, min: 0, max: 1, step: 0.01, doc: 'Chance that an answer is replaced by a random one of its kind, so no model reaches zero loss and losses compare fairly.' }),
  },
  generate: ({ samples, length, modulus, digitShare, labelNoise }, rng) => {
    const n = whole(samples, 1, 20000);
    const T = whole(length, 4, 64);
    const p = whole(modulus, 2, 10);
    const share = Number.isFinite(digitShare) ? Math.min(1, Math.max(0, digitShare)) : 0.4;
    const noise = Number.isFinite(labelNoise) ? Math.min(1, Math.max(0, labelNoise)) : 0;
    const punctBase = 1, keyBase = punctBase + PUNCT.length, digitBase = keyBase + p;
    const labels = ['<pad>', ...PUNCT, ...Array.from({ length: p }, (_, k) => `K${k}`), ...Array.from({ length: p }, (_, k) => String(k))];
    const x = new Int32Array(n * T), y = new Int32Array(n * T), group = new Int32Array(n * T);
    const mask = new Float32Array(n * T);
    for (let i = 0; i < n; i++) {
      const o = i * T;
      const key = rng.int(p);
      const used = Math.ceil(T / 2) + rng.int(T - Math.ceil(T / 2) + 1);   // content length, key included
      x[o] = keyBase + key; y[o] = PAD; group[o] = 2;
      for (let t = 1; t < T; t++) {
        if (t >= used) { x[o + t] = PAD; y[o + t] = PAD; group[o + t] = 0; continue; }
        if (rng.next() < share) {
          const d = rng.int(p);
          const answer = rng.next() < noise ? rng.int(p) : (d + key) % p;
          x[o + t] = digitBase + d; y[o + t] = digitBase + answer; group[o + t] = 3;
        } else {
          const c = rng.int(PUNCT.length);
          const answer = rng.next() < noise ? rng.int(PUNCT.length) : c;
          x[o + t] = punctBase + c; y[o + t] = punctBase + answer; group[o + t] = 1;
        }
        mask[o + t] = 1;
      }
    }
    const shape = [n, T];
    return {
      inputs: { x: { data: x, shape, dtype: 'int32' }, group: { data: group, shape: [...shape], dtype: 'int32' } },
      target: { data: y, shape: [...shape], dtype: 'int32' },
      mask,
      marks: { tokenType: { data: group.slice(), shape: [...shape], dtype: 'int32' } },
      task: 'classification',
      classes: labels.length,
      vocab: labels.length,
      seqLen: T,
      labels,
    };
  },
});
