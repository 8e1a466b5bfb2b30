/**
 * Face grid (for DynamicID's gated attention): a toy for identity injection. Each example is a
 * small image, a grid of "pixel" feature vectors with one square face region,
 * and the identity tokens of a person; the target is the same image with that
 * person's identity written into the face, and nothing else changed.
 *
 * World (fixed by the seed): a face template f ~ N(0, 1)^D, a face prior m ~ N(0, 2²)^D,
 * and 4 encoder matrices R_j with N(0, 1/D) entries (a toy face encoder).
 * Per example: a background colour c ~ N(0, 0.5²)^D; every pixel is c (background)
 * or f (inside the face box) plus Gaussian noise of standard deviation `noise`;
 * an identity u ~ N(0, 1)^D, never reused, and its tokens z_j = m + R_j u.
 *
 * inputs.x:    float32 [N, G·G, D]  the image, row-major positions
 * inputs.cond: float32 [N, 4, D]    the identity tokens
 * target:      float32 [N, G·G, D]  x, plus edit·u at the face positions
 * marks.face:  int32 [N, G·G]       1 inside the face box
 */
import { defineDataset, type MetricsInput } from './dataset';
import { int, num } from '../registry/params';
import { whole } from './whole';

export const ID_TOKENS = 4;
/** Scale of the face prior every identity token shares: faces have much in common. */
const PRIOR = 2;

/** Pixel noise comes from one shared table of normal draws, read at a random offset per pixel: one draw per pixel, not per feature. */
const NOISE_TABLE = 4096;

export const FaceGrid = defineDataset({
  name: 'face-grid',
  label: 'Face grid (identity injection)',
  kind: 'features',
  doc:
    'Tiny "images" for personalisation: a G × G grid (6 × 6 by default) of D-dimensional pixel vectors with a ' +
    'background colour, and one square face somewhere in it (2 × 2 pixels that carry a shared face pattern). Each ' +
    'example also brings a new person: an identity vector, seen only through 4 identity tokens from a fixed toy face ' +
    'encoder (the "cond" input). The target is the same image with that identity added to the face pixels, and every ' +
    'background pixel exactly as it was. So a model must find the face, read the identity from the tokens, write it ' +
    'there, and touch nothing else. Identities never repeat, so nothing can be memorised. The held-out metrics say ' +
    'how well the face was edited (faceError, against baseFaceError for no edit at all, and identityGain) and how ' +
    'much the background was disturbed (backgroundDisruption, and backgroundUntouched: the share of background ' +
    'pixels left exactly as they were).',
  params: {
    samples: int({ default: 2000, min: 10, max: 20000, doc: 'How many images to generate.' }),
    grid: int({ default: 6, min: 3, max: 16, doc: 'Side G of the square grid of positions.' }),
    dim: int({ default: 8, min: 2, max: 64, doc: 'Features D per pixel (and per identity token).' }),
    face: int({ default: 2, min: 1, max: 8, doc: 'Side of the square face region, in pixels (at most the grid side).' }),
    noise: num({ default: 0.1, min: 0, max: 2, step: 0.05, doc: 'Standard deviation of the pixel noise.' }),
    edit: num({ default: 0.5, min: 0, max: 4, step: 0.1, doc: 'How strongly the identity is written into the face (target = x + edit·u there).' }),
  },
  generate: ({ samples, grid, dim, face, noise, edit }, rng) => {
    const N = whole(samples, 1, 20000);
    const G = whole(grid, 3, 16);
    const D = whole(dim, 2, 64);
    const S = whole(face, 1, G);
    const sd = Number.isFinite(noise) ? Math.min(2, Math.max(0, noise)) : 0;
    const strength = Number.isFinite(edit) ? edit : 0;
    const Q = G * G;

    const world = rng.fork('world');
    const f = Float64Array.from({ length: D }, () => world.normal());
    const m = Float64Array.from({ length: D }, () => PRIOR * world.normal());
    const R = Float64Array.from({ length: ID_TOKENS * D * D }, () => world.normal() / Math.sqrt(D));
    const noiseTable = Float64Array.from({ length: NOISE_TABLE + D }, () => sd * world.normal());

    const x = new Float32Array(N * Q * D);
    const y = new Float32Array(N * Q * D);
    const z = new Float32Array(N * ID_TOKENS * D);
    const mark = new Int32Array(N * Q);
    const c = new Float64Array(D), u = new Float64Array(D);
    for (let i = 0; i < N; i++) {
      for (let d = 0; d < D; d++) { c[d] = 0.5 * rng.normal(); u[d] = rng.normal(); }
      const r0 = rng.int(G - S + 1), c0 = rng.int(G - S + 1);
      for (let r = 0, q = 0; r < G; r++) {
        for (let col = 0; col < G; col++, q++) {
          const inFace = r >= r0 && r < r0 + S && col >= c0 && col < c0 + S;
          const base = inFace ? f : c;
          const o = (i * Q + q) * D;
          const at = rng.int(NOISE_TABLE);
          for (let d = 0; d < D; d++) y[o + d] = x[o + d] = base[d]! + noiseTable[at + d]!;
          if (inFace) {
            mark[i * Q + q] = 1;
            for (let d = 0; d < D; d++) y[o + d] = x[o + d]! + strength * u[d]!;
          }
        }
      }
      for (let j = 0; j < ID_TOKENS; j++) {
        const o = (i * ID_TOKENS + j) * D;
        for (let a = 0; a < D; a++) {
          let s = m[a]!;
          for (let b = 0; b < D; b++) s += R[(j * D + a) * D + b]! * u[b]!;
          z[o + a] = s;
        }
      }
    }
    return {
      inputs: {
        x: { data: x, shape: [N, Q, D], dtype: 'float32' },
        cond: { data: z, shape: [N, ID_TOKENS, D], dtype: 'float32' },
      },
      target: { data: y, shape: [N, Q, D], dtype: 'float32' },
      task: 'regression',
      classes: D,
      marks: { face: { data: mark, shape: [N, Q], dtype: 'int32' } },
    };
  },
  metrics: faceMetrics,
  metricDocs: {
    faceError: { label: 'Face error', doc: 'Mean squared error on the face region of the held-out images.' },
    baseFaceError: { label: 'Face error without the identity', doc: 'The face error of a model that ignores the identity input: the bar to beat.' },
    identityGain: { label: 'Identity gain', doc: 'The share of the face error the identity input removes: 1 − face error / face error without it.' },
    backgroundDisruption: { label: 'Background disruption', doc: 'Mean squared change of the background pixels, which the edit should leave alone.' },
    backgroundUntouched: { label: 'Background untouched', doc: 'The share of background pixels the edit leaves exactly as they were.', range: [0, 1] },
  },
});

/**
 * Held-out figures from predicted images [n, Q, D] (mean squared errors per feature):
 * faceError and baseFaceError (no edit at all) on face pixels, identityGain = 1 − their ratio,
 * backgroundDisruption = error on background pixels (the target there is the input),
 * backgroundUntouched = share of background pixels whose every feature equals the input's.
 */
export function faceMetrics({ data, rows, pred, predShape }: MetricsInput): Record<string, number> {
  const [n, Q, D] = predShape as [number, number, number];
  const x = data.inputs['x']?.data, y = data.target.data, face = data.marks?.['face']?.data;
  if (!x || !face) return {};
  let faceErr = 0, baseErr = 0, faceN = 0, bgErr = 0, bgN = 0, untouched = 0;
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    for (let q = 0; q < Q; q++) {
      const o = (i * Q + q) * D, src = (row * Q + q) * D;
      let e = 0, e0 = 0, same = true;
      for (let d = 0; d < D; d++) {
        const p = pred[o + d]!;
        e += (p - y[src + d]!) ** 2;
        e0 += (x[src + d]! - y[src + d]!) ** 2;
        if (p !== x[src + d]!) same = false;
      }
      if (face[row * Q + q]) { faceErr += e / D; baseErr += e0 / D; faceN++; }
      else { bgErr += e / D; bgN++; if (same) untouched++; }
    }
  }
  const fe = faceErr / Math.max(faceN, 1), be = baseErr / Math.max(faceN, 1);
  return {
    faceError: fe,
    baseFaceError: be,
    identityGain: be > 0 ? 1 - fe / be : 0,
    backgroundDisruption: bgErr / Math.max(bgN, 1),
    backgroundUntouched: untouched / Math.max(bgN, 1),
  };
}
