/**
 * Top-K sparse softmax gating and a bank of FFN experts (Nguyen et al., 2024).
 * The router scores every expert for each token, keeps the K best, and
 * softmaxes over those alone; the experts node runs each token through the
 * experts it was sent to and adds their outputs with those weights:
 *
 *   w = softmax(TopK(W x + b; K))      (the others get weight 0)
 *   y = Σ_i w_i · FFN_i(x)
 *
 * The load-balancing loss α · E · Σ_i f_i P_i (Switch Transformer) is an
 * option of the router: it is not part of the statistics paper, but deep MoEs
 * need it to keep every expert in use. So is expert capacity (Switch, GShard):
 * it lives on the router, which knows k and makes the dispatch decision, so a
 * dropped (token, expert) pair reaches the experts node with weight 0, where
 * it is neither run nor counted as compute.
 *
 * Intervention `offExpert` = i switches off expert i at evaluation: one index,
 * one slider, because the expert count is a param and declarations are data;
 * its logit is set to −∞ before the top-k, so its tokens go to their next-best
 * expert and the softmax renormalises over the experts kept, as it always does.
 */
import * as tf from '@tensorflow/tfjs-core';
import { defineNode, type VarMaker } from '../../registry/defineNode';
import { bool, choice, int, num } from '../../registry/params';
import { port, formatShape, type TensorInfo } from '../../registry/ports';
import { fail, lastDim, perExample, withLast } from '../../shapes/dims';
import { linear } from '../../compile/ops';
import { ACTIVATIONS, activate, type ActivationName } from '../dense';
import { capacityMask, expertShare, groupPurity, loadBalanceLoss, offExpertIntervention, routeTopK, type TopKGating } from './router';
import { lastOf } from '../../registry/torch';
import { ONNX_TYPE } from '../../serialize/onnx/graph';
import * as onnx from '../../serialize/onnx/ops';

const CITE = 'Nguyen et al., 2024, "Statistical Perspective of Top-K Sparse Softmax Gating Mixture of Experts" (ICLR 2024); the balance loss from Fedus et al., 2022, "Switch Transformers"';

/** Tokens per example: every axis but the batch and the last. */
function tokensPerExample(x: TensorInfo | undefined): number {
  if (!x) return 0;
  return perExample(x) / Math.max(1, lastDim(x) as number);
}

/** Coefficient of variation std/mean of a vector (0 = perfectly even). */
export function coefficientOfVariation(v: tf.Tensor): tf.Tensor {
  const { mean, variance } = tf.moments(v);
  return tf.div(tf.sqrt(variance), tf.maximum(mean, 1e-9));
}

const MAX_EXPERTS = 16;

const groupPort = port('condition', ['B', '*'], {
  dtype: 'int32', optional: true,
  doc: 'Optional known group of each token (an Input reading the dataset field "group"): only used to report how purely the experts split the groups.',
});

export const TopKSoftmaxRouter = defineNode({
  type: 'TopKSoftmaxRouter',
  label: 'Top-K softmax router',
  category: 'routers/topk',
  version: 1,
  doc:
    'Decides which experts see each token. It scores all E experts with one linear layer, keeps the K highest scores and ' +
    'turns those K into weights with a softmax (the other experts get weight 0 and cost nothing). On 2-D data the router ' +
    'splits the plane into territories, one per winning expert. Without help a router tends to send most tokens to a ' +
    'few experts; the balance loss α · E · Σ f_i P_i (f_i = share of tokens sent to expert i, P_i = its mean router ' +
    'probability) is smallest when the load is even. Feed the weights to an FFN experts node.',
  cite: CITE,
  inputs: { in: port('data', ['B', '*', 'D']), group: groupPort },
  outputs: { weights: port('router', ['B', '*', 'E'], { doc: 'Combine weights per expert, zero outside the top K.' }) },
  params: {
    experts: int({ default: 4, min: 2, max: MAX_EXPERTS, doc: 'Number of experts E the router chooses among.' }),
    k: int({ default: 2, min: 1, max: 16, doc: 'Experts kept per token (K); with K = 1 the weight is always 1 and the router learns only from the balance loss.' }),
    gating: choice({ default: 'topk-softmax', options: ['topk-softmax', 'softmax-topk'], doc: 'topk-softmax: softmax over the K kept scores (the paper). softmax-topk: softmax over all E, then keep the K largest (Switch, MoE++).' }),
    renormalize: bool({ default: false, doc: 'For softmax-topk: rescale the K kept probabilities to sum to 1.' }),
    noise: num({ default: 0, min: 0, max: 2, step: 0.01, doc: 'Standard deviation of Gaussian noise added to the scores while training (noisy top-k); 0 = none.' }),
    balance: num({ default: 0.01, min: 0, max: 1, step: 0.001, doc: 'Weight α of the load-balancing loss; 0 turns it off.' }),
    bias: bool({ default: true, doc: 'Add a learned bias per expert to the scores (β₀ in the paper).' }),
    capacityFactor: num({ default: 0, min: 0, max: 4, step: 0.05, doc: 'Expert capacity (Switch Transformer): each expert takes at most ceil(factor · tokens · K / E) of a batch’s assignments, in token order; the rest are dropped (weight 0, the residual carries the token). 0 = no capacity.' }),
  },
  keyParams: ['experts', 'k', 'balance'],
  infer: ({ in: x, group }, p) => {
    if (p.k > p.experts) return fail(`the router keeps k = ${p.k} experts but has only ${p.experts}`);
    if (!x) return { weights: { shape: ['B', p.experts], dtype: 'float32' } };
    if (x.dtype !== 'float32') return fail('the router expects float features; it gets token ids (put an Embedding first)', 'in');
    if (group && group.shape.length !== x.shape.length - 1) return fail(`group should have one id per token, ${formatShape(x.shape.slice(0, -1))}; it gets ${formatShape(group.shape)}`, 'group');
    return { weights: withLast(x, p.experts) };
  },
  build: ({ params: p, inputs, v }) => {
    const vars: Record<string, tf.Variable> = { kernel: v.make('kernel', [lastDim(inputs.in!) as number, p.experts], { kind: 'glorot' }) };
    if (p.bias) vars.bias = v.make('bias', [p.experts], { kind: 'zeros' });
    return vars;
  },
  apply: ({ in: x, group }, w, { nodeId, params: p, training, rng, probe, addLoss, interventions }) => {
    let logits = linear(x, w.kernel!, w.bias);                              // (B, *, E)
    if (training && p.noise > 0) logits = tf.add(logits, tf.randomNormal(logits.shape, 0, p.noise, 'float32', rng.int(2 ** 31)));
    const r = routeTopK(logits, p.k, p.gating as TopKGating, p.renormalize, interventions?.[`${nodeId}.offExpert`]);
    if (p.balance > 0) addLoss('balance', tf.mul(p.balance, loadBalanceLoss(r.probs, r.mask)));
    // The router's choice (load, balance loss) is counted before capacity; what the experts get, after.
    const kept = p.capacityFactor > 0 ? capacityMask(r.mask, p.k, p.capacityFactor) : undefined;
    if (probe.enabled) {
      probe.record('routing', tf.reshape(r.weights, [-1, p.experts]));
      probe.record('loadCV', coefficientOfVariation(expertShare(r.mask)));
      if (group) probe.record('groupPurity', groupPurity(r.weights, group, Math.max(1, tf.max(group).arraySync() as number + 1)));
      if (kept) probe.record('droppedTokens', tf.sub(1, tf.div(tf.sum(kept), tf.maximum(tf.sum(r.mask), 1))));
    }
    return { weights: kept ? tf.mul(r.weights, kept) : r.weights };
  },
  torch: {
    source: () => import('./topk-moe.py?raw'),
    className: 'TopKSoftmaxRouter',
    helpers: ['router'],
    context: true,
    stochastic: (p) => p.noise > 0,
    args: ({ params: p, inputs }) => ({ in_features: lastOf(inputs.in), experts: p.experts, k: p.k, gating: p.gating, renormalize: p.renormalize, noise: p.noise, balance: p.balance, bias: p.bias, capacity_factor: p.capacityFactor }),
  },
  onnx: {
    write: ({ inputs: { in: x }, w, params: p, g }) => {
      const logits = onnx.linear(g, x, w.kernel!, w.bias);                 // (B, *, E); noise is for training only
      const mask = onnx.topKMask(g, logits, p.k);
      let weights: string;
      if (p.gating === 'topk-softmax') weights = onnx.maskedSoftmax(g, logits, mask);
      else {
        const kept = g.op('Mul', [g.op('Softmax', [logits], { axis: { i: -1 } }), mask]);
        weights = p.renormalize ? onnx.renormalize(g, kept) : kept;
      }
      if (p.capacityFactor > 0) {
        // each expert takes the first ceil(factor · N · k / E) of the batch's assignments, in token order
        const m = g.op('Reshape', [mask, g.int64s([-1, p.experts])]);                            // (N, E)
        const n = g.op('Cast', [g.op('Shape', [m], { start: { i: 0 }, end: { i: 1 } })], { to: { i: ONNX_TYPE.float32 } });
        const capacity = g.op('Ceil', [g.op('Div', [g.op('Mul', [n, g.scalar(p.capacityFactor * p.k)]), g.scalar(p.experts)])]);
        const place = g.op('CumSum', [m, g.constant([0], [], 'int64')]);
        const kept = onnx.stepAbove0(g, g.op('Sub', [g.op('Add', [capacity, g.scalar(0.5)]), place]));
        weights = g.op('Mul', [weights, g.op('Reshape', [g.op('Mul', [m, kept]), g.op('Shape', [mask])])]);
      }
      return { weights };
    },
  },
  flops: ({ in: x }, p) => (x ? tokensPerExample(x) * (2 * (lastDim(x) as number) * p.experts + 4 * p.experts) : 0),
  stats: {
    routing: { kind: 'routing', label: 'Routing', doc: 'Combine weights [tokens, E], as the router chose them (before capacity): expert load (share of routed slots), importance and routing entropy.' },
    droppedTokens: { kind: 'scalar', label: 'Dropped over capacity', doc: 'With a capacity factor: share of (token, expert) assignments dropped because the expert was full; those tokens get nothing from that expert.' },
    loadCV: { kind: 'scalar', label: 'Load imbalance (CV)', doc: 'Coefficient of variation (std / mean) of the expert load: 0 when every expert gets the same share.' },
    groupPurity: { kind: 'scalar', label: 'Expert purity', doc: 'With a group input: share of tokens whose top expert mostly serves their own group (1 = one group per expert, 1/G = routing ignores the groups).' },
  },
  auxLosses: { balance: 'α · E · Σ_i f_i P_i, smallest (α) when the load is even.' },
  interventions: { offExpert: offExpertIntervention(MAX_EXPERTS) },
});

/** Weights of E two-layer FFNs stacked on a leading expert axis. */
export function makeExpertFFNs(v: VarMaker, E: number, D: number, H: number, U: number, prefix = ''): Record<string, tf.Variable> {
  return {
    [`${prefix}w1`]: v.make(`${prefix}w1`, [E, D, H], { kind: 'uniform', limit: Math.sqrt(6 / (D + H)) }),
    [`${prefix}b1`]: v.make(`${prefix}b1`, [E, 1, H], { kind: 'zeros' }),
    [`${prefix}w2`]: v.make(`${prefix}w2`, [E, H, U], { kind: 'uniform', limit: Math.sqrt(6 / (H + U)) }),
    [`${prefix}b2`]: v.make(`${prefix}b2`, [E, 1, U], { kind: 'zeros' }),
  };
}

/**
 * Every expert on every token, computed densely (the toys are small):
 * x [N, D] → [N, E, U]. A sparse implementation would run only the routed
 * (token, expert) pairs; the compute statistic counts those.
 */
export function runExpertFFNs(x: tf.Tensor, w1: tf.Tensor, b1: tf.Tensor, w2: tf.Tensor, b2: tf.Tensor, act: ActivationName): tf.Tensor {
  const E = w1.shape[0]!;
  const xs = tf.tile(tf.expandDims(x, 0), [E, 1, 1]);                      // (E, N, D)
  const h = activate(act, tf.add(tf.matMul(xs, w1), b1));                  // (E, N, H)
  const y = tf.add(tf.matMul(h, w2), b2);                                  // (E, N, U)
  return tf.transpose(y, [1, 0, 2]);                                       // (N, E, U)
}

export const FFNExperts = defineNode({
  type: 'FFNExperts',
  label: 'FFN experts',
  category: 'experts/ffn',
  version: 1,
  doc:
    'A bank of E small two-layer networks (experts) that share an input. Each token goes only to the experts its router ' +
    'picked, and their outputs are added with the router weights: y = Σ_i w_i · FFN_i(x). An expert with weight 0 is not ' +
    'run, so the compute actually spent is the share of (token, expert) pairs routed, K/E for a top-K router.',
  cite: CITE,
  inputs: {
    in: port('data', ['B', '*', 'D']),
    weights: port('router', ['B', '*', 'E'], { doc: 'Combine weights from a router, one per expert.' }),
  },
  outputs: { out: port('data', ['B', '*', 'units']) },
  params: {
    hidden: int({ default: 16, min: 1, max: 1024, doc: 'Hidden width of each expert.' }),
    units: int({ default: 0, min: 0, max: 1024, doc: 'Output width of each expert; 0 = the same as the input.' }),
    act: choice({ default: 'relu', options: ACTIVATIONS, doc: 'Non-linearity between the two layers of each expert.' }),
  },
  keyParams: ['hidden'],
  infer: ({ in: x, weights }, p) => {
    if (!x) return { out: { shape: ['B', p.units || 1], dtype: 'float32' } };
    if (x.dtype !== 'float32') return fail('FFN experts expect float features; they get token ids (put an Embedding first)', 'in');
    if (weights && (weights.shape.length !== x.shape.length || weights.shape.slice(0, -1).some((d, i) => d !== x.shape[i]))) {
      return fail(`the router weights ${formatShape(weights.shape)} do not line up with the tokens ${formatShape(x.shape)}`, 'weights');
    }
    return { out: withLast(x, p.units || (lastDim(x) as number)) };
  },
  build: ({ params: p, inputs, v }) => {
    const D = lastDim(inputs.in!) as number;
    return makeExpertFFNs(v, lastDim(inputs.weights!) as number, D, p.hidden, p.units || D);
  },
  apply: ({ in: x, weights }, w, { params: p, probe }) => {
    const D = x.shape[x.shape.length - 1]!;
    const E = weights.shape[weights.shape.length - 1]!;
    const flat = tf.reshape(x, [-1, D]);                                    // (N, D)
    const wf = tf.reshape(weights, [-1, E]);                                // (N, E)
    const outs = runExpertFFNs(flat, w.w1!, w.b1!, w.w2!, w.b2!, p.act);   // (N, E, U)
    const y = tf.sum(tf.mul(outs, tf.expandDims(wf, -1)), 1);              // (N, U)
    if (probe.enabled) probe.record('compute', tf.div(tf.sum(tf.step(wf), -1), E)); // routed share per token
    return { out: tf.reshape(y, [...x.shape.slice(0, -1), y.shape[1]!]) };
  },
  torch: {
    source: () => import('./topk-moe.py?raw'),
    className: 'FFNExperts',
    helpers: ['activate'],
    args: ({ params: p, inputs }) => ({ in_features: lastOf(inputs.in), experts: lastOf(inputs.weights), hidden: p.hidden, units: p.units || lastOf(inputs.in), act: p.act }),
  },
  onnx: {
    write: ({ inputs: { in: x, weights }, w, params: p, shapes, g }) => {
      const D = lastDim(shapes.inputs.in!) as number;
      const E = lastDim(shapes.inputs.weights!) as number;
      const U = lastDim(shapes.outputs.out!) as number;
      const flat = g.op('Unsqueeze', [g.op('Reshape', [x, g.int64s([-1, D])]), g.int64s([0])]);          // (1, N, D)
      const h = onnx.activate(g, p.act, g.op('Add', [g.op('MatMul', [flat, w.w1!]), w.b1!]));             // (E, N, H)
      const outs = g.op('Transpose', [g.op('Add', [g.op('MatMul', [h, w.w2!]), w.b2!])], { perm: { ints: [1, 0, 2] } }); // (N, E, U)
      const wf = g.op('Unsqueeze', [g.op('Reshape', [weights, g.int64s([-1, E])]), g.int64s([-1])]);     // (N, E, 1)
      const y = g.op('ReduceSum', [g.op('Mul', [outs, wf]), g.int64s([1])], { keepdims: { i: 0 } });     // (N, U)
      return { out: g.op('Reshape', [y, onnx.shapeWithLast(g, x, U)]) };
    },
  },
  flops: ({ in: x, weights }, p) => {
    const D = x ? (lastDim(x) as number) : 0;
    const E = weights ? (lastDim(weights) as number) : 0;
    const U = p.units || D;
    return tokensPerExample(x) * E * (2 * D * p.hidden + p.hidden + 2 * p.hidden * U + 2 * U);
  },
  stats: {
    compute: { kind: 'compute', label: 'Compute spent', doc: 'Share of the experts’ dense FLOPs actually spent: routed (token, expert) pairs over all pairs.' },
  },
});
