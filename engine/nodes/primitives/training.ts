/**
 * Nodes that only matter to training: StopGradient cuts the gradient of a
 * path, AuxLoss turns any value into a term of the loss (a load-balancing
 * loss, a penalty on a gate).
 */
import * as tf from '@tensorflow/tfjs-core';
import { defineNode } from '../../registry/defineNode';
import { num } from '../../registry/params';
import { port } from '../../registry/ports';
import { fail, float, perExample } from '../../shapes/dims';
import { stopGradient } from '../../compile/ops';

export const StopGradient = defineNode({
  type: 'StopGradient',
  label: 'Stop gradient',
  category: 'primitives/training',
  version: 1,
  doc:
    'Passes its input on unchanged, but no gradient flows back through it: what comes before is not trained by what ' +
    'comes after, along this path. A load-balancing loss counts the experts’ shares this way, so that only the ' +
    'probabilities it multiplies them by are pushed.',
  inputs: { in: port('data', ['B', '*']) },
  outputs: { out: port('data', ['B', '*']) },
  params: {},
  infer: ({ in: x }) => {
    if (!x) return { out: float(['B', 1]) };
    if (x.dtype !== 'float32') return fail('StopGradient expects float values; token ids carry no gradient anyway', 'in');
    return { out: x };
  },
  apply: ({ in: x }) => ({ out: stopGradient(x) }),
  torch: {
    source: () => import('./training.py?raw'),
    className: 'StopGradient',
    args: () => ({}),
  },
  onnx: { write: ({ inputs, g }) => ({ out: g.op('Identity', [inputs.in]) }) }, // gradients do not exist at inference
  flops: () => 0,
});

export const AuxLoss = defineNode({
  type: 'AuxLoss',
  label: 'Auxiliary loss',
  category: 'primitives/training',
  version: 1,
  doc:
    'Adds weight · mean(input) to the training loss, beside the Output’s task loss: whatever feeds it is pushed down ' +
    '(a negative weight pushes it up). It has no output; the loss reaches every node upstream through the gradient. ' +
    'Feed it a single number (a Sum over everything) or a whole tensor, which it averages.',
  inputs: { in: port('data', ['B', '*'], { doc: 'The value to minimise; averaged over all its entries.' }) },
  outputs: {},
  params: { weight: num({ default: 0.01, min: -100, max: 100, step: 0.001, doc: 'How much the term counts in the total loss.' }) },
  keyParams: ['weight'],
  infer: ({ in: x }) => (x && x.dtype !== 'float32' ? fail('AuxLoss expects float values; it gets token ids', 'in') : {}),
  apply: ({ in: x }, _w, { params: p, addLoss, probe }) => {
    const loss = tf.mul(p.weight, tf.mean(x));
    probe.record('loss', loss);
    addLoss('loss', loss);
    return {};
  },
  torch: {
    source: () => import('./training.py?raw'),
    className: 'AuxLoss',
    context: true,
    args: ({ params: p }) => ({ weight: p.weight }),
  },
  onnx: { write: () => ({}) }, // a training loss only: nothing at inference
  flops: ({ in: x }) => perExample(x) + 1,
  stats: { loss: { kind: 'scalar', label: 'Loss term', doc: 'weight · mean(input): what this node adds to the training loss.' } },
  auxLosses: { loss: 'weight · mean of the input' },
});
