/**
 * Face grid (for DynamicID's gated attention): a toy for identity injection. Each example is a
 * small image, a grid of "pixel" feature vectors with one or several square faces,
 * and the identity tokens of each person; the target is the same image with each
 * person's identity written into their own face, and nothing else changed.
 *
 * World (fixed by the seed): a face template f ~ N(0, 1)^D, a face prior m ~ N(0, 2²)^D,
 * and 4 encoder matrices R_j with N(0, 1/D) entries (a toy face encoder).
 * Per example: a background colour c ~ N(0, 0.5²)^D; every pixel is c (background)
 * or f (inside a face) plus Gaussian noise of standard deviation `noise`;
 * per person k an identity u_k ~ N(0, 1)^D, never reused, and its tokens z_kj = m + R_j u_k.
 * All faces share the template, so nothing in a face says whose it is: only the boxes do.
 * Each person's box is their face grown by `margin` pixels; boxes never overlap.
 *
 * inputs.x:       float32 [N, G·G, D]    the image, row-major positions
 * inputs.cond:    float32 [N, 4K, D]     the identity tokens, 4 per person in order
 * inputs.regions: float32 [N, G·G, K]    1 where a position lies in person k's box
 * target:         float32 [N, G·G, D]    x, plus edit·u_k at person k's face positions
 * marks.face:     int32 [N, G·G]         k + 1 inside person k's face, else 0
 */
import { defineDataset, type MetricsInput } from './dataset';
import { int, num } from '../registry/params';
import { whole } from './whole';
import type { Rng } from '../random';

export const ID_TOKENS = 4;
/** Scale of the face prior every identity token shares: faces have much in common. */
const PRIOR = 2;

/** Pixel noise comes from one shared table of normal draws, read at a random offset per pixel: one draw per pixel, not per feature. */
const NOISE_TABLE = 4096;

/** Random draws of a layout before falling back to faces on a regular lattice. */
const LAYOUT_TRIES = 200;

interface Box { r0: number; c0: number }

/** How many faces of side S with boxes grown by `margin` fit on a G × G grid without their boxes overlapping (on a lattice). */
export function faceCapacity(G: number, S: number, margin: number): number {
  const perSide = Math.floor((G - S) / (S + 2 * margin)) + 1;
  return perSide * perSide;
}

/** Top-left corners of K faces whose boxes (face grown by margin) do not overlap: random draws, else the lattice. */
function placeFaces(rng: Rng, K: number, G: number, S: number, margin: number): Box[] {
  const apart = (a: Box, b: Box) => Math.abs(a.r0 - b.r0) >= S + 2 * margin || Math.abs(a.c0 - b.c0) >= S + 2 * margin;
  for (let t = 0; t < LAYOUT_TRIES; t++) {
    const faces: Box[] = [];
    while (faces.length < K) {
      const f = { r0: rng.int(G - S + 1), c0: rng.int(G - S + 1) };
      if (!faces.every((g) => apart(f, g))) break;
      faces.push(f);
    }
    if (faces.length === K) return faces;
  }
  const perSide = Math.floor((G - S) / (S + 2 * margin)) + 1;
  return Array.from({ length: K }, (_, k) => ({ r0: Math.floor(k / perSide) * (S + 2 * margin), c0: (k % perSide) * (S + 2 * margin) }));
}

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
    'there, and touch nothing else. With several people, every face looks alike and each person\'s identity belongs in ' +
    'their own face: the regions input gives each person\'s box (the face and a margin around it). ' +
    'Identities never repeat, so nothing can be memorised. The held-out metrics say ' +
    'how well the face was edited (faceError, against baseFaceError for no edit at all, and identityGain) and how ' +
    'much the background was disturbed (backgroundDisruption, and backgroundUntouched: the share of background ' +
    'pixels left exactly as they were), and with several people how much of one person\'s identity ended up in ' +
    'another\'s face (identityLeakage).',
  params: {
    samples: int({ default: 2000, min: 10, max: 20000, doc: 'How many images to generate.' }),
    grid: int({ default: 6, min: 3, max: 16, doc: 'Side G of the square grid of positions.' }),
    dim: int({ default: 8, min: 2, max: 64, doc: 'Features D per pixel (and per identity token).' }),
    face: int({ default: 2, min: 1, max: 8, doc: 'Side of the square face region, in pixels (at most the grid side).' }),
    noise: num({ default: 0.1, min: 0, max: 2, step: 0.05, doc: 'Standard deviation of the pixel noise.' }),
    edit: num({ default: 0.5, min: 0, max: 4, step: 0.1, doc: 'How strongly the identity is written into the face (target = x + edit·u there).' }),
    people: int({ default: 1, min: 1, max: 4, doc: 'How many people (faces, each with its own identity and box) per image; fewer if their boxes do not fit.' }),
    margin: int({ default: 1, min: 0, max: 4, doc: 'How many pixels each person\'s box extends beyond their face.' }),
  },
  generate: ({ samples, grid, dim, face, noise, edit, people, margin }, rng) => {
    const N = whole(samples, 1, 20000);
    const G = whole(grid, 3, 16);
    const D = whole(dim, 2, 64);
    const S = whole(face, 1, G);
    const pad = whole(margin, 0, 4);
    const K = Math.min(whole(people, 1, 4), faceCapacity(G, S, pad));
    const sd = Number.isFinite(noise) ? Math.min(2, Math.max(0, noise)) : 0;
    const strength = Number.isFinite(edit) ? edit : 0;
    const Q = G * G, M = K * ID_TOKENS;

    const world = rng.fork('world');
    const f = Float64Array.from({ length: D }, () => world.normal());
    const m = Float64Array.from({ length: D }, () => PRIOR * world.normal());
    const R = Float64Array.from({ length: ID_TOKENS * D * D }, () => world.normal() / Math.sqrt(D));
    const noiseTable = Float64Array.from({ length: NOISE_TABLE + D }, () => sd * world.normal());

    const x = new Float32Array(N * Q * D);
    const y = new Float32Array(N * Q * D);
    const z = new Float32Array(N * M * D);
    const regions = new Float32Array(N * Q * K);
    const mark = new Int32Array(N * Q);
    const c = new Float64Array(D);
    const u = Array.from({ length: K }, () => new Float64Array(D));
    for (let i = 0; i < N; i++) {
      for (let d = 0; d < D; d++) { c[d] = 0.5 * rng.normal(); u[0]![d] = rng.normal(); }
      for (let k = 1; k < K; k++) for (let d = 0; d < D; d++) u[k]![d] = rng.normal();
      const faces = placeFaces(rng, K, G, S, pad);
      for (let r = 0, q = 0; r < G; r++) {
        for (let col = 0; col < G; col++, q++) {
          const inside = (k: number, grow: number) => r >= faces[k]!.r0 - grow && r < faces[k]!.r0 + S + grow && col >= faces[k]!.c0 - grow && col < faces[k]!.c0 + S + grow;
          const who = faces.findIndex((_, k) => inside(k, 0));
          for (let k = 0; k < K; k++) if (inside(k, pad)) regions[(i * Q + q) * K + k] = 1;
          const base = who >= 0 ? f : c;
          const o = (i * Q + q) * D;
          const at = rng.int(NOISE_TABLE);
          for (let d = 0; d < D; d++) y[o + d] = x[o + d] = base[d]! + noiseTable[at + d]!;
          if (who >= 0) {
            mark[i * Q + q] = who + 1;
            for (let d = 0; d < D; d++) y[o + d] = x[o + d]! + strength * u[who]![d]!;
          }
        }
      }
      for (let k = 0; k < K; k++) {
        for (let j = 0; j < ID_TOKENS; j++) {
          const o = (i * M + k * ID_TOKENS + j) * D;
          for (let a = 0; a < D; a++) {
            let s = m[a]!;
            for (let b = 0; b < D; b++) s += R[(j * D + a) * D + b]! * u[k]![b]!;
            z[o + a] = s;
          }
        }
      }
    }
    return {
      inputs: {
        x: { data: x, shape: [N, Q, D], dtype: 'float32' },
        cond: { data: z, shape: [N, M, D], dtype: 'float32' },
        regions: { data: regions, shape: [N, Q, K], dtype: 'float32' },
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
    identityLeakage: { label: 'Identity leakage (output)', doc: 'With several people: how much of another person\'s identity was written into each face. A face\'s change is fitted by its own person\'s edit and the other\'s; this is the other\'s share, 0 for none and 1 for as much as the face\'s own edit.' },
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
  const leak = data.inputs['regions']?.shape[2] ?? 1;
  return {
    ...(leak > 1 ? { identityLeakage: outputLeakage({ data, rows, pred, predShape }) } : {}),
    faceError: fe,
    baseFaceError: be,
    identityGain: be > 0 ? 1 - fe / be : 0,
    backgroundDisruption: bgErr / Math.max(bgN, 1),
    backgroundUntouched: untouched / Math.max(bgN, 1),
  };
}

/**
 * Output leakage over ordered pairs of people (i, j ≠ i) in the held-out images: the mean change of
 * face i's pixels d_i (pred − x) is fitted by least squares as α·e_i + β·e_j, where e_k = target − x
 * on face k (the edit person k's identity asks for); β is how much of person j went into face i.
 */
function outputLeakage({ data, rows, pred, predShape }: MetricsInput): number {
  const [n, Q, D] = predShape as [number, number, number];
  const x = data.inputs['x']!.data, y = data.target.data, face = data.marks!['face']!.data;
  const K = data.inputs['regions']!.shape[2] as number;
  let total = 0, pairs = 0;
  for (let i = 0; i < n; i++) {
    const row = rows[i]!;
    const change = Array.from({ length: K }, () => new Float64Array(D)), edit = Array.from({ length: K }, () => new Float64Array(D)), count = new Array<number>(K).fill(0);
    for (let q = 0; q < Q; q++) {
      const k = face[row * Q + q]! - 1;
      if (k < 0) continue;
      const o = (i * Q + q) * D, src = (row * Q + q) * D;
      const ch = change[k]!, ed = edit[k]!;
      for (let d = 0; d < D; d++) { ch[d] = ch[d]! + pred[o + d]! - x[src + d]!; ed[d] = y[src + d]! - x[src + d]!; }
      count[k] = count[k]! + 1;
    }
    for (let a = 0; a < K; a++) {
      for (let b = 0; b < K; b++) {
        if (a === b || !count[a] || !count[b]) continue;
        const [ea, eb] = [edit[a]!, edit[b]!];
        let aa = 0, ab = 0, bb = 0, da = 0, db = 0;
        for (let d = 0; d < D; d++) {
          const dd = change[a]![d]! / count[a]!;
          aa += ea[d]! * ea[d]!; ab += ea[d]! * eb[d]!; bb += eb[d]! * eb[d]!; da += dd * ea[d]!; db += dd * eb[d]!;
        }
        const det = aa * bb - ab * ab;
        if (det <= 1e-12) continue;
        total += (aa * db - ab * da) / det;
        pairs++;
      }
    }
  }
  return pairs ? total / pairs : 0;
}
