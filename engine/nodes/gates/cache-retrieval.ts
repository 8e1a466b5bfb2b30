/**
 * ImageBind-LLM's retrieval cache at inference: a feature from another
 * modality (audio, say) is pulled toward the image features the model was
 * trained on. With f the unit-length query and bank rows b_n (unit length):
 *   s_n = f · b_n;  w = softmax(sharpness · s) over the k largest s_n
 *   f_c = normalise(Σ w_n b_n);  f' = normalise(blend · f + (1 − blend) · f_c)
 * Reference: OpenGVLab/LLaMA-Adapter imagebind_LLM (the cache model of its demo).
 */
import * as tf from '@tensorflow/tfjs-core';
import { defineNode } from '../../registry/defineNode';
import { bool, choice, int, num } from '../../registry/params';
import { port, formatShape, type TensorInfo } from '../../registry/ports';
import { fail, lastDim } from '../../shapes/dims';
import { maskedSoftmax, topKMask } from './router';
import { IMAGEBIND_CITE } from './zero-init-injection';
import * as onnx from '../../serialize/onnx/ops';

type Tensor = tf.Tensor;

export const MODALITIES = ['image', 'audio'] as const;

/** Rows scaled to unit length on the last axis. */
export function unitRows(x: Tensor): Tensor {
  return tf.div(x, tf.sqrt(tf.add(tf.sum(tf.square(x), -1, true), 1e-12)));
}

/** The cache lookup: query f [B, F], bank [B, N, F] → f' [B, F] (see the file comment). */
export function retrieve(f: Tensor, bank: Tensor, k: number, sharpness: number, blend: number): Tensor {
  const q = unitRows(f);
  const b = unitRows(bank);
  const sims = tf.squeeze(tf.matMul(b, tf.expandDims(q, 2)), [2]);               // (B, N) cosine similarities
  const w = maskedSoftmax(tf.mul(sims, sharpness), topKMask(sims, k));            // (B, N), zero outside the top k
  const fc = unitRows(tf.squeeze(tf.matMul(tf.expandDims(w, 1), b), [1]));        // (B, F)
  return unitRows(tf.add(tf.mul(q, blend), tf.mul(fc, 1 - blend)));
}

const isVectors = (t: TensorInfo | undefined, F: number) => !t || (t.dtype === 'float32' && t.shape.length === 2 && t.shape[1] === F);

export const CacheRetrieval = defineNode({
  type: 'CacheRetrieval',
  label: 'Retrieval cache',
  category: 'inference/cache',
  version: 1,
  doc:
    'ImageBind-LLM\'s cache, used only outside training. A model trained on image features meets, at test time, ' +
    'features from another modality (audio) that sit a little off the image ones. The cache looks up the k stored ' +
    'image features most similar to the query (cosine similarity), averages them with weights softmax(sharpness · ' +
    'similarity), and blends that average into the query: the test feature is moved back toward the features the ' +
    'model knows. During training the image feature passes through untouched. "reads" picks the modality the model ' +
    'sees outside training; with the cache off the audio feature goes in as it is.',
  cite: IMAGEBIND_CITE,
  inputs: {
    image: port('condition', ['B', 'F'], { doc: 'The image feature, unit length: what the model trains on.' }),
    audio: port('condition', ['B', 'F'], { optional: true, doc: 'The same picture through another encoder (audio): read outside training when reads = audio.' }),
    bank: port('condition', ['B', 'N', 'F'], { optional: true, doc: 'The stored image features the cache searches, [B, N, F] (the same bank for every example).' }),
  },
  outputs: { out: port('condition', ['B', 'F']) },
  params: {
    reads: choice({ default: 'image', options: MODALITIES, doc: 'The modality the model reads outside training: image (as trained) or audio (another modality, shifted).' }),
    cache: bool({ default: false, doc: 'Outside training, replace the feature by its blend with the nearest stored image features.' }),
    k: int({ default: 10, min: 1, max: 4096, doc: 'How many nearest stored features the cache averages.' }),
    sharpness: num({ default: 20, min: 0, max: 100, step: 1, doc: 'Softmax sharpness over the similarities of the k nearest: larger trusts the very nearest more.' }),
    blend: num({ default: 0.5, min: 0, max: 1, step: 0.05, doc: 'Share of the query kept in the result; the rest is the cache\'s average.' }),
  },
  keyParams: ['reads', 'cache'],
  infer: ({ image, audio, bank }, p) => {
    if (!image) return { out: { shape: ['B', 1], dtype: 'float32' } };
    const F = lastDim(image) as number;
    if (!isVectors(image, F)) return fail(`the image feature must be one vector per example, [B, F]; it is ${formatShape(image.shape)}`, 'image');
    if (!isVectors(audio, F)) return fail(`the audio feature must be as wide as the image feature, [B, ${F}]; it is ${formatShape(audio!.shape)}`, 'audio');
    if (p.reads === 'audio' && !audio) return fail('reads = audio needs the audio feature connected', 'audio');
    if (bank && (bank.dtype !== 'float32' || bank.shape.length !== 3 || bank.shape[2] !== F)) return fail(`the bank must be stored image features [B, N, ${F}]; it is ${formatShape(bank.shape)}`, 'bank');
    if (p.cache && !bank) return fail('the cache needs the bank of stored image features connected', 'bank');
    if (p.cache && bank && p.k > (bank.shape[1] as number)) return fail(`k = ${p.k} is more than the ${bank.shape[1]} stored features`, 'bank');
    return { out: image };
  },
  build: () => ({}),
  apply: ({ image, audio, bank }, _w, { params: p, training, probe }) => {
    if (training) return { out: image };
    const f = p.reads === 'audio' ? audio : image;
    const out = p.cache ? retrieve(f, bank, p.k, p.sharpness, p.blend) : f;
    if (probe.enabled) probe.record('cosine', tf.sum(tf.mul(unitRows(f), unitRows(out)), -1));
    return { out };
  },
  torch: {
    source: () => import('./cache-retrieval.py?raw'),
    className: 'CacheRetrieval',
    helpers: ['router'],
    args: ({ params: p }) => ({ reads: p.reads, cache: p.cache, k: p.k, sharpness: p.sharpness, blend: p.blend }),
  },
  onnx: {
    // An exported model is used for inference: it reads what evaluation reads.
    write: ({ inputs, params: p, g }) => {
      const f = p.reads === 'audio' ? inputs.audio! : inputs.image;
      if (!p.cache) return { out: g.op('Identity', [f]) };
      const unit = (x: string) => g.op('Div', [x, g.op('Sqrt', [g.op('Add', [onnx.sumLast(g, g.op('Mul', [x, x])), g.scalar(1e-12)])])]);
      const q = unit(f);
      const b = unit(inputs.bank!);
      const sims = g.op('Squeeze', [g.op('MatMul', [b, g.op('Unsqueeze', [q, g.int64s([2])])]), g.int64s([2])]);
      const w = onnx.maskedSoftmax(g, g.op('Mul', [sims, g.scalar(p.sharpness)]), onnx.topKMask(g, sims, p.k));
      const fc = unit(g.op('Squeeze', [g.op('MatMul', [g.op('Unsqueeze', [w, g.int64s([1])]), b]), g.int64s([1])]));
      return { out: unit(g.op('Add', [g.op('Mul', [q, g.scalar(p.blend)]), g.op('Mul', [fc, g.scalar(1 - p.blend)])])) };
    },
  },
  flops: ({ image, bank }) => (image && bank ? 4 * (bank.shape[1] as number) * (lastDim(image) as number) : 0),
  stats: {
    cosine: { kind: 'scalar', label: 'Cache shift', doc: 'cos(f, f′) per example, averaged: 1 when the feature goes through unchanged, lower the more the cache moves it.' },
  },
});
