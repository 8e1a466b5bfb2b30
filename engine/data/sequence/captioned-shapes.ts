/**
 * Captioned shapes (for ImageBind-LLM's gated injection): write the caption of a picture you only
 * see as an embedding. The conditional task for zero-initialised injection.
 *
 * Each example is a (colour, shape) pair. A frozen toy "image encoder" (random
 * Gaussian codes per colour and per shape, fixed by the seed) gives the
 * unit-length condition vector cond = normalise(E_colour + E_shape + noise·ε).
 * The caption, one character per token:  <bos> a   r e d   s t a r .
 * x = the caption without its last character, y = the next character, mask 1
 * on every real character (0 on padding after the full stop).
 * Vocabulary: 0 <pad>, 1 <bos>, then the characters of every word in sorted order.
 * marks.conditional [N, T]: 1 where the next character belongs to the colour
 * or shape word (what only the condition can tell), 0 on the fixed template.
 * A second "modality" for inference: audio = normalise(cond + offset · u + audioNoise · ε)
 * with u one fixed unit direction, and bank [N, P, F]: one stored image feature
 * per (colour, shape) pair, the same for every example, for the retrieval cache.
 */
import { defineDataset, type MetricsInput } from '../dataset';
import { int, num } from '../../registry/params';
import { whole } from '../whole';
import { BOS, NextTokenRows, PAD, samplesParam } from './tokens';

export const COLOURS = ['red', 'blue', 'pink', 'gold', 'grey', 'teal', 'navy', 'lime'] as const;
export const SHAPES = ['star', 'ring', 'cube', 'disc', 'moon', 'cone', 'kite', 'drop'] as const;

const CHARS = [...new Set([...COLOURS, ...SHAPES, 'a', ' ', '.'].join(''))].sort();
const CHAR_ID = new Map(CHARS.map((c, i) => [c, i + 2] as const));
const LONGEST = 2 + Math.max(...COLOURS.map((w) => w.length)) + 1 + Math.max(...SHAPES.map((w) => w.length)) + 1;

/** "a red star." */
export function caption(colour: number, shape: number): string {
  return `a ${COLOURS[colour]!} ${SHAPES[shape]!}.`;
}

export const CaptionedShapes = defineDataset({
  name: 'captioned-shapes',
  label: 'Captioned shapes',
  kind: 'sequence',
  doc:
    'Write a caption for a picture the model cannot see directly: "a red star.", "a teal kite.", one character ' +
    'at a time. The picture arrives as a side input cond, a unit-length vector from a frozen toy image encoder ' +
    '(a fixed random code for each colour plus one for each shape, plus a little noise). A language model that ' +
    'ignores cond learns the template ("a ", the space, the full stop) and how words are spelled, but must guess ' +
    'which colour and which shape; one that reads cond can write the right caption. This is the conditional ' +
    'task for zero-initialised gated injection (ImageBind-LLM): pretrain the language model, then teach it to ' +
    'listen to cond. marks.conditional flags the characters only cond can decide; the held-out metric ' +
    'wordAccuracy is the share of those characters predicted right. For inference in another modality the data also ' +
    'carries audio (the same vector pushed off along one fixed direction, plus noise) and bank (one stored image ' +
    'feature per picture, for the retrieval cache).',
  params: {
    samples: samplesParam(),
    colours: int({ default: 8, min: 2, max: COLOURS.length, doc: 'How many colours captions use (red, blue, pink, …).' }),
    shapes: int({ default: 8, min: 2, max: SHAPES.length, doc: 'How many shapes captions use (star, ring, cube, …).' }),
    dim: int({ default: 16, min: 2, max: 256, doc: 'Length of the condition vector the toy encoder produces.' }),
    noise: num({ default: 0.1, min: 0, max: 2, step: 0.05, doc: 'Noise added to the encoding before it is normalised; 0 gives one exact vector per picture.' }),
    audioOffset: num({ default: 0.8, min: 0, max: 4, step: 0.1, doc: 'How far the audio feature sits from the image feature along one fixed direction (the gap between modalities).' }),
    audioNoise: num({ default: 0.3, min: 0, max: 2, step: 0.05, doc: 'Noise on the audio feature before it is normalised.' }),
  },
  generate: ({ samples, colours, shapes, dim, noise, audioOffset, audioNoise }, rng) => {
    const n = whole(samples, 1, 20000);
    const C = whole(colours, 2, COLOURS.length);
    const S = whole(shapes, 2, SHAPES.length);
    const F = whole(dim, 2, 256);
    const sigma = Number.isFinite(noise) ? Math.max(0, noise) : 0;
    const encRng = rng.fork('encoder');
    const codes = (k: number) => Array.from({ length: k }, () => Float32Array.from({ length: F }, () => encRng.normal()));
    const colourCode = codes(COLOURS.length);
    const shapeCode = codes(SHAPES.length);
    const direction = unit(Float32Array.from({ length: F }, () => encRng.normal()));
    const image = (c: number, sh: number, into: Float32Array, r = rng) => {
      for (let f = 0; f < F; f++) into[f] = colourCode[c]![f]! + shapeCode[sh]![f]! + sigma * r.normal();
      unit(into);
    };

    const T = LONGEST;
    // Every caption's tokens and conditional marks, once per (colour, shape) pair.
    const pairs = Array.from({ length: C * S }, (_, k) => {
      const c = Math.floor(k / S), sh = k % S;
      const text = caption(c, sh);
      const seq = new Int32Array(T + 1).fill(PAD);
      seq[0] = BOS;
      for (let t = 0; t < text.length; t++) seq[t + 1] = CHAR_ID.get(text[t]!)!;
      // Position t predicts text[t]: the colour is text[2 .. 2+len), the shape after the next space.
      const marks = new Int32Array(T);
      const colourEnd = 2 + COLOURS[c]!.length;
      const shapeEnd = colourEnd + 1 + SHAPES[sh]!.length;
      for (let t = 2; t < shapeEnd; t++) if (t !== colourEnd) marks[t] = 1;
      return { c, sh, seq, marks, len: text.length };
    });
    const rows = new NextTokenRows(n, T);
    const cond = new Float32Array(n * F);
    const conditional = new Int32Array(n * T);
    for (let i = 0; i < n; i++) {
      const c = rng.int(C), sh = rng.int(S);
      const pair = pairs[c * S + sh]!;
      rows.row(i, pair.seq, 0, pair.len);
      conditional.set(pair.marks, i * T);
      image(c, sh, cond.subarray(i * F, (i + 1) * F));
    }
    // Drawn from their own streams after the rest, so the captions and image features do not depend on them.
    const audioRng = rng.fork('audio');
    const audio = cond.map((x, j) => x + audioOffset * direction[j % F]! + audioNoise * audioRng.normal());
    for (let i = 0; i < n; i++) unit(audio.subarray(i * F, (i + 1) * F));
    const bankRng = rng.fork('bank');
    const stored = new Float32Array(C * S * F);
    for (let k = 0; k < C * S; k++) image(Math.floor(k / S), k % S, stored.subarray(k * F, (k + 1) * F), bankRng);
    const bank = new Float32Array(n * C * S * F);
    for (let i = 0; i < n; i++) bank.set(stored, i * C * S * F);
    const d = rows.dataset(['<pad>', '<bos>', ...CHARS], { conditional: { data: conditional, shape: [n, T], dtype: 'int32' } });
    d.inputs.cond = { data: cond, shape: [n, F], dtype: 'float32' };
    d.inputs.audio = { data: audio, shape: [n, F], dtype: 'float32' };
    d.inputs.bank = { data: bank, shape: [n, C * S, F], dtype: 'float32' };
    return d;
  },
  metrics: wordAccuracy,
  metricDocs: {
    wordAccuracy: { label: 'Word accuracy', doc: 'The share of caption words predicted exactly.', range: [0, 1] },
  },
});

/** Scales v to unit length in place (a zero vector stays zero). */
function unit(v: Float32Array): Float32Array {
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
  for (let f = 0; f < v.length; f++) v[f] = v[f]! / norm;
  return v;
}

/** Share of the colour and shape characters of held-out captions whose argmax prediction is right. */
function wordAccuracy({ data, rows, pred, predShape }: MetricsInput): Record<string, number> {
  const T = data.seqLen!;
  const V = predShape[predShape.length - 1]!;
  const marks = data.marks!.conditional!.data;
  let hit = 0, count = 0;
  rows.forEach((row, k) => {
    for (let t = 0; t < T; t++) {
      if (!marks[row * T + t]) continue;
      const o = (k * T + t) * V;
      let best = 0;
      for (let c = 1; c < V; c++) if (pred[o + c]! > pred[o + best]!) best = c;
      count++;
      if (best === data.target.data[row * T + t]) hit++;
    }
  });
  return { wordAccuracy: count ? hit / count : 0 };
}
