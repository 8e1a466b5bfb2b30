/**
 * Associative recall (as in the H3 / Zoology line of work): key-value pairs,
 * then a query key; the answer is the value paired with it.
 *
 * Full sequence (K = pairs):  <bos> k1 v1 … kK vK <sep> q v(q)   (2K + 4 tokens)
 * Model input x (T = 2K + 3): <bos> k1 v1 … kK vK <sep> q
 * Target y: the next token everywhere; mask 1 only at the last position (x = q, y = its value).
 * Vocabulary: 0 <pad>, 1 <bos>, 2 <sep>, keys 'A', 'B', … (vocab of them), then values 'a', 'b', … (vocab of them).
 */
import { defineDataset } from '../dataset';
import { int } from '../../registry/params';
import { permutation } from '../../random';
import { whole } from '../whole';
import { BOS, NextTokenRows, SEP, SPECIAL_LABELS, letters, samplesParam } from './tokens';

export const AssociativeRecall = defineDataset({
  name: 'associative-recall',
  label: 'Associative recall',
  kind: 'sequence',
  doc:
    'A list of key-value pairs (capital letters are keys, small letters values: A c D a B f), then <sep> and one of ' +
    'the keys again; the model must answer with the value that key had (D → a). Keys in one sequence are all ' +
    'different, values may repeat, and the pairs change every sequence, so nothing can be memorised: the model ' +
    'has to find the earlier copy of the query key and read the token after it. This is the skill behind ' +
    'in-context learning, and a standard test of attention versus recurrent or gated alternatives. Tokens: <bos>, ' +
    'the pairs, <sep>, the query key; only the prediction at the query (its value) counts. With K pairs the model ' +
    'sees 2K + 3 tokens; the vocabulary is <pad>, <bos>, <sep>, the keys and the values.',
  params: {
    samples: samplesParam(),
    vocab: int({ default: 8, min: 2, max: 26, doc: 'How many different keys, and how many different values, exist.' }),
    pairs: int({ default: 4, min: 1, max: 26, doc: 'Key-value pairs per sequence (at most vocab: keys never repeat within a sequence).' }),
  },
  generate: ({ samples, vocab, pairs }, rng) => {
    const n = whole(samples, 1, 20000);
    const V = whole(vocab, 2, 26);
    const K = whole(pairs, 1, V);
    const keyBase = SPECIAL_LABELS.length;
    const valueBase = keyBase + V;
    const T = 2 * K + 3;
    const rows = new NextTokenRows(n, T);
    const s = new Int32Array(T + 1);
    for (let i = 0; i < n; i++) {
      const keys = permutation(V, rng); // the first K are this sequence's distinct keys
      s[0] = BOS;
      for (let j = 0; j < K; j++) {
        s[1 + 2 * j] = keyBase + keys[j]!;
        s[2 + 2 * j] = valueBase + rng.int(V);
      }
      const q = rng.int(K);
      s[2 * K + 1] = SEP;
      s[2 * K + 2] = s[1 + 2 * q]!;
      s[2 * K + 3] = s[2 + 2 * q]!;
      rows.row(i, s, T - 1, T);
    }
    return rows.dataset([...SPECIAL_LABELS, ...letters(V, true), ...letters(V)]);
  },
});
