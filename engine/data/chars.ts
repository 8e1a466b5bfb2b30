/**
 * Character-level language modelling on Aesop's fables (text/aesop.ts).
 *
 * Vocabulary: the distinct characters of the text, sorted by character code
 * ('\n' first, then ' ', '!', '"', …); labels are the characters themselves.
 * Each example is a random window of T + 1 characters: x = its first T ids,
 * y = its last T ids (the next character at every position), mask all ones.
 */
import { defineDataset } from './dataset';
import { int } from '../registry/params';
import { whole } from './whole';
import { AESOP_FABLES } from './text/aesop';

interface Corpus { ids: Uint8Array; chars: string[] }
let corpus: Corpus | undefined;

/** The encoded text and its alphabet, computed once. */
export function charCorpus(): Corpus {
  if (corpus) return corpus;
  const chars = [...new Set(AESOP_FABLES)].sort((a, b) => a.charCodeAt(0) - b.charCodeAt(0));
  const index = new Map(chars.map((c, i) => [c, i] as const));
  const ids = new Uint8Array(AESOP_FABLES.length);
  for (let i = 0; i < AESOP_FABLES.length; i++) ids[i] = index.get(AESOP_FABLES[i]!)!;
  corpus = { ids, chars };
  return corpus;
}

export const Chars = defineDataset({
  name: 'chars',
  label: "Characters (Aesop's fables)",
  kind: 'text',
  doc:
    "Predict the next character of English text, one letter at a time, on about 40 KB of Aesop's fables " +
    '(Townsend\'s 1867 translation, public domain). Each example is a random window of the text; at every ' +
    'position the model sees the characters so far and must guess the next one, so every position counts. The ' +
    'vocabulary is every distinct character in the text (62 of them: letters, punctuation, space, newline). ' +
    'A model that only counts letter frequencies reaches a loss near 3.1; one that learns spelling and common ' +
    'words goes well below 2. Windows overlap and the text is small, so watch for memorisation.',
  params: {
    samples: int({ default: 2000, min: 10, max: 20000, doc: 'How many text windows to cut.' }),
    length: int({ default: 32, min: 2, max: 256, doc: 'Characters per window (T): how much context the model sees.' }),
  },
  generate: ({ samples, length }, rng) => {
    const { ids, chars } = charCorpus();
    const n = whole(samples, 1, 20000);
    const T = whole(length, 2, 256);
    const x = new Int32Array(n * T);
    const y = new Int32Array(n * T);
    const span = ids.length - T; // starts 0 … span-1 leave room for T + 1 characters
    for (let i = 0; i < n; i++) {
      const s = rng.int(span);
      const o = i * T;
      for (let t = 0; t < T; t++) {
        x[o + t] = ids[s + t]!;
        y[o + t] = ids[s + t + 1]!;
      }
    }
    return {
      inputs: { x: { data: x, shape: [n, T], dtype: 'int32' } },
      target: { data: y, shape: [n, T], dtype: 'int32' },
      mask: new Float32Array(n * T).fill(1),
      task: 'classification',
      classes: chars.length,
      vocab: chars.length,
      seqLen: T,
      labels: chars.slice(),
    };
  },
});
