/**
 * Gaussian experts: the experts of the mixture Nguyen et al. (2024) analyse.
 * Expert i predicts a Gaussian for the target, N(y | a_iᵀx + b_i, σ_i²); a
 * router's top-K softmax weights w_i(x) mix them into the conditional density
 *
 *   p(y | x) = Σ_i w_i(x) · N(y | a_iᵀx + b_i, σ_i²)
 *
 * The node hands the Output the whole mixture, (w_i, μ_i, σ_i) per expert, and
 * the Output's mixture_nll loss fits it by maximum likelihood.
 */
import * as tf from '@tensorflow/tfjs-core';
import { defineNode } from '../../registry/defineNode';
import { port, formatShape } from '../../registry/ports';
import { fail, lastDim } from '../../shapes/dims';
import { linear } from '../../compile/ops';
import { lastOf } from '../../registry/torch';
import * as onnx from '../../serialize/onnx/ops';

const CITE = 'Nguyen et al., 2024, "Statistical Perspective of Top-K Sparse Softmax Gating Mixture of Experts" (ICLR 2024)';

export const GaussianExperts = defineNode({
  type: 'GaussianExperts',
  label: 'Gaussian experts',
  category: 'experts/gaussian',
  version: 1,
  doc:
    'E experts that each predict a bell curve for the target instead of one number: expert i says y is around ' +
    'a_i·x + b_i, give or take σ_i. With the router’s weights w_i they make a mixture, p(y | x) = Σ_i w_i N(y | a_i·x + b_i, σ_i²), ' +
    'the Gaussian mixture of experts whose statistics the top-K paper studies. The output holds, per expert, its weight, ' +
    'mean and standard deviation: send it to an Output with the mixture negative log-likelihood loss.',
  cite: CITE,
  inputs: {
    in: port('data', ['B', 'D']),
    weights: port('router', ['B', 'E'], { doc: 'Mixture weights from a router, one per expert.' }),
  },
  outputs: { mixture: port('data', ['B', 'E', '3'], { doc: 'Per expert: weight, mean, standard deviation.' }) },
  params: {},
  infer: ({ in: x, weights }) => {
    if (!x || !weights) return { mixture: { shape: ['B', weights ? lastDim(weights) : 1, 3], dtype: 'float32' } };
    if (x.shape.length !== 2 || x.dtype !== 'float32') return fail(`Gaussian experts read float features [B, D]; they get ${formatShape(x.shape)}`, 'in');
    if (weights.shape.length !== 2) return fail(`the router weights should be [B, E]; they are ${formatShape(weights.shape)}`, 'weights');
    return { mixture: { shape: ['B', lastDim(weights), 3], dtype: 'float32' } };
  },
  build: ({ inputs, v }) => {
    const D = lastDim(inputs.in!) as number, E = lastDim(inputs.weights!) as number;
    return {
      kernel: v.make('kernel', [D, E], { kind: 'normal', std: 1 }),   // a_i, one column per expert
      bias: v.make('bias', [E], { kind: 'normal', std: 1 }),          // b_i: distinct, so the experts start apart
      logSigma: v.make('logSigma', [E], { kind: 'zeros' }),            // σ_i = 1 at first
    };
  },
  apply: ({ in: x, weights }, w) => {
    const mean = linear(x, w.kernel!, w.bias);                                 // (B, E)
    const sigma = tf.mul(tf.onesLike(mean), tf.exp(w.logSigma!));              // (B, E)
    return { mixture: tf.stack([weights, mean, sigma], -1) };                  // (B, E, 3)
  },
  torch: {
    source: () => import('./gaussian-experts.py?raw'),
    className: 'GaussianExperts',
    args: ({ inputs }) => ({ in_features: lastOf(inputs.in), experts: lastOf(inputs.weights) }),
  },
  onnx: {
    write: ({ inputs: { in: x, weights }, w, g }) => {
      const mean = onnx.linear(g, x, w.kernel!, w.bias);                      // (B, E)
      const sigma = g.op('Expand', [g.op('Exp', [w.logSigma!]), g.op('Shape', [mean])]);
      const col = (t: string) => g.op('Unsqueeze', [t, g.int64s([-1])]);
      return { mixture: g.op('Concat', [col(weights), col(mean), col(sigma)], { axis: { i: -1 } }) };
    },
  },
  flops: ({ in: x, weights }) => (x && weights ? 2 * (lastDim(x) as number) * (lastDim(weights) as number) : 0),
});
