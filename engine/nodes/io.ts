import * as tf from '@tensorflow/tfjs-core';
import { defineNode } from '../registry/defineNode';
import { choice } from '../registry/params';
import { port, formatShape } from '../registry/ports';
import { fail, lastDim, sameShape } from '../shapes/dims';
import { meanSquaredError, mixtureNll, softmaxCrossEntropy } from '../compile/ops';

/**
 * Names an Input node can read; datasets provide `x` and may add side inputs.
 * `group` is a known group id per example or token (region, token kind) that
 * routers use only to split their statistics; `audio` and `bank` are a second
 * modality and the stored features of a retrieval cache.
 */
export const INPUT_FIELDS = ['x', 'cond', 'task', 'attributes', 'group', 'regions', 'audio', 'bank'] as const;

export const Input = defineNode({
  type: 'Input',
  label: 'Input',
  category: 'data',
  version: 1,
  doc: "The dataset's examples enter the graph here: [B, F] float features for 2-D and tabular data, [B, T] token ids for sequences and text. The shape comes from the dataset chosen in the training panel.",
  inputs: {},
  outputs: { out: port('data', ['B', '*'], { dtype: 'any' }) },
  params: {
    field: choice({ default: 'x', options: INPUT_FIELDS, doc: 'Which dataset field to read: x (the examples) or a side input the dataset provides.' }),
  },
  keyParams: ['field'],
  infer: (_in, p, ctx) => {
    const f = ctx.dataset.fields[p.field];
    if (!f) return fail(`the dataset "${ctx.dataset.name}" has no field "${p.field}" (it has ${Object.keys(ctx.dataset.fields).join(', ')})`);
    return { out: { shape: ['B', ...f.shape], dtype: f.dtype } };
  },
  apply: () => {
    throw new Error('Input is fed by the compiler');
  },
});

export const Output = defineNode({
  type: 'Output',
  label: 'Output',
  category: 'data',
  version: 1,
  doc: "The model's prediction leaves here and is compared with the dataset's labels. Softmax cross-entropy expects one score per class ([B, C], or [B, T, V] for next-token tasks); mse expects [B, K] targets; the mixture negative log-likelihood expects a mixture of Gaussians per example ([B, E, 3]: weight, mean and standard deviation of each expert) for a single regression target.",
  inputs: { in: port('data', ['B', '*', 'C']) },
  outputs: {},
  params: {
    loss: choice({ default: 'softmax_cross_entropy', options: ['softmax_cross_entropy', 'mse', 'mixture_nll'], doc: 'How predictions are compared with the labels: mixture_nll is −log Σ_i w_i N(y | μ_i, σ_i²), the likelihood a mixture of Gaussian experts is fitted by.' }),
  },
  keyParams: ['loss'],
  infer: ({ in: x }, p, ctx) => {
    if (!x) return {};
    const ds = ctx.dataset;
    if (p.loss === 'softmax_cross_entropy') {
      if (ds.task !== 'classification') return fail(`softmax cross-entropy needs a classification dataset; "${ds.name}" is regression: use mse`, 'in');
      const want = ['B', ...ds.targetShape, ds.classes];
      if (!sameShape(x.shape, want as never)) {
        return fail(`Output expects ${formatShape(want)} (one score per class of "${ds.name}"); it gets ${formatShape(x.shape)}`, 'in');
      }
    } else if (p.loss === 'mixture_nll') {
      if (ds.task !== 'regression' || ds.targetShape.length !== 1 || ds.targetShape[0] !== 1) return fail(`the mixture negative log-likelihood needs a regression dataset with one target; "${ds.name}" is not`, 'in');
      if (x.shape.length !== 3 || x.shape[2] !== 3) return fail(`Output with mixture_nll expects [B, E, 3] (weight, mean, standard deviation per expert, from Gaussian experts); it gets ${formatShape(x.shape)}`, 'in');
    } else {
      const want = ['B', ...ds.targetShape];
      if (!sameShape(x.shape, want as never)) return fail(`Output with mse expects ${formatShape(want)} to match the targets; it gets ${formatShape(x.shape)}`, 'in');
    }
    return {};
  },
  apply: () => ({}),
});

/** The task loss of an Output node; mask marks the positions that count. */
export function outputLoss(loss: string, pred: tf.Tensor, target: tf.Tensor, mask?: tf.Tensor): tf.Tensor {
  if (loss === 'mixture_nll') return mixtureNll(pred, target, mask);
  return loss === 'mse' ? meanSquaredError(pred, target, mask) : softmaxCrossEntropy(pred, target, mask);
}

/** The types that fixed the graph's boundary: where examples enter and predictions leave. */
export const INPUT_TYPE = Input.type;
export const OUTPUT_TYPE = Output.type;
