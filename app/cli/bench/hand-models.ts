/**
 * The benchmark models written by hand in plain tfjs, reading the compiled
 * model's own variables: the engine's overhead is measured against these.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Model } from '../../../engine';

type Vars = (name: string) => tf.Tensor;
export type HandForward = (feeds: Record<string, tf.Tensor>) => tf.Tensor;

const dense = (x: tf.Tensor, k: tf.Tensor, b?: tf.Tensor) => {
  const D = x.shape[x.shape.length - 1]!;
  const y = tf.matMul(tf.reshape(x, [-1, D]) as tf.Tensor2D, k as tf.Tensor2D);
  return tf.reshape(b ? tf.add(y, b) : y, [...x.shape.slice(0, -1), k.shape[1]!]);
};

/** tanh(x Wv + bv) ⊙ σ(x Wg + bg), twice, then logits. */
export function gatedMlp(v: Vars): HandForward {
  return ({ x }) => {
    let h = x!;
    for (const i of [1, 2]) h = tf.mul(tf.tanh(dense(h, v(`v${i}/kernel`), v(`v${i}/bias`))), tf.sigmoid(dense(h, v(`g${i}/kernel`), v(`g${i}/bias`))));
    return dense(h, v('logits/kernel'), v('logits/bias'));
  };
}

/** Embedding, learned positions, RMSNorm, causal elementwise-gated attention, residual, head. */
export function gatedAttentionTransformer(v: Vars, heads: number): HandForward {
  return ({ x }) => {
    const table = v('emb/table');
    const [V, D] = table.shape as [number, number];
    const [B, T] = x!.shape as [number, number];
    const Dh = D / heads;
    const e = tf.reshape(tf.matMul(tf.oneHot(tf.reshape(x!, [-1]), V), table as tf.Tensor2D), [B, T, D]);
    const h = tf.add(e, v('pos/table'));
    const n = tf.mul(tf.mul(h, tf.rsqrt(tf.add(tf.mean(tf.square(h), -1, true), 1e-5))), v('norm/gain'));
    const split = (t: tf.Tensor) => tf.transpose(tf.reshape(t, [B, T, heads, Dh]), [0, 2, 1, 3]);
    const q = split(dense(n, v('attn/wq'))), k = split(dense(n, v('attn/wk'))), val = split(dense(n, v('attn/wv')));
    const mask = tf.mul(tf.sub(1, tf.linalg.bandPart(tf.ones([T, T]), -1, 0)), -1e9);
    const A = tf.softmax(tf.add(tf.div(tf.matMul(q, k, false, true), Math.sqrt(Dh)), mask));
    const G = tf.transpose(tf.reshape(tf.sigmoid(dense(n, v('attn/wg'))), [B, T, heads, Dh]), [0, 2, 1, 3]);
    const y = tf.reshape(tf.transpose(tf.mul(tf.matMul(A, val), G), [0, 2, 1, 3]), [B, T, D]);
    const r = tf.add(h, dense(y, v('attn/wo')));
    return dense(r, v('head/kernel'), v('head/bias'));
  };
}

export function varsOf(model: Model): Vars {
  return (name) => {
    const t = model.variables.get(name);
    if (!t) throw new Error(`bench model has no variable ${name}`);
    return t;
  };
}

/** One hand-written training step on a batch: gradients, Adam, and the loss read back. */
export function handStep(forward: HandForward, vars: tf.Variable[], opt: tf.Optimizer) {
  return async (feeds: Record<string, tf.Tensor>, target: tf.Tensor, mask?: tf.Tensor) => {
    const loss = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        const logits = forward(feeds);
        const C = logits.shape[logits.shape.length - 1]!;
        const nll = tf.neg(tf.sum(tf.mul(tf.oneHot(target as tf.Tensor1D, C), tf.logSoftmax(logits)), -1));
        return (mask ? tf.div(tf.sum(tf.mul(nll, mask)), tf.sum(mask)) : tf.mean(nll)) as tf.Scalar;
      }, vars);
      opt.applyGradients(grads);
      return value;
    });
    await loss.data();
    loss.dispose();
  };
}
