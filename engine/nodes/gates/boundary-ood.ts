/**
 * A boundary-based out-of-distribution classifier for generalized zero-shot
 * learning (Chen et al., 2020). Examples and class attribute
 * vectors are embedded on one unit sphere; each seen class has an anchor there,
 * and an example whose best cosine to a seen anchor falls below a boundary τ is
 * sent to the unseen expert. τ is fitted so that 95% of the seen training
 * examples fall inside (`search_thres_by_traindata` in the authors' code).
 *
 * Simplified [ours]: the paper's encoders are hyperspherical VAEs (von
 * Mises–Fisher latents, which need Bessel functions tfjs lacks) trained with
 * cross-reconstruction and a Sinkhorn term; here the latent is normalize(μ + ε)
 * during training and μ at test, and the two encoders are aligned by the
 * cosine classifier's cross-entropy alone.
 */
import * as tf from '@tensorflow/tfjs-core';
import { defineNode, type VarMaker } from '../../registry/defineNode';
import { choice, int, num } from '../../registry/params';
import { port, formatShape } from '../../registry/ports';
import { fail, lastDim, needsClassPerExample } from '../../shapes/dims';
import { linear, stepAbove, stopGradient } from '../../compile/ops';
import { seenCrossEntropy, seenParam, trackQuantile } from './gzsl-experts';
import { lastOf } from '../../registry/torch';
import * as onnx from '../../serialize/onnx/ops';
import type { OnnxGraph } from '../../serialize/onnx/graph';

type Tensor = tf.Tensor;

export const BOUNDARY_CITE = 'Chen, Lan, Sun & Zheng, 2020, "A Boundary Based Out-of-Distribution Classifier for Generalized Zero-Shot Learning" (arXiv:2008.04872)';

/** Rows scaled to unit length on the last axis. */
function unit(x: Tensor): Tensor {
  return tf.div(x, tf.add(tf.norm(x, 'euclidean', -1, true), 1e-8));
}

const hiddenParam = (d: number) => int({ default: d, min: 0, max: 512, doc: 'Width of the hidden ReLU layer; 0 maps straight to the latent.' });
const latentParam = () => int({ default: 8, min: 2, max: 256, doc: 'Dimension of the latent sphere.' });

/** One or two layers: x → (ReLU hidden) → latent mean, no normalisation yet. */
function mlp(x: Tensor, w: Record<string, tf.Variable>): Tensor {
  return w.w2 ? linear(tf.relu(linear(x, w.w1!, w.b1)), w.w2, w.b2) : linear(x, w.w1!, w.b1);
}

function unitOnnx(g: OnnxGraph, x: string): string {
  return g.op('Div', [x, g.op('Add', [g.op('Sqrt', [onnx.sumLast(g, g.op('Mul', [x, x]))]), g.scalar(1e-8)])]);
}

function mlpOnnx(g: OnnxGraph, x: string, w: Record<string, string>): string {
  return w.w2 ? onnx.linear(g, g.op('Relu', [onnx.linear(g, x, w.w1!, w.b1)]), w.w2, w.b2) : onnx.linear(g, x, w.w1!, w.b1);
}

function makeMlp(v: VarMaker, inDim: number, hidden: number, latent: number): Record<string, tf.Variable> {
  if (hidden === 0) return { w1: v.make('w1', [inDim, latent], { kind: 'glorot' }), b1: v.make('b1', [latent], { kind: 'zeros' }) };
  return {
    w1: v.make('w1', [inDim, hidden], { kind: 'glorot' }), b1: v.make('b1', [hidden], { kind: 'zeros' }),
    w2: v.make('w2', [hidden, latent], { kind: 'glorot' }), b2: v.make('b2', [latent], { kind: 'zeros' }),
  };
}

const mlpFlops = (inDim: number, hidden: number, latent: number) => (hidden ? 2 * inDim * hidden + 2 * hidden * latent : 2 * inDim * latent);

export const SphericalEncoder = defineNode({
  type: 'SphericalEncoder',
  label: 'Spherical encoder',
  category: 'layers/zero-shot',
  version: 1,
  doc:
    'Maps an example onto the unit sphere: a small MLP gives a direction μ, and the output is μ / ||μ||, so only ' +
    'the angle between two points matters. While training, a little noise is added to μ first, so nearby angles ' +
    'mean the same thing (the paper samples a von Mises–Fisher distribution around μ; tfjs lacks the functions ' +
    'for that, so this is the simple stand-in). At test time the output is the clean direction.',
  cite: BOUNDARY_CITE,
  inputs: { x: port('data', ['B', 'F'], { doc: 'Example features.' }) },
  outputs: { z: port('data', ['B', 'L'], { doc: 'Unit vectors on the latent sphere.' }) },
  params: {
    hidden: hiddenParam(32),
    latent: latentParam(),
    noise: num({ default: 0.1, min: 0, max: 2, step: 0.01, doc: 'Standard deviation of the noise added to μ before normalising, in training only.' }),
  },
  keyParams: ['latent'],
  infer: ({ x }, p) => {
    if (x && (x.shape.length !== 2 || x.dtype !== 'float32')) return fail(`SphericalEncoder expects features [B, F]; it gets ${formatShape(x.shape)}`, 'x');
    return { z: { shape: ['B', p.latent], dtype: 'float32' } };
  },
  build: ({ params: p, inputs, v }) => makeMlp(v, lastDim(inputs.x!) as number, p.hidden, p.latent),
  apply: ({ x }, w, { params: p, training, rng }) => {
    let mu = mlp(x, w);                                                   // (B, L)
    if (training && p.noise > 0) mu = tf.add(mu, tf.randomNormal(mu.shape, 0, p.noise, 'float32', rng.int(2 ** 31)));
    return { z: unit(mu) };
  },
  torch: {
    source: () => import('./boundary-ood.py?raw'),
    className: 'SphericalEncoder',
    helpers: ['gzsl'],
    stochastic: (p) => p.noise > 0,
    args: ({ params: p, inputs }) => ({ in_features: lastOf(inputs.x), hidden: p.hidden, latent: p.latent, noise: p.noise }),
  },
  onnx: { write: ({ inputs: { x }, w, g }) => ({ z: unitOnnx(g, mlpOnnx(g, x, w)) }) }, // the noise is for training only
  flops: ({ x }, p) => mlpFlops((x?.shape[1] as number) || 1, p.hidden, p.latent) + 3 * p.latent,
});

export const AttributeEncoder = defineNode({
  type: 'AttributeEncoder',
  label: 'Attribute encoder',
  category: 'layers/zero-shot',
  version: 1,
  doc:
    'Maps every class description (attribute vector) onto the same unit sphere as the examples: each class gets an ' +
    'anchor there. Seen and unseen classes go through the same map, so an unseen class gets a sensible anchor ' +
    'although no example of it was ever trained on.',
  cite: BOUNDARY_CITE,
  inputs: { attributes: port('condition', ['B', 'C', 'A'], { doc: 'The class attribute table (the same on every row).' }) },
  outputs: { anchors: port('data', ['B', 'C', 'L'], { doc: 'One unit vector per class.' }) },
  params: { hidden: hiddenParam(0), latent: latentParam() },
  keyParams: ['latent'],
  infer: ({ attributes: a }, p) => {
    if (!a) return { anchors: { shape: ['B', 1, p.latent], dtype: 'float32' } };
    if (a.shape.length !== 3) return fail(`AttributeEncoder expects the attribute table [B, C, A]; it gets ${formatShape(a.shape)} (read the dataset field "attributes")`, 'attributes');
    return { anchors: { shape: ['B', a.shape[1]!, p.latent], dtype: 'float32' } };
  },
  build: ({ params: p, inputs, v }) => makeMlp(v, lastDim(inputs.attributes!) as number, p.hidden, p.latent),
  apply: ({ attributes }, w) => ({ anchors: unit(mlp(attributes, w)) }),
  torch: {
    source: () => import('./boundary-ood.py?raw'),
    className: 'AttributeEncoder',
    helpers: ['gzsl'],
    args: ({ params: p, inputs }) => ({ attributes: lastOf(inputs.attributes), hidden: p.hidden, latent: p.latent }),
  },
  onnx: { write: ({ inputs: { attributes }, w, g }) => ({ anchors: unitOnnx(g, mlpOnnx(g, attributes, w)) }) },
  flops: ({ attributes: a }, p) => ((a?.shape[1] as number) || 1) * (mlpFlops((a?.shape[2] as number) || 1, p.hidden, p.latent) + 3 * p.latent),
});

export const BOUNDARY_MODES = ['boundary', 'ungated'] as const;

export const BoundaryGate = defineNode({
  type: 'BoundaryGate',
  label: 'Boundary gate (seen vs unseen)',
  category: 'routers/domain',
  version: 1,
  doc:
    'Draws a boundary around the seen classes on the latent sphere. Its score for an example is the cosine to the ' +
    'nearest seen-class anchor, s(x) = max_k cos(z, c_k). The boundary τ is fitted while training so that 95% of ' +
    'the seen training examples fall inside; an example with s ≥ τ goes to the seen expert (a cosine softmax over ' +
    'the seen anchors), one outside to the unseen expert (a cosine softmax over the unseen anchors). The seen ' +
    'expert\'s cross-entropy is what trains both encoders. "ungated" drops the boundary and lets one cosine ' +
    'classifier pick among all classes, which favours the seen ones. Output: log P(y|x) for all classes.',
  cite: BOUNDARY_CITE,
  inputs: {
    z: port('data', ['B', 'L'], { doc: 'The example on the latent sphere.' }),
    anchors: port('data', ['B', 'C', 'L'], { doc: 'Class anchors on the same sphere, seen classes first.' }),
  },
  outputs: { out: port('data', ['B', 'C'], { doc: 'log P(y|x) over all classes.' }) },
  params: {
    seen: seenParam(),
    mode: choice({ default: 'boundary', options: BOUNDARY_MODES, doc: 'boundary: route each example by s ≥ τ; ungated: one classifier over all classes.' }),
    coverage: num({ default: 0.95, min: 0.5, max: 1, step: 0.01, doc: 'Share of seen training examples the boundary keeps inside (τ is their (1 − coverage) quantile).' }),
    scale: num({ default: 10, min: 1, max: 100, step: 1, doc: 'κ: cosines are multiplied by it before each softmax (a sharper classifier).' }),
    softness: num({ default: 0.01, min: 0.001, max: 1, step: 0.001, doc: 'Width of the gate around τ: p(unseen) = σ((τ − s)/softness). Towards 0 it is the paper\'s hard gate.' }),
    weight: num({ default: 1, min: 0, max: 10, step: 0.1, doc: "Weight of the seen expert's cross-entropy, one of the two losses that train the encoders." }),
    align: num({ default: 1, min: 0, max: 10, step: 0.1, doc: 'Weight of the alignment loss 1 − cos(z, c_y) that pulls each seen example onto its class anchor, so the seen classes form tight caps on the sphere.' }),
  },
  keyParams: ['mode', 'coverage'],
  infer: ({ z, anchors: a }, p, ctx) => {
    const labels = needsClassPerExample('BoundaryGate', ctx.dataset);
    if (labels) return labels;
    if (!z || !a) return { out: { shape: ['B', a ? (a.shape[1] as number) : 1], dtype: 'float32' } };
    if (z.shape.length !== 2 || a.shape.length !== 3 || lastDim(z) !== lastDim(a)) return fail(`BoundaryGate expects z [B, L] and anchors [B, C, L] with the same L; it gets ${formatShape(z.shape)} and ${formatShape(a.shape)}`, 'anchors');
    if (p.seen >= (a.shape[1] as number)) return fail(`seen is ${p.seen} but there are only ${a.shape[1]} class anchors`, 'anchors');
    return { out: { shape: ['B', a.shape[1]!], dtype: 'float32' } };
  },
  build: ({ v }) => {
    const tau = v.make('tau', [], { kind: 'constant', value: 0 });
    tau.trainable = false; // fitted from the training examples, not by the optimiser
    return { tau };
  },
  apply: ({ z, anchors }, w, { params: p, training, step, target, targetMask, probe, addLoss }) => {
    const C = anchors.shape[1]!, S = p.seen;
    const cos = tf.squeeze(tf.matMul(anchors, tf.expandDims(z, 2)), [2]); // (B, C)
    const cosS = tf.slice(cos, [0, 0], [-1, S]);
    if (target && p.weight > 0) addLoss('ce', tf.mul(p.weight, seenCrossEntropy(tf.mul(p.scale, cosS), target, S, targetMask)));
    if (target && p.align > 0) {
      // Pull each seen example onto its own class anchor: 1 − cos(z, c_y), the stand-in for the paper's latent alignment.
      const own = tf.oneHot(tf.cast(target, 'int32'), C);
      let rows = tf.step(tf.sub(S - 0.5, tf.cast(target, 'float32')));
      if (targetMask) rows = tf.mul(rows, targetMask);
      const gap = tf.sub(1, tf.sum(tf.mul(cos, own), 1));
      addLoss('align', tf.mul(p.align, tf.div(tf.sum(tf.mul(gap, rows)), tf.maximum(tf.sum(rows), 1))));
    }
    const score = tf.max(stopGradient(cosS), 1, true);                   // (B, 1): cosine to the nearest seen anchor
    if (training && target) trackQuantile(w.tau!, score, 1 - p.coverage, 0.9, step === 0);
    const logits = tf.mul(p.scale, stopGradient(cos));                   // the gate and its experts pass no gradient back
    const outside = tf.div(tf.sub(w.tau!, score), p.softness);           // (B, 1): > 0 outside the boundary
    probe.record('gate', tf.sigmoid(outside));
    probe.record('unseen', stepAbove(outside, 0));
    probe.record('threshold', w.tau!);
    probe.record('score', score);
    if (p.mode === 'ungated') return { out: tf.logSoftmax(logits) };
    // log σ(−u) = −softplus(u), log σ(u) = −softplus(−u): tf.logSigmoid's backward pass failed here on tfjs 4.22 (it read a freed tensor).
    const logSeen = tf.sub(tf.logSoftmax(tf.slice(logits, [0, 0], [-1, S])), tf.softplus(outside));
    const logUnseen = tf.sub(tf.logSoftmax(tf.slice(logits, [0, S], [-1, C - S])), tf.softplus(tf.neg(outside)));
    return { out: tf.concat([logSeen, logUnseen], 1) };                  // (B, C): log P(y|x)
  },
  torch: {
    source: () => import('./boundary-ood.py?raw'),
    className: 'BoundaryGate',
    helpers: ['gzsl'],
    context: true,
    args: ({ params: p }) => ({ seen: p.seen, mode: p.mode, coverage: p.coverage, scale: p.scale, softness: p.softness, weight: p.weight, align: p.align }),
  },
  onnx: {
    write: ({ inputs: { z, anchors }, w, params: p, shapes, g }) => {
      const C = shapes.inputs.anchors!.shape[1] as number, S = p.seen;
      const cos = g.op('Squeeze', [g.op('MatMul', [anchors, g.op('Unsqueeze', [z, g.int64s([2])])]), g.int64s([2])]); // (B, C)
      const columns = (v: string, from: number, to: number) => g.op('Slice', [v, g.int64s([from]), g.int64s([to]), g.int64s([1])]);
      const score = g.op('ReduceMax', [columns(cos, 0, S)], { axes: { ints: [1] }, keepdims: { i: 1 } }); // (B, 1)
      const logits = g.op('Mul', [cos, g.scalar(p.scale)]);
      if (p.mode === 'ungated') return { out: g.op('LogSoftmax', [logits], { axis: { i: -1 } }) };
      const outside = g.op('Div', [g.op('Sub', [w.tau!, score]), g.scalar(p.softness)]);          // (B, 1): > 0 outside the boundary
      const logSeen = g.op('Sub', [g.op('LogSoftmax', [columns(logits, 0, S)], { axis: { i: -1 } }), g.op('Softplus', [outside])]);
      const logUnseen = g.op('Sub', [g.op('LogSoftmax', [columns(logits, S, C)], { axis: { i: -1 } }), g.op('Softplus', [g.op('Neg', [outside])])]);
      return { out: g.op('Concat', [logSeen, logUnseen], { axis: { i: 1 } }) };
    },
  },
  flops: ({ anchors: a }) => {
    const C = (a?.shape[1] as number) || 1, L = (a?.shape[2] as number) || 1;
    return 2 * C * L + 6 * C;
  },
  stats: {
    gate: { kind: 'gate', label: 'p(unseen)', doc: 'p(unseen) = σ((τ − s)/softness): near 1 outside the boundary.' },
    unseen: { kind: 'rate', label: 'Sent to the unseen expert', doc: 'Share of examples sent to the unseen expert (s < τ).' },
    threshold: { kind: 'scalar', label: 'Boundary τ', doc: 'τ, the fitted boundary on the cosine to the nearest seen anchor.' },
    score: { kind: 'scalar', label: 'Similarity to the seen classes', doc: 'Mean of s(x), the cosine to the nearest seen anchor.' },
  },
  auxLosses: {
    ce: "The seen expert's cross-entropy (cosine softmax over the seen anchors).",
    align: 'Mean 1 − cos(z, c_y) over seen examples: pulls each example onto its own class anchor.',
  },
});
