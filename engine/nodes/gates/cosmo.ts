/**
 * COSMO (Atzmon & Chechik, 2019): a confidence-based domain
 * gate decides whether an example comes from a seen or an unseen class, and an
 * adaptive-smoothing combiner mixes a seen-class expert with a zero-shot expert
 * accordingly. Equations follow yuvalatzmon/COSMO src/gating.py
 * (ConfidenceBasedGater) and src/GZSL_mixture.py (adaptive_smoothing).
 */
import * as tf from '@tensorflow/tfjs-core';
import { defineNode } from '../../registry/defineNode';
import { bool, choice, int, num } from '../../registry/params';
import { port, formatShape } from '../../registry/ports';
import { fail, lastDim, needsClassPerExample } from '../../shapes/dims';
import { linear, stepAbove, stopGradient } from '../../compile/ops';
import { COSMO_CITE, NEG, topSorted, trackQuantile } from './gzsl-experts';
import { lastOf } from '../../registry/torch';
import * as onnx from '../../serialize/onnx/ops';

type Tensor = tf.Tensor;

/** Confidence features: the top-k seen probabilities at temperature T, then the top-k zero-shot probabilities over the candidate unseen classes. */
function features(seenLogits: Tensor, zsProbs: Tensor, T: number, kS: number, kU: number): Tensor {
  const pS = tf.softmax(tf.div(seenLogits, T));
  return tf.concat([topSorted(pS, kS), topSorted(zsProbs, kU)], 1);
}

/**
 * How many sorted probabilities each side contributes: k, capped so that the
 * gate's training (S − h seen classes left, h held-out candidates) and its use
 * (S seen, U unseen) give features of the same length.
 */
function widths(S: number, U: number, k: number, h: number): [number, number] {
  return [Math.max(1, Math.min(k, S - h)), Math.min(k, h, U)];
}

/** The seen classes that play "unseen" at a training step: h consecutive classes, moving on by h each step so every seen class takes its turn. */
export function heldOutClasses(S: number, h: number, step: number): number[] {
  return Array.from({ length: h }, (_, j) => (step * h + j) % S);
}

/**
 * COSMO's training signal for the gate, from seen classes only. The held-out
 * classes are removed from the seen expert's softmax and are the zero-shot
 * expert's only "unseen" candidates (its softmax runs over the seen classes, so
 * the true unseen classes never enter). Examples of a held-out class are
 * labelled unseen, the others seen; rows labelled with a true unseen class count
 * for nothing. Returns the mean logistic loss of p(seen).
 */
function heldOutLoss(sLogits: Tensor, zLogits: Tensor, target: Tensor, kernel: Tensor, bias: Tensor, held: number[], T: number, kS: number, kU: number): Tensor {
  const S = sLogits.shape[1]!;
  const pick = tf.cast(tf.transpose(tf.oneHot(tf.tensor1d(held, 'int32'), S)), 'float32'); // (S, h): column j selects held-out class j
  const heldMask = tf.sum(pick, 1);                                      // (S): 1 on the held-out classes
  const own = tf.cast(tf.slice(tf.oneHot(tf.cast(target, 'int32'), zLogits.shape[1]!), [0, 0], [-1, S]), 'float32'); // (B, S): zero rows for unseen labels
  const counts = tf.sum(own, 1);                                         // (B): 1 on seen-class rows
  const isHeld = tf.sum(tf.mul(own, heldMask), 1);                       // (B): 1 where the class plays unseen
  const restricted = tf.add(sLogits, tf.mul(heldMask, NEG));             // the seen expert without the held-out classes
  const pZ = tf.softmax(tf.slice(zLogits, [0, 0], [-1, S]));             // the zero-shot expert over the seen classes only
  const candidates = tf.matMul(pZ, pick);                                // (B, h); a product, as gather's gradient has no wasm kernel
  const z = tf.reshape(linear(features(restricted, candidates, T, kS, kU), kernel, bias), [-1]);
  // BCE with "seen" = 1: softplus(−z) for seen rows, softplus(z) for held-out rows.
  const rows = tf.add(tf.mul(isHeld, tf.softplus(z)), tf.mul(tf.sub(counts, isHeld), tf.softplus(tf.neg(z))));
  return tf.div(tf.sum(rows), tf.maximum(tf.sum(counts), 1));
}

export const ConfidenceGate = defineNode({
  type: 'ConfidenceGate',
  label: 'Confidence gate (COSMO)',
  category: 'routers/domain',
  version: 1,
  doc:
    'Guesses whether an example belongs to a class the model has seen, from how confident the two experts are. ' +
    'Its inputs are sorted probabilities only (the seen expert\'s five largest at temperature 3, the zero-shot ' +
    'expert\'s largest on unseen classes), so it does not care which class is which, only how peaked the answers ' +
    'are. A logistic regression turns them into p(seen); the gate outputs p(unseen) = σ((θ − p(seen)) / T_c). ' +
    'As in COSMO, it learns only from seen classes: at each training step a few seen classes play "unseen". ' +
    'They are removed from the seen expert\'s answer and are the only unseen candidates the zero-shot expert is ' +
    'asked about, and their examples are labelled unseen. The true unseen classes never enter its training. ' +
    'Unlike the paper, the experts themselves were trained on the held-out classes too (the paper trains a second ' +
    'pair without them); and, with no unseen validation data, θ is fitted so that 95% of the training examples ' +
    'count as seen. The features are detached, so the gate never changes the experts.',
  cite: COSMO_CITE,
  inputs: {
    seen: port('data', ['B', 'S'], { doc: "The seen expert's logits." }),
    zeroShot: port('data', ['B', 'C'], { doc: "The zero-shot expert's scores over all classes, seen first." }),
  },
  outputs: { unseen: port('gate', ['B', '1'], { doc: 'p(unseen) for each example.' }) },
  params: {
    topK: int({ default: 5, min: 1, max: 20, doc: 'How many sorted probabilities each expert contributes to the features.' }),
    heldOut: int({ default: 2, min: 1, max: 20, doc: 'How many seen classes play "unseen" at each training step of the gate (they take turns); fewer than the seen classes.' }),
    temperature: num({ default: 3, min: 0.1, max: 20, step: 0.1, doc: "Temperature T applied to the seen expert's logits before its probabilities are sorted." }),
    calibrate: choice({ default: 'coverage', options: ['coverage', 'fixed'], doc: 'coverage: θ is fitted during training so that the chosen share of training (seen) examples has p(seen) above it; fixed: θ is the number below.' }),
    coverage: num({ default: 0.95, min: 0.5, max: 1, step: 0.01, doc: 'With calibrate = coverage: share of seen training examples the gate should call seen.' }),
    threshold: num({ default: 0.5, min: 0, max: 1, step: 0.01, doc: 'θ with calibrate = fixed: below this p(seen) the gate leans to "unseen". COSMO sweeps it on validation data.' }),
    smoothing: num({ default: 0.1, min: 0.01, max: 3, step: 0.01, doc: 'T_c: how soft the gate is around θ (COSMO searches 0.1 to 3).' }),
    hard: bool({ default: false, doc: 'Output a hard 0/1 decision (p(unseen) > 0.5) instead of the soft probability.' }),
    weight: num({ default: 1, min: 0, max: 10, step: 0.1, doc: "Weight of the gate's logistic-regression loss." }),
  },
  keyParams: ['coverage', 'smoothing'],
  infer: ({ seen, zeroShot }, p, ctx) => {
    const labels = needsClassPerExample('ConfidenceGate', ctx.dataset);
    if (labels) return labels;
    if (!seen || !zeroShot) return { unseen: { shape: ['B', 1], dtype: 'float32' } };
    if (seen.shape.length !== 2 || zeroShot.shape.length !== 2) return fail(`ConfidenceGate expects [B, S] and [B, C]; it gets ${formatShape(seen.shape)} and ${formatShape(zeroShot.shape)}`);
    if ((lastDim(zeroShot) as number) <= (lastDim(seen) as number)) return fail(`the zero-shot scores (${lastDim(zeroShot)} classes) must cover more classes than the seen expert (${lastDim(seen)})`, 'zeroShot');
    if (p.heldOut >= (lastDim(seen) as number)) return fail(`heldOut is ${p.heldOut}, but the seen expert has only ${lastDim(seen)} classes: at least one must stay seen while the others play unseen`);
    return { unseen: { shape: ['B', 1], dtype: 'float32' } };
  },
  build: ({ params: p, inputs, v }) => {
    const S = lastDim(inputs.seen!) as number, C = lastDim(inputs.zeroShot!) as number;
    const [kS, kU] = widths(S, C - S, p.topK, p.heldOut);
    const theta = v.make('theta', [], { kind: 'constant', value: p.threshold });
    theta.trainable = false; // fitted from the training examples, not by the optimiser
    return { kernel: v.make('kernel', [kS + kU, 1], { kind: 'glorot' }), bias: v.make('bias', [1], { kind: 'zeros' }), theta };
  },
  apply: ({ seen, zeroShot }, w, { params: p, target, training, step, probe, addLoss }) => {
    const S = seen.shape[1]!, C = zeroShot.shape[1]!;
    const [kS, kU] = widths(S, C - S, p.topK, p.heldOut);
    const sLogits = stopGradient(seen);
    const zLogits = stopGradient(zeroShot);
    const pZ = tf.softmax(zLogits);                                       // (B, C): the zero-shot expert over all classes
    const pZU = tf.slice(pZ, [0, S], [-1, C - S]);                        // (B, U): its mass on each unseen class
    const logitIn = linear(features(sLogits, pZU, p.temperature, kS, kU), w.kernel!, w.bias); // (B, 1): logit of p(seen)
    const pSeen = tf.sigmoid(logitIn);
    if (training && target && p.calibrate === 'coverage') trackQuantile(w.theta!, pSeen, 1 - p.coverage, 0.9, step === 0);
    const theta = p.calibrate === 'coverage' ? w.theta! : tf.scalar(p.threshold);
    let unseen = tf.sigmoid(tf.div(tf.sub(theta, pSeen), p.smoothing));
    if (p.hard) unseen = stepAbove(unseen, 0.5);
    if (target && p.weight > 0) {
      const held = heldOutClasses(S, p.heldOut, step);
      addLoss('bce', tf.mul(p.weight, heldOutLoss(sLogits, zLogits, target, w.kernel!, w.bias!, held, p.temperature, kS, kU)));
    }
    probe.record('threshold', theta);
    probe.record('gate', unseen);
    return { unseen };
  },
  torch: {
    source: () => import('./cosmo.py?raw'),
    className: 'ConfidenceGate',
    helpers: ['gzsl'],
    context: true,
    args: ({ params: p, inputs }) => ({
      seen: lastOf(inputs.seen), classes: lastOf(inputs.zeroShot), top_k: p.topK, held_out: p.heldOut, temperature: p.temperature,
      calibrate: p.calibrate, coverage: p.coverage, threshold: p.threshold,
      smoothing: p.smoothing, hard: p.hard, weight: p.weight,
    }),
  },
  onnx: {
    write: ({ inputs: { seen, zeroShot }, w, params: p, shapes, g }) => {
      const S = shapes.inputs.seen!.shape[1] as number, C = shapes.inputs.zeroShot!.shape[1] as number;
      const [kS, kU] = widths(S, C - S, p.topK, p.heldOut);
      const top = (probs: string, k: number) => g.ops('TopK', [probs, g.int64s([k])], { axis: { i: -1 }, largest: { i: 1 }, sorted: { i: 1 } }, 2)[0]!; // sorted, largest first
      const pZU = g.op('Slice', [g.op('Softmax', [zeroShot], { axis: { i: -1 } }), g.int64s([S]), g.int64s([C]), g.int64s([1])]);
      const pS = g.op('Softmax', [g.op('Div', [seen, g.scalar(p.temperature)])], { axis: { i: -1 } });
      const pSeen = onnx.sigmoid(g, onnx.linear(g, g.op('Concat', [top(pS, kS), top(pZU, kU)], { axis: { i: 1 } }), w.kernel!, w.bias));
      const theta = p.calibrate === 'coverage' ? w.theta! : g.scalar(p.threshold);
      const unseen = onnx.sigmoid(g, g.op('Div', [g.op('Sub', [theta, pSeen]), g.scalar(p.smoothing)]));
      return { unseen: p.hard ? onnx.stepAbove0(g, g.op('Sub', [unseen, g.scalar(0.5)])) : unseen };
    },
  },
  flops: ({ seen, zeroShot }, p) => {
    const S = (seen ? lastDim(seen) : 1) as number, C = (zeroShot ? lastDim(zeroShot) : 2) as number;
    const [kS, kU] = widths(S, C - S, p.topK, p.heldOut);
    return 2 * (S * S + (C - S) * (C - S)) + 2 * (kS + kU);
  },
  stats: {
    gate: { kind: 'gate', label: 'p(unseen)', doc: 'p(unseen): near 1 where the gate thinks the example is of an unseen class.' },
    threshold: { kind: 'scalar', label: 'Threshold θ', doc: 'θ, the p(seen) below which the gate leans to "unseen" (fitted to the coverage, or fixed).' },
  },
  auxLosses: { bce: 'Logistic-regression loss of p(seen) on seen classes only: examples of the classes held out at this step count as unseen, the rest as seen.' },
});

export const COMBINE_MODES = ['adaptive', 'vanilla', 'ungated'] as const;

export const AdaptiveSmoothingCombiner = defineNode({
  type: 'AdaptiveSmoothingCombiner',
  label: 'Adaptive smoothing combiner (COSMO)',
  category: 'routers/domain',
  version: 1,
  doc:
    'Mixes the two experts by the gate\'s belief p_U that the example is of an unseen class: ' +
    'P(y|x) = p_U · P(y|unseen, x) + (1 − p_U) · P(y|seen, x). COSMO\'s twist (adaptive smoothing) flattens each ' +
    'expert towards uniform in proportion to the gate\'s doubt about it: P(y|unseen, x) = P_ZS(y|x) + (1 − p_U)/|U| ' +
    'and P(y|seen, x) = P_S(y|x) + p_U/|S|, so an expert the gate distrusts cannot win with a confident mistake. ' +
    '"vanilla" is the plain total probability without smoothing; "ungated" ignores the gate and lets the zero-shot ' +
    'expert pick among all classes, the usual single-classifier baseline. The combiner has no weights and passes ' +
    'no gradient back: its output is log P(y|x), which the Output node scores.',
  cite: COSMO_CITE,
  inputs: {
    seen: port('data', ['B', 'S'], { doc: "The seen expert's logits." }),
    zeroShot: port('data', ['B', 'C'], { doc: "The zero-shot expert's scores over all classes, seen first." }),
    unseen: port('gate', ['B', '1'], { doc: "The gate's p(unseen)." }),
  },
  outputs: { out: port('data', ['B', 'C'], { doc: 'log P(y|x) over all classes.' }) },
  params: {
    mode: choice({ default: 'adaptive', options: COMBINE_MODES, doc: 'adaptive: COSMO smoothing; vanilla: total probability without smoothing; ungated: the zero-shot expert alone over all classes.' }),
  },
  keyParams: ['mode'],
  infer: ({ seen, zeroShot, unseen }) => {
    if (!seen || !zeroShot) return { out: { shape: ['B', zeroShot ? lastDim(zeroShot) : 1], dtype: 'float32' } };
    if ((lastDim(zeroShot) as number) <= (lastDim(seen) as number)) return fail(`the zero-shot scores (${lastDim(zeroShot)} classes) must cover more classes than the seen expert (${lastDim(seen)})`, 'zeroShot');
    if (unseen && (unseen.shape.length !== 2 || unseen.shape[1] !== 1)) return fail(`the gate input must be [B, 1]; it gets ${formatShape(unseen.shape)}`, 'unseen');
    return { out: { shape: ['B', lastDim(zeroShot)], dtype: 'float32' } };
  },
  apply: ({ seen, zeroShot, unseen }, _w, { params: p }) => {
    const S = seen.shape[1]!, C = zeroShot.shape[1]!, U = C - S;
    const zs = stopGradient(zeroShot);
    if (p.mode === 'ungated') return { out: tf.logSoftmax(zs) };
    const g = stopGradient(unseen);                                       // (B, 1)
    const pS = tf.softmax(stopGradient(seen));                            // (B, S)
    const pZU = tf.softmax(tf.slice(zs, [0, S], [-1, U]));                // (B, U): the zero-shot expert among unseen classes
    let onSeen: Tensor, onUnseen: Tensor;
    if (p.mode === 'adaptive') {
      onUnseen = tf.mul(g, tf.add(pZU, tf.div(tf.sub(1, g), U)));
      onSeen = tf.mul(tf.sub(1, g), tf.add(pS, tf.div(g, S)));
    } else {
      onUnseen = tf.mul(g, pZU);
      onSeen = tf.mul(tf.sub(1, g), pS);
    }
    return { out: tf.log(tf.add(tf.concat([onSeen, onUnseen], 1), 1e-12)) };
  },
  torch: {
    source: () => import('./cosmo.py?raw'),
    className: 'AdaptiveSmoothingCombiner',
    args: ({ params: p }) => ({ mode: p.mode }),
  },
  onnx: {
    write: ({ inputs: { seen, zeroShot, unseen }, params: p, shapes, g }) => {
      const S = shapes.inputs.seen!.shape[1] as number, C = shapes.inputs.zeroShot!.shape[1] as number, U = C - S;
      if (p.mode === 'ungated') return { out: g.op('LogSoftmax', [zeroShot], { axis: { i: -1 } }) };
      const pS = g.op('Softmax', [seen], { axis: { i: -1 } });
      const pZU = g.op('Softmax', [g.op('Slice', [zeroShot, g.int64s([S]), g.int64s([C]), g.int64s([1])])], { axis: { i: -1 } });
      const rest = g.op('Sub', [g.scalar(1), unseen]);
      const onUnseen = p.mode === 'adaptive' ? g.op('Mul', [unseen, g.op('Add', [pZU, g.op('Div', [rest, g.scalar(U)])])]) : g.op('Mul', [unseen, pZU]);
      const onSeen = p.mode === 'adaptive' ? g.op('Mul', [rest, g.op('Add', [pS, g.op('Div', [unseen, g.scalar(S)])])]) : g.op('Mul', [rest, pS]);
      return { out: g.op('Log', [g.op('Add', [g.op('Concat', [onSeen, onUnseen], { axis: { i: 1 } }), g.scalar(1e-12)])]) };
    },
  },
  flops: ({ zeroShot }) => 8 * ((zeroShot ? lastDim(zeroShot) : 1) as number),
});
