/**
 * Generalized zero-shot blobs: Gaussian class blobs in F
 * dimensions whose centres are a fixed random linear map of each class's
 * attribute vector. The first `seen` classes have training examples; the
 * `unseen` classes are known only by their attributes, and all their examples
 * are held out of training.
 *
 * x: float32 [N, F]. attributes: float32 [N, C, A], the class attribute table,
 * the same on every row (so an Input node can hand it to a zero-shot expert).
 * target: int32 [N], classes 0..seen-1 are seen, seen..C-1 unseen.
 * marks.unseen [N]: 1 for examples of unseen classes. heldOut = marks.unseen.
 * Metrics (test rows): seenAccuracy and unseenAccuracy (per-class accuracy,
 * averaged over the classes of each side), their harmonicMean, and auroc: how
 * well the model's unseen-vs-seen log-odds separates unseen from seen examples.
 */
import { defineDataset, type MetricsInput } from './dataset';
import { int, num } from '../registry/params';
import type { Rng } from '../random';
import { whole } from './whole';

export const GzslBlobs = defineDataset({
  name: 'gzsl-blobs',
  label: 'Zero-shot blobs (seen + unseen classes)',
  kind: 'features',
  doc:
    'A generalized zero-shot task. Every class is described by a short yes/no attribute vector (think "striped, ' +
    'four-legged, lives in water"), and its examples form a Gaussian cloud whose centre is a fixed linear map of ' +
    'those attributes, plus a small quirk of each class that the attributes do not explain. Seen classes have ' +
    'training examples; unseen classes have none: the model knows them only from their attribute vectors, handed ' +
    'to it as the side input "attributes". All unseen-class examples are held out for the test, where the model ' +
    'must pick among all classes. A plain classifier favours the seen classes it was trained on; the test ' +
    'reports accuracy on seen and on unseen classes and their harmonic mean.',
  params: {
    samples: int({ default: 1800, min: 16, max: 20000, doc: 'How many examples to generate, spread evenly over all classes.' }),
    seen: int({ default: 6, min: 2, max: 16, doc: 'Classes with training examples (they come first in the class order).' }),
    unseen: int({ default: 3, min: 1, max: 16, doc: 'Classes known only from their attributes; all their examples are test examples.' }),
    features: int({ default: 12, min: 2, max: 64, doc: 'Dimension F of each example.' }),
    attributes: int({ default: 6, min: 3, max: 16, doc: 'Length A of each class attribute vector (yes/no properties; any two classes differ in at least two).' }),
    spread: num({ default: 0.5, min: 0, max: 3, step: 0.05, doc: 'Standard deviation of each blob around its centre.' }),
    quirk: num({ default: 0.5, min: 0, max: 3, step: 0.05, doc: 'Size of the per-class offset that the attributes do not explain (0: centres follow the attributes exactly).' }),
  },
  generate: (p, rng) => {
    const N = whole(p.samples, 1, 20000);
    const S = whole(p.seen, 2, 16);
    const U = whole(p.unseen, 1, 16);
    const F = whole(p.features, 2, 64);
    const A = whole(p.attributes, 3, 16);
    const C = S + U;
    const spread = Math.max(0, p.spread), quirk = Math.max(0, p.quirk);
    // Fixed structure first (attributes, map, quirks), so the examples draw from a stream of their own.
    const s = rng.fork('structure');
    const attr = distinctBinaryRows(C, A, s);
    const M = new Float32Array(F * A);
    for (let i = 0; i < M.length; i++) M[i] = (2 * s.normal()) / Math.sqrt(A); // a yes/no attribute has variance 1/4
    const centre = new Float32Array(C * F);
    for (let c = 0; c < C; c++) {
      for (let f = 0; f < F; f++) {
        let v = quirk * s.normal();
        for (let a = 0; a < A; a++) v += M[f * A + a]! * attr[c * A + a]!;
        centre[c * F + f] = v;
      }
    }
    const r = rng.fork('examples');
    const x = new Float32Array(N * F);
    const y = new Int32Array(N);
    const unseen = new Int32Array(N);
    const held = new Uint8Array(N);
    const table = new Float32Array(N * C * A);
    for (let i = 0; i < N; i++) {
      const c = i % C; // interleaved: every prefix is balanced
      for (let f = 0; f < F; f++) x[i * F + f] = centre[c * F + f]! + spread * r.normal();
      y[i] = c;
      unseen[i] = held[i] = c >= S ? 1 : 0;
      table.set(attr, i * C * A);
    }
    return {
      inputs: {
        x: { data: x, shape: [N, F], dtype: 'float32' },
        attributes: { data: table, shape: [N, C, A], dtype: 'float32' },
      },
      target: { data: y, shape: [N], dtype: 'int32' },
      task: 'classification',
      classes: C,
      labels: Array.from({ length: C }, (_, c) => (c < S ? `seen ${c}` : `unseen ${c - S}`)),
      marks: { unseen: { data: unseen, shape: [N], dtype: 'int32' } },
      heldOut: held,
    };
  },
  metrics: gzslMetrics,
  metricDocs: {
    seenAccuracy: { label: 'Seen accuracy', doc: 'Accuracy on the classes seen in training, averaged over those classes.', range: [0, 1] },
    unseenAccuracy: { label: 'Unseen accuracy', doc: 'Accuracy on the classes never seen in training, averaged over those classes.', range: [0, 1] },
    harmonicMean: { label: 'Harmonic mean', doc: 'The harmonic mean of seen and unseen accuracy: high only when both are high.', range: [0, 1] },
    auroc: { label: 'AUROC (seen vs unseen)', doc: 'How well the model’s scores tell unseen examples from seen ones: 0.5 is chance, 1 is perfect.', range: [0, 1] },
  },
});

/**
 * Seen and unseen accuracy (each the mean of its classes' accuracies), their
 * harmonic mean, and the AUROC of the model's unseen-vs-seen log-odds
 * log Σ_U p − log Σ_S p (for a two-way gate, exactly the gate's own score).
 */
export function gzslMetrics({ data, rows, pred, predShape }: MetricsInput): Record<string, number> {
  const C = predShape[predShape.length - 1]!;
  const isUnseenClass = new Uint8Array(C);
  const target = data.target.data;
  const held = data.heldOut;
  if (held) for (let i = 0; i < held.length; i++) if (held[i]) isUnseenClass[target[i]!] = 1;
  const hits = new Float64Array(C), counts = new Float64Array(C);
  const scores: number[] = [], positives: boolean[] = [];
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k]!, label = target[row]!;
    let best = 0;
    for (let c = 1; c < C; c++) if (pred[k * C + c]! > pred[k * C + best]!) best = c;
    counts[label]!++;
    if (best === label) hits[label]!++;
    scores.push(logSumExp(pred, k * C, C, isUnseenClass, 1) - logSumExp(pred, k * C, C, isUnseenClass, 0));
    positives.push(isUnseenClass[label] === 1);
  }
  const side = (u: number) => {
    let s = 0, n = 0;
    for (let c = 0; c < C; c++) if (isUnseenClass[c] === u && counts[c]! > 0) { s += hits[c]! / counts[c]!; n++; }
    return n ? s / n : 0;
  };
  const seenAccuracy = side(0), unseenAccuracy = side(1);
  const sum = seenAccuracy + unseenAccuracy;
  return {
    seenAccuracy,
    unseenAccuracy,
    harmonicMean: sum > 0 ? (2 * seenAccuracy * unseenAccuracy) / sum : 0,
    auroc: auroc(scores, positives),
  };
}

/**
 * C yes/no attribute vectors of length A, each with at least one yes, and any
 * two differing in at least two attributes (a class one flip away from another
 * is nearly the same class, which no gate can tell apart). A row that breaks
 * this is redrawn; after many failed tries the rule relaxes to "distinct".
 */
function distinctBinaryRows(C: number, A: number, rng: Rng): Float32Array {
  const out = new Float32Array(C * A);
  const row = (c: number) => out.subarray(c * A, (c + 1) * A);
  const differ = (c: number, d: number) => { let n = 0; for (let a = 0; a < A; a++) if (out[c * A + a] !== out[d * A + a]) n++; return n; };
  for (let c = 0; c < C; c++) {
    for (let tries = 0; tries < 4000; tries++) {
      for (let a = 0; a < A; a++) out[c * A + a] = rng.next() < 0.5 ? 1 : 0;
      const need = tries < 2000 ? 2 : 1;
      let ok = row(c).some((v) => v === 1);
      for (let d = 0; ok && d < c; d++) ok = differ(c, d) >= need;
      if (ok) break;
    }
  }
  return out;
}

function logSumExp(v: Float32Array, start: number, C: number, which: Uint8Array, want: number): number {
  let m = -Infinity;
  for (let c = 0; c < C; c++) if (which[c] === want) m = Math.max(m, v[start + c]!);
  if (m === -Infinity) return -Infinity;
  let s = 0;
  for (let c = 0; c < C; c++) if (which[c] === want) s += Math.exp(v[start + c]! - m);
  return m + Math.log(s);
}

/** Area under the ROC curve: the chance a random positive scores above a random negative (ties count half). */
export function auroc(scores: readonly number[], positives: readonly boolean[]): number {
  const order = scores.map((s, i) => [s, i] as const).sort((a, b) => a[0] - b[0]);
  let nPos = 0, rankSum = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j < order.length && order[j]![0] === order[i]![0]) j++;
    const midRank = (i + j + 1) / 2; // 1-based average rank of the tie group
    for (let k = i; k < j; k++) if (positives[order[k]![1]]) { nPos++; rankSum += midRank; }
    i = j;
  }
  const nNeg = order.length - nPos;
  if (nPos === 0 || nNeg === 0) return 0.5;
  return (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}
