/**
 * The benchmark models written by hand in plain tfjs, reading the compiled
 * model's own variables: the engine's overhead is measured against these.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type Model, topKMask } from '../../../engine';
// tfjs's topk has no gradient, so "is among the k best" is the engine's rank mask: one shared primitive, not a copy.

type Vars = (name: string) => tf.Tensor;
/** Logits, and the model's auxiliary loss where it has one (already weighted). */
export type HandForward = (feeds: Record<string, tf.Tensor>) => { logits: tf.Tensor; aux?: tf.Tensor };

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
    return { logits: dense(h, v('logits/kernel'), v('logits/bias')) };
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
    return { logits: dense(r, v('head/kernel'), v('head/bias')) };
  };
}

/**
 * Top-k softmax router over E two-layer relu experts (all run densely, as the engine does),
 * weighted sum, linear head; plus the Switch balance loss α · E · Σ f_i P_i.
 */
export function topKMoE(v: Vars, k: number, balance: number): HandForward {
  return ({ x }) => {
    const logits = dense(x!, v('router/kernel'), v('router/bias'));          // (N, E)
    const E = logits.shape[1]!;
    const mask = topKMask(logits, k);
    const e = tf.mul(tf.exp(tf.sub(logits, tf.max(logits, -1, true))), mask);
    const w = tf.div(e, tf.sum(e, -1, true));                                  // softmax over the kept k
    const xs = tf.tile(tf.expandDims(x!, 0), [E, 1, 1]);                        // (E, N, D)
    const h = tf.relu(tf.add(tf.matMul(xs, v('experts/w1')), v('experts/b1')));
    const outs = tf.add(tf.matMul(h, v('experts/w2')), v('experts/b2'));       // (E, N, U)
    const y = tf.sum(tf.mul(tf.transpose(outs, [1, 0, 2]), tf.expandDims(w, -1)), 1);
    const f = tf.div(tf.sum(mask, 0), tf.sum(mask));
    const P = tf.mean(tf.softmax(logits), 0);
    return { logits: dense(y, v('head/kernel'), v('head/bias')), aux: tf.mul(balance * E, tf.sum(tf.mul(f, P))) };
  };
}

export function varsOf(model: Model): Vars {
  return (name) => {
    const t = model.variables.get(name);
    if (!t) throw new Error(`bench model has no variable ${name}`);
    return t;
  };
}

/** Cross-entropy of the logits (masked mean over tokens) plus the auxiliary loss. */
export function handLoss(forward: HandForward, feeds: Record<string, tf.Tensor>, target: tf.Tensor, mask?: tf.Tensor): tf.Scalar {
  const { logits, aux } = forward(feeds);
  const C = logits.shape[logits.shape.length - 1]!;
  const nll = tf.neg(tf.sum(tf.mul(tf.oneHot(target as tf.Tensor1D, C), tf.logSoftmax(logits)), -1));
  const task = (mask ? tf.div(tf.sum(tf.mul(nll, mask)), tf.sum(mask)) : tf.mean(nll)) as tf.Scalar;
  return aux ? (tf.add(task, aux) as tf.Scalar) : task;
}

/** One hand-written training step on a batch: gradients, Adam, and the loss read back. */
export function handStep(forward: HandForward, vars: tf.Variable[], opt: tf.Optimizer) {
  return async (feeds: Record<string, tf.Tensor>, target: tf.Tensor, mask?: tf.Tensor) => {
    const loss = tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => {
        return handLoss(forward, feeds, target, mask);
      }, vars);
      opt.applyGradients(grads);
      return value;
    });
    await loss.data();
    loss.dispose();
  };
}
