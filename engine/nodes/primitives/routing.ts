/**
 * The two halves of a router as separate nodes: Softmax turns scores into
 * probabilities, TopKMask keeps the k best of each row. A top-k softmax
 * router is Dense → TopKMask (masked-softmax); its load-balancing loss reads
 * Softmax and TopKMask (mask) of the same scores.
 */
import * as tf from '@tensorflow/tfjs-core';
import { defineNode } from '../../registry/defineNode';
import { choice, int } from '../../registry/params';
import { port, formatShape } from '../../registry/ports';
import { fail, lastDim, perExample } from '../../shapes/dims';
import { stopGradient } from '../../compile/ops';
import { maskedSoftmax, topKMask } from '../gates/router';
import * as onnx from '../../serialize/onnx/ops';

export const Softmax = defineNode({
  type: 'Softmax',
  label: 'Softmax',
  category: 'primitives/routing',
  version: 1,
  doc:
    'Turns scores into probabilities along one axis: exp(s_i) / Σ_j exp(s_j), each value in (0, 1) and each row summing ' +
    'to 1. Over the last axis (the default) it is a router’s probabilities over experts; over another axis it spreads ' +
    'weight across positions.',
  inputs: { in: port('data', ['B', '*']) },
  outputs: { out: port('data', ['B', '*']) },
  params: { axis: int({ default: -1, min: -8, max: 8, doc: 'Axis the probabilities sum to 1 along; -1 is the last. Not the batch axis.' }) },
  keyParams: ['axis'],
  infer: ({ in: x }, p) => {
    if (!x) return { out: { shape: ['B', 1], dtype: 'float32' } };
    if (x.dtype !== 'float32') return fail('Softmax expects float scores; it gets token ids (put an Embedding first)', 'in');
    const ax = p.axis < 0 ? x.shape.length + p.axis : p.axis;
    if (ax < 0 || ax >= x.shape.length || x.shape[ax] === 'B') return fail(`axis ${p.axis} is not a non-batch axis of ${formatShape(x.shape)}`, 'in');
    return { out: x };
  },
  apply: ({ in: x }, _w, { params: p }) => {
    const ax = p.axis < 0 ? x.rank + p.axis : p.axis;
    if (ax === x.rank - 1) return { out: tf.softmax(x) };
    // tf.softmax works on the last axis only: move the axis there and back
    const perm = [...Array(x.rank).keys()].filter((i) => i !== ax).concat(ax);
    const back = perm.map((_, i) => perm.indexOf(i));
    return { out: tf.transpose(tf.softmax(tf.transpose(x, perm)), back) };
  },
  torch: {
    source: () => import('./routing.py?raw'),
    className: 'Softmax',
    args: ({ params: p }) => ({ axis: p.axis }),
  },
  onnx: { write: ({ inputs, params: p, g }) => ({ out: g.op('Softmax', [inputs.in], { axis: { i: p.axis } }) }) },
  flops: ({ in: x }) => 3 * perExample(x),
});

const TOPK_OUTPUTS = ['mask', 'straight-through', 'masked-softmax'] as const;

export const TopKMask = defineNode({
  type: 'TopKMask',
  label: 'Top-k mask',
  category: 'primitives/routing',
  version: 1,
  doc:
    'Keeps the k largest scores of each row (the last axis): 1 for them, 0 for the rest; ties go to the earlier entry, so ' +
    'every row keeps exactly k. mask: the 0/1 choice, through which no gradient flows. straight-through: the same 0/1 ' +
    'values, but the gradient passes as if it were softmax(scores), so what chose can learn. masked-softmax: a softmax ' +
    'over the k kept scores alone, 0 elsewhere: the weights of a top-k softmax router.',
  inputs: { in: port('data', ['B', '*', 'E'], { doc: 'Scores, one per choice (expert) on the last axis.' }) },
  outputs: { out: port('router', ['B', '*', 'E']) },
  params: {
    k: int({ default: 2, min: 1, max: 16, doc: 'How many entries each row keeps.' }),
    output: choice({ default: 'mask', options: TOPK_OUTPUTS, doc: 'mask (0/1, no gradient), straight-through (0/1, the gradient of a softmax) or masked-softmax (weights over the kept entries).' }),
  },
  keyParams: ['k', 'output'],
  infer: ({ in: x }, p) => {
    if (!x) return { out: { shape: ['B', p.k], dtype: 'float32' } };
    if (x.dtype !== 'float32') return fail('TopKMask expects float scores; it gets token ids', 'in');
    const E = lastDim(x);
    if (typeof E !== 'number' || p.k > E) return fail(`TopKMask keeps k = ${p.k} entries of each row, but the last axis of ${formatShape(x.shape)} has fewer`, 'in');
    return { out: x };
  },
  apply: ({ in: x }, _w, { params: p, probe }) => {
    const mask = topKMask(x, p.k);
    let out = mask;
    if (p.output === 'masked-softmax') out = maskedSoftmax(x, mask);
    // soft − stopGradient(soft) is exactly 0 forward and carries softmax's gradient back
    else if (p.output === 'straight-through') out = tf.add(mask, tf.sub(tf.softmax(x), stopGradient(tf.softmax(x))));
    if (probe.enabled) probe.record('routing', tf.reshape(out, [-1, x.shape[x.rank - 1]!]));
    return { out };
  },
  torch: {
    source: () => import('./routing.py?raw'),
    className: 'TopKMask',
    helpers: ['router'],
    args: ({ params: p }) => ({ k: p.k, output: p.output }),
  },
  onnx: {
    write: ({ inputs, params: p, g }) => {
      const mask = onnx.topKMask(g, inputs.in, p.k);
      return { out: p.output === 'masked-softmax' ? onnx.maskedSoftmax(g, inputs.in, mask) : mask }; // straight-through's forward is the mask
    },
  },
  flops: ({ in: x }) => (x ? perExample(x) * (3 * (lastDim(x) as number) + 4) : 0),
  stats: { routing: { kind: 'routing', label: 'Routing', doc: 'What each row keeps [rows, E]: load per entry (share of kept slots), importance and entropy.' } },
});
