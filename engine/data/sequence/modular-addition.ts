/**
 * Modular addition, the "grokking" toy (Power et al., 2022): a + b mod p.
 *
 * Full sequence: <bos> a + b = c     (6 tokens), c = (a + b) mod p
 * Model input x (T = 5): <bos> a + b =
 * Target y: the next token everywhere; mask 1 only at the last position (x = '=', y = c).
 * Vocabulary: 0 <pad>, 1 <bos>, 2 '+', 3 '=', then the numbers '0' … 'p-1' (id 4 + n): p + 4 ids.
 */
import { defineDataset } from '../dataset';
import { int } from '../../registry/params';
import { permutation } from '../../random';
import { whole } from '../whole';
import { BOS, NextTokenRows, samplesParam } from './tokens';

const PLUS = 2;
const EQUALS = 3;
const NUM = 4; // id of the number 0

export const ModularAddition = defineDataset({
  name: 'modular-addition',
  label: 'Modular addition',
  kind: 'sequence',
  doc:
    'Clock arithmetic: the model reads "a + b =" and must answer (a + b) mod p, e.g. with p = 11, "7 + 6 =" → 2. ' +
    'Numbers are plain tokens with no built-in meaning, so the model has to discover the structure of the table ' +
    'from examples. The first p × p examples run through every pair (a, b) once in shuffled order, then the cycle ' +
    'repeats; keep samples at or below p × p (121 for p = 11) if the held-out pairs should really be unseen, which ' +
    'is the setting where small networks "grok": they memorise first and generalise much later. Tokens: <bos> a + ' +
    'b =, five in all; only the prediction at "=" counts. The vocabulary is <pad>, <bos>, +, = and the numbers 0 … p-1.',
  params: {
    samples: samplesParam(),
    p: int({ default: 11, min: 2, max: 97, doc: 'The modulus: numbers run from 0 to p - 1.' }),
  },
  generate: ({ samples, p }, rng) => {
    const n = whole(samples, 1, 20000);
    const P = whole(p, 2, 97);
    const order = permutation(P * P, rng);
    const rows = new NextTokenRows(n, 5);
    const s = new Int32Array(6);
    for (let i = 0; i < n; i++) {
      const pair = order[i % order.length]!;
      const a = Math.floor(pair / P);
      const b = pair % P;
      s[0] = BOS; s[1] = NUM + a; s[2] = PLUS; s[3] = NUM + b; s[4] = EQUALS; s[5] = NUM + ((a + b) % P);
      rows.row(i, s, 4, 5);
    }
    const numbers = Array.from({ length: P }, (_, k) => String(k));
    return rows.dataset(['<pad>', '<bos>', '+', '=', ...numbers]);
  },
});
