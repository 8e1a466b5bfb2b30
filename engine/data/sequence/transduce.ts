/**
 * Copy, reverse and sort: read a string of symbols, then write a function of
 * it after a separator. One layout, three answers.
 *
 * Full sequence (L = length):  <bos> c1 … cL <sep> a1 … aL      (2L + 2 tokens)
 * Model input x (T = 2L + 1):  <bos> c1 … cL <sep> a1 … a(L-1)
 * Target y (next token):       c1 … cL <sep> a1 … aL
 * Mask: 1 at positions L+1 … 2L (where the target is an answer token a_j).
 * Vocabulary: 0 <pad>, 1 <bos>, 2 <sep>, then content symbols 'a', 'b', … (3 + vocab ids).
 */
import type { Rng } from '../../random';
import { defineDataset, type DatasetSpec } from '../dataset';
import { int } from '../../registry/params';
import { whole } from '../whole';
import { BOS, NextTokenRows, SEP, SPECIAL_LABELS, letters, samplesParam } from './tokens';

const FIRST = SPECIAL_LABELS.length; // id of the first content symbol

/** Writes a1..aL into s[L+2 .. 2L+2) from the content in s[1 .. L+1). */
type Answer = (s: Int32Array, L: number) => void;

function transduce(name: string, label: string, doc: string, answer: Answer): DatasetSpec {
  return defineDataset({
    name, label, kind: 'sequence', doc,
    params: {
      samples: samplesParam(),
      vocab: int({ default: 8, min: 2, max: 26, doc: 'How many different content symbols (a, b, c, …) can appear.' }),
      length: int({ default: 8, min: 1, max: 32, doc: 'How many content symbols each input has (the answer is as long).' }),
    },
    generate: ({ samples, vocab, length }, rng: Rng) => {
      const n = whole(samples, 1, 20000);
      const V = whole(vocab, 2, 26);
      const L = whole(length, 1, 32);
      const T = 2 * L + 1;
      const rows = new NextTokenRows(n, T);
      const s = new Int32Array(T + 1);
      for (let i = 0; i < n; i++) {
        s[0] = BOS;
        for (let j = 1; j <= L; j++) s[j] = FIRST + rng.int(V);
        s[L + 1] = SEP;
        answer(s, L);
        rows.row(i, s, L + 1, T);
      }
      return rows.dataset([...SPECIAL_LABELS, ...letters(V)]);
    },
  });
}

const LAYOUT =
  'Tokens: <bos>, the content, <sep>, then the answer; at every position the model predicts the next token, ' +
  'and only the predictions of answer tokens count (the mask). With length L the model sees 2L + 1 tokens; ' +
  'the vocabulary is <pad>, <bos>, <sep> and the content symbols.';

export const Copy = transduce(
  'copy', 'Copy',
  'Repeat the input: after the separator, write the same symbols in the same order (a b c <sep> → a b c). ' +
    'To produce the j-th answer symbol the model must look back exactly L + 1 positions, so this is the simplest ' +
    'test of whether attention (or a gate) can fetch information from far away. ' + LAYOUT,
  (s, L) => { for (let j = 0; j < L; j++) s[L + 2 + j] = s[1 + j]!; },
);

export const Reverse = transduce(
  'reverse', 'Reverse',
  'Write the input backwards after the separator (a b c <sep> → c b a). The distance to look back changes with ' +
    'every answer position (the first answer symbol copies the last input symbol), so the model must learn where ' +
    'to look from the position, not a fixed offset. ' + LAYOUT,
  (s, L) => { for (let j = 0; j < L; j++) s[L + 2 + j] = s[L - j]!; },
);

export const Sort = transduce(
  'sort', 'Sort',
  'Write the input symbols in alphabetical order after the separator (c a b a <sep> → a a b c); symbols may repeat. ' +
    'Each answer symbol is the smallest input symbol not yet written, so the model must compare symbols and count ' +
    'what it has already produced: harder than copy or reverse. ' + LAYOUT,
  (s, L) => {
    const sorted = s.slice(1, L + 1).sort(); // typed-array sort is numeric
    s.set(sorted, L + 2);
  },
);
