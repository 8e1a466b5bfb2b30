/**
 * The two experts of a generalized zero-shot mixture (COSMO, boundary OOD) and
 * the tensor helpers the domain gates share. Classes are ordered seen first
 * (0..S−1), then unseen (S..C−1), as the zero-shot datasets lay them out.
 *
 * Each expert trains on its own cross-entropy over the seen classes, from the
 * labels the trainer hands nodes while the loss is computed (ctx.target): in
 * COSMO the experts are separate models, and the mixture only combines them.
 */
import * as tf from '@tensorflow/tfjs-core';
import { defineNode } from '../../registry/defineNode';
import { int, num } from '../../registry/params';
import { port, formatShape } from '../../registry/ports';
import { fail, lastDim, needsClassPerExample } from '../../shapes/dims';
import { linear, softmaxCrossEntropy, stopGradient } from '../../compile/ops';
import { lastOf } from '../../registry/torch';
import * as onnx from '../../serialize/onnx/ops';

type Tensor = tf.Tensor;

export const COSMO_CITE = 'Atzmon & Chechik, 2019, "Adaptive Confidence Smoothing for Generalized Zero-Shot Learning" (CVPR; arXiv:1812.09903)';

/** Large negative logit for classes a softmax must ignore. */
export const NEG = -1e9;

/**
 * Each row's k largest entries, largest first: [B, E] → [B, k] (zeros where
 * E < k). Sorting by ranks from tf.step, because tf.topk has no gradient and
 * breaks any taped pass it sits in. Ties go to the lower index.
 */
export function topSorted(p: Tensor, k: number): Tensor {
  const E = p.shape[1]!;
  const s = stopGradient(p);
  const diff = tf.sub(tf.expandDims(s, 1), tf.expandDims(s, 2));           // (B, i, j): p_j − p_i
  const tieBreak = new Float32Array(E * E);
  for (let i = 0; i < E; i++) for (let j = 0; j < i; j++) tieBreak[i * E + j] = 1;
  const earlier = tf.tensor2d(tieBreak, [E, E]);
  const beats = tf.add(tf.step(diff), tf.mul(earlier, tf.sub(tf.sub(1, tf.step(tf.neg(diff))), tf.step(diff)))); // p_j > p_i, or equal and j < i
  const rank = tf.sum(beats, 2);                                          // (B, E): 0 for the largest
  const slots = tf.range(0, k, 1, 'float32');                             // (k)
  const at = tf.step(tf.sub(0.5, tf.abs(tf.sub(tf.expandDims(rank, 2), slots)))); // (B, E, k): rank_i == r
  return tf.sum(tf.mul(tf.expandDims(p, 2), at), 1);                      // (B, k)
}

/**
 * A running quantile kept in a state variable (not trained by the optimiser):
 * the q-quantile of this batch's values, blended in with weight 1 − momentum
 * (the first update sets it outright). Used to fit a threshold so that a share
 * of the training examples falls on the "seen" side. Call in training steps only.
 */
export function trackQuantile(state: tf.Variable, values: Tensor, q: number, momentum: number, first: boolean): void {
  const v = tf.reshape(stopGradient(values), [-1]);
  const n = v.shape[0]!;
  const k = Math.min(n, Math.max(1, Math.floor(q * n) + 1));              // the k-th smallest value
  // tf.topk has no gradient, but this value only feeds the state, never the loss, so the tape leaves it out.
  const kth = tf.neg(tf.slice(tf.topk(tf.neg(v), k).values, [k - 1], [1]));
  const next = first ? kth : tf.add(tf.mul(momentum, state), tf.mul(1 - momentum, kth));
  state.assign(tf.reshape(next, state.shape));
}

/** Cross-entropy over the first S classes, on rows whose label is a seen class. */
export function seenCrossEntropy(logitsSeen: Tensor, target: Tensor, S: number, mask?: Tensor): Tensor {
  const t = tf.cast(target, 'float32');
  let rows = tf.step(tf.sub(S - 0.5, t));                                 // label < S
  if (mask) rows = tf.mul(rows, mask);
  const safe = tf.cast(tf.mul(t, rows), 'int32');                         // unseen rows point at class 0 but count 0
  return softmaxCrossEntropy(logitsSeen, safe, rows);
}

/** At least 2: the experts' cross-entropy tells seen classes apart, and one class leaves nothing to tell apart. */
export const seenParam = () => int({ default: 6, min: 2, max: 1000, doc: 'How many classes are seen (have training examples, at least 2); they come first in the class order.' });
const weightParam = () => num({ default: 1, min: 0, max: 10, step: 0.1, doc: "Weight of the expert's own cross-entropy in the total loss (0: the expert does not train)." });

export const SeenExpert = defineNode({
  type: 'SeenExpert',
  label: 'Seen-class expert',
  category: 'experts/zero-shot',
  version: 1,
  doc:
    'An ordinary classifier over the seen classes only: scores = x W + b, one per seen class. It learns from its own ' +
    'cross-entropy on the training examples (all of which are seen), so it is sharp on the classes it knows and, ' +
    'like any softmax classifier, still picks one of them for an example of a class it has never met. A domain gate ' +
    'decides how far to trust it.',
  cite: COSMO_CITE,
  inputs: { x: port('data', ['B', 'F'], { doc: 'Example features.' }) },
  outputs: { scores: port('data', ['B', 'S'], { doc: 'One logit per seen class.' }) },
  params: { seen: seenParam(), weight: weightParam() },
  keyParams: ['seen'],
  infer: ({ x }, p, ctx) => {
    const labels = needsClassPerExample('SeenExpert', ctx.dataset);
    if (labels) return labels;
    if (!x) return { scores: { shape: ['B', p.seen], dtype: 'float32' } };
    if (x.shape.length !== 2 || x.dtype !== 'float32') return fail(`SeenExpert expects features [B, F]; it gets ${formatShape(x.shape)}`, 'x');
    if (p.seen >= ctx.dataset.classes) return fail(`seen is ${p.seen} but "${ctx.dataset.name}" has only ${ctx.dataset.classes} classes: some must be unseen`);
    return { scores: { shape: ['B', p.seen], dtype: 'float32' } };
  },
  build: ({ params: p, inputs, v }) => ({
    kernel: v.make('kernel', [lastDim(inputs.x!) as number, p.seen], { kind: 'glorot' }),
    bias: v.make('bias', [p.seen], { kind: 'zeros' }),
  }),
  apply: ({ x }, w, { params: p, target, targetMask, addLoss }) => {
    const scores = linear(x, w.kernel!, w.bias);                           // (B, S)
    if (target && p.weight > 0) addLoss('ce', tf.mul(p.weight, seenCrossEntropy(scores, target, p.seen, targetMask)));
    return { scores };
  },
  torch: {
    source: () => import('./gzsl-experts.py?raw'),
    className: 'SeenExpert',
    helpers: ['gzsl'],
    context: true,
    args: ({ params: p, inputs }) => ({ in_features: lastOf(inputs.x), seen: p.seen, weight: p.weight }),
  },
  onnx: { write: ({ inputs: { x }, w, g }) => ({ scores: onnx.linear(g, x, w.kernel!, w.bias) }) },
  flops: ({ x }, p) => 2 * ((x?.shape[1] as number) || 1) * p.seen,
  auxLosses: { ce: "The expert's cross-entropy over the seen classes, on seen-class examples." },
});

export const ZeroShotExpert = defineNode({
  type: 'ZeroShotExpert',
  label: 'Zero-shot expert',
  category: 'experts/zero-shot',
  version: 1,
  doc:
    'Names any class, seen or unseen, from its description. It maps the example into attribute space, ' +
    'z = x W + b, learning by regression to the attribute vector of the example\'s class (seen classes only), and ' +
    'scores every class c by closeness: score_c = −κ · ||z − a_c||². Because it scores descriptions rather than ' +
    'class ids it can pick a class it has never seen. Used alone over all classes it leans towards the seen classes ' +
    'it was fitted on, whose quirks it has partly learned: that bias is what a domain gate corrects.',
  cite: COSMO_CITE,
  inputs: {
    x: port('data', ['B', 'F'], { doc: 'Example features.' }),
    attributes: port('condition', ['B', 'C', 'A'], { doc: 'The class attribute table (the same on every row).' }),
  },
  outputs: { scores: port('data', ['B', 'C'], { doc: 'Closeness score of every class, seen first.' }) },
  params: {
    seen: seenParam(),
    sharpness: num({ default: 2, min: 0.01, max: 100, step: 0.1, doc: 'κ: how steeply the score falls with distance in attribute space.' }),
    weight: num({ default: 1, min: 0, max: 10, step: 0.1, doc: "Weight of the expert's own regression loss in the total loss (0: the expert does not train)." }),
  },
  keyParams: ['seen'],
  infer: ({ x, attributes: a }, p, ctx) => {
    const labels = needsClassPerExample('ZeroShotExpert', ctx.dataset);
    if (labels) return labels;
    if (!x || !a) return { scores: { shape: ['B', a ? (a.shape[1] as number) : 1], dtype: 'float32' } };
    if (x.shape.length !== 2) return fail(`ZeroShotExpert expects features [B, F]; it gets ${formatShape(x.shape)}`, 'x');
    if (a.shape.length !== 3) return fail(`ZeroShotExpert expects the attribute table [B, C, A]; it gets ${formatShape(a.shape)} (read the dataset field "attributes")`, 'attributes');
    if (p.seen >= (a.shape[1] as number)) return fail(`seen is ${p.seen} but the attribute table has only ${a.shape[1]} classes`, 'attributes');
    return { scores: { shape: ['B', a.shape[1]!], dtype: 'float32' } };
  },
  build: ({ inputs, v }) => {
    const A = inputs.attributes!.shape[2] as number;
    return {
      kernel: v.make('kernel', [inputs.x!.shape[1] as number, A], { kind: 'glorot' }),
      bias: v.make('bias', [A], { kind: 'zeros' }),
    };
  },
  apply: ({ x, attributes }, w, { params: p, target, targetMask, addLoss }) => {
    const z = linear(x, w.kernel!, w.bias);                                // (B, A): the example in attribute space
    const d2 = tf.sum(tf.square(tf.sub(tf.expandDims(z, 1), attributes)), 2); // (B, C): ||z − a_c||²
    const scores = tf.mul(-p.sharpness, d2);
    if (target && p.weight > 0) {
      const C = attributes.shape[1]!;
      const t = tf.cast(target, 'int32');
      const own = tf.sum(tf.mul(tf.expandDims(tf.oneHot(t, C), 2), attributes), 1); // (B, A): a_y
      let rows = tf.step(tf.sub(p.seen - 0.5, tf.cast(t, 'float32')));  // only seen-class rows teach it
      if (targetMask) rows = tf.mul(rows, targetMask);
      const se = tf.mean(tf.square(tf.sub(z, own)), 1);
      addLoss('mse', tf.mul(p.weight, tf.div(tf.sum(tf.mul(se, rows)), tf.maximum(tf.sum(rows), 1))));
    }
    return { scores };
  },
  torch: {
    source: () => import('./gzsl-experts.py?raw'),
    className: 'ZeroShotExpert',
    helpers: ['gzsl'],
    context: true,
    args: ({ params: p, inputs }) => ({ in_features: lastOf(inputs.x), attributes: lastOf(inputs.attributes), seen: p.seen, sharpness: p.sharpness, weight: p.weight }),
  },
  onnx: {
    write: ({ inputs: { x, attributes }, w, params: p, g }) => {
      const away = g.op('Sub', [g.op('Unsqueeze', [onnx.linear(g, x, w.kernel!, w.bias), g.int64s([1])]), attributes]); // (B, C, A): z − a_c
      return { scores: g.op('Mul', [g.op('ReduceSum', [g.op('Mul', [away, away]), g.int64s([2])], { keepdims: { i: 0 } }), g.scalar(-p.sharpness)]) };
    },
  },
  flops: ({ x, attributes: a }) => {
    const F = (x?.shape[1] as number) || 1, C = (a?.shape[1] as number) || 1, A = (a?.shape[2] as number) || 1;
    return 2 * F * A + 3 * C * A;
  },
  auxLosses: { mse: "The expert's regression loss: squared distance from z to the attribute vector of the example's (seen) class." },
});
