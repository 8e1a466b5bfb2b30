/**
 * Small tensor helpers the node files share. Functional ops only: tfjs-core
 * alone does not register the chained methods.
 */
import * as tf from '@tensorflow/tfjs-core';

type Tensor = tf.Tensor;

/** x @ kernel (+ bias) on the last axis, for any leading shape. */
export function linear(x: Tensor, kernel: Tensor, bias?: Tensor): Tensor {
  const inDim = x.shape[x.shape.length - 1]!;
  const outDim = kernel.shape[1]!;
  const flat = x.rank === 2 ? (x as tf.Tensor2D) : tf.reshape(x, [-1, inDim]) as tf.Tensor2D;
  let y: Tensor = tf.matMul(flat, kernel as tf.Tensor2D);
  if (bias) y = tf.add(y, bias);
  return x.rank === 2 ? y : tf.reshape(y, [...x.shape.slice(0, -1), outDim]);
}

/** The most inputs one tf.addN gets: WebGPU binds each to the shader, and 8 buffers per shader is a common limit. */
const ADDN_INPUTS = 7;

/** The sum of same-shape tensors: tf.addN over groups of at most 7, then over the groups' sums. */
export function sumOf(ts: readonly Tensor[]): Tensor {
  let level = [...ts];
  while (level.length > 1) {
    const next: Tensor[] = [];
    for (let i = 0; i < level.length; i += ADDN_INPUTS) {
      const group = level.slice(i, i + ADDN_INPUTS);
      next.push(group.length === 1 ? group[0]! : tf.addN(group));
    }
    level = next;
  }
  return level[0]!;
}

/** Identity forward, zero gradient: tfjs has no stopGradient. */
export const stopGradient = tf.customGrad(((x: Tensor) => ({
  value: tf.add(x, 0),
  gradFunc: (dy: Tensor) => tf.zerosLike(dy),
})) as never) as (x: Tensor) => Tensor;

/** 1 where a > threshold, else 0; no gradient (tf.greater has none on the tape). */
export function stepAbove(a: Tensor, threshold: number | Tensor): Tensor {
  return tf.step(tf.sub(a, threshold));
}

/**
 * Cross-entropy of logits [..., C] against int labels [...], weighted by mask [...]
 * (1 where the loss counts). Mean over counted positions.
 */
export function softmaxCrossEntropy(logits: Tensor, labels: Tensor, mask?: Tensor): Tensor {
  const C = logits.shape[logits.shape.length - 1]!;
  const logp = tf.logSoftmax(logits);
  const onehot = tf.oneHot(tf.cast(labels, 'int32'), C);
  const nll = tf.neg(tf.sum(tf.mul(onehot, logp), -1));
  return maskedMean(nll, mask);
}

export function meanSquaredError(pred: Tensor, target: Tensor, mask?: Tensor): Tensor {
  const se = tf.mean(tf.square(tf.sub(pred, target)), -1);
  return maskedMean(se, mask);
}

/** A weight below this counts as exactly 0 in the mixture's log (an expert the top-K left out). */
const MIN_WEIGHT = 1e-30;

/**
 * Negative log-likelihood of y under a mixture of Gaussians, one per expert:
 * −log Σ_i w_i N(y | μ_i, σ_i²), computed with log-sum-exp. `mixture` [N, E, 3]
 * holds (w_i, μ_i, σ_i) per expert; `target` [N, 1].
 */
export function mixtureNll(mixture: Tensor, target: Tensor, mask?: Tensor): Tensor {
  const [w, mu, sigma] = tf.unstack(mixture, -1);                               // each (N, E)
  const z = tf.div(tf.sub(target, mu!), sigma!);
  const logN = tf.sub(tf.neg(tf.add(tf.log(sigma!), 0.5 * Math.log(2 * Math.PI))), tf.mul(0.5, tf.square(z)));
  const nll = tf.neg(tf.logSumExp(tf.add(tf.log(tf.maximum(w!, MIN_WEIGHT)), logN), -1));
  return maskedMean(nll, mask);
}

/** The mixture's mean prediction Σ_i w_i μ_i [N, 1] from `mixture` [N, E, 3]: what a fitted curve draws. */
export function mixtureMean(mixture: Tensor): Tensor {
  const [w, mu] = tf.unstack(mixture, -1);
  return tf.sum(tf.mul(w!, mu!), -1, true);
}

export function maskedMean(x: Tensor, mask?: Tensor): Tensor {
  if (!mask) return tf.mean(x);
  return tf.div(tf.sum(tf.mul(x, mask)), tf.maximum(tf.sum(mask), 1));
}

/** Share of counted positions where argmax(logits) equals the label. */
export function accuracy(logits: Tensor, labels: Tensor, mask?: Tensor): Tensor {
  const hit = tf.cast(tf.equal(tf.argMax(logits, -1), tf.cast(labels, 'int32')), 'float32');
  return maskedMean(hit, mask);
}

/** Splits the last axis into heads: [B, T, H*Dh] -> [B, H, T, Dh]. */
export function splitHeads(x: Tensor, heads: number): Tensor {
  const [B, T, D] = x.shape as [number, number, number];
  return tf.transpose(tf.reshape(x, [B, T, heads, D / heads]), [0, 2, 1, 3]);
}

/** [B, H, T, Dh] -> [B, T, H*Dh]. */
export function mergeHeads(x: Tensor): Tensor {
  const [B, H, T, Dh] = x.shape as [number, number, number, number];
  return tf.reshape(tf.transpose(x, [0, 2, 1, 3]), [B, T, H * Dh]);
}

/**
 * One-hot rows of int ids [...] over `depth` classes: [..., depth], zero where an id is out of
 * range, as tf.oneHot, but for any depth from 1 (tf.oneHot throws below 2: one task, one group).
 */
export function oneHotAny(ids: Tensor, depth: number): Tensor {
  return tf.cast(tf.equal(tf.expandDims(tf.cast(ids, 'int32'), -1), tf.range(0, depth, 1, 'int32')), 'float32');
}
