import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { CacheRetrieval } from '../../../../engine/nodes/gates/cache-retrieval';
import { useBackend } from '../../../helpers/backend';
import { applyNode, values } from './node-harness';

const unit = (v: number[]) => { const n = Math.hypot(...v); return v.map((x) => x / n); };

describe('CacheRetrieval', () => {
  // Query [3, 1]; stored [1, 0], [0, 1], [-2, 0] (this last one normalised to [-1, 0]), k = 2, sharpness 1, blend 0.5.
  const image = [[3, 1]];
  const audio = [[1, 3]];
  const bank = [[[1, 0], [0, 1], [-2, 0]]];

  it('blends the query with the softmax-weighted mean of its k nearest stored features: a hand-computed case', async () => {
    await useBackend('cpu');
    const q = unit([3, 1]);                                  // cosines with the bank: q0, q1, -q0; the top 2 are [1, 0] and [0, 1]
    const w0 = Math.exp(q[0]!) / (Math.exp(q[0]!) + Math.exp(q[1]!));
    const fc = unit([w0, 1 - w0]);
    const expected = unit([0.5 * q[0]! + 0.5 * fc[0]!, 0.5 * q[1]! + 0.5 * fc[1]!]);
    tf.tidy(() => {
      const inputs = { image: tf.tensor2d(image), audio: tf.tensor2d(audio), bank: tf.tensor3d(bank) };
      const { out, records } = applyNode(CacheRetrieval, inputs, {}, { cache: true, k: 2, sharpness: 1, blend: 0.5 });
      values(out.out!).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
      expect(values(records.cosine!)[0]).toBeCloseTo(q[0]! * expected[0]! + q[1]! * expected[1]!, 6);
      // k = 1 keeps only [1, 0]: f' = normalise(q + [1, 0])
      const one = applyNode(CacheRetrieval, inputs, {}, { cache: true, k: 1, sharpness: 1, blend: 0.5 });
      const e1 = unit([q[0]! + 1, q[1]!]);
      values(one.out.out!).forEach((v, i) => expect(v).toBeCloseTo(e1[i]!, 6));
    });
  });

  it('passes the image feature through in training; outside training reads the chosen modality', async () => {
    await useBackend('cpu');
    tf.tidy(() => {
      const inputs = { image: tf.tensor2d(image), audio: tf.tensor2d(audio), bank: tf.tensor3d(bank) };
      const params = { reads: 'audio', cache: true, k: 2 };
      expect(values(applyNode(CacheRetrieval, inputs, {}, params, { training: true }).out.out!)).toEqual([3, 1]);
      expect(values(applyNode(CacheRetrieval, inputs, {}, { reads: 'audio' }).out.out!)).toEqual([1, 3]);
      expect(values(applyNode(CacheRetrieval, inputs, {}, {}).out.out!)).toEqual([3, 1]);
    });
  });

  it('asks for the bank when the cache is on and for the audio when it reads audio', () => {
    const info = (shape: (number | 'B')[]) => ({ shape, dtype: 'float32' as const });
    const ctx = { nodeId: 'n', dataset: { name: 'd', task: 'classification' as const, classes: 2, fields: {}, targetShape: [] } };
    const p = { reads: 'image', cache: true, k: 10, sharpness: 20, blend: 0.5 };
    expect(CacheRetrieval.infer({ image: info(['B', 4]) }, p as never, ctx)).toHaveProperty('error');
    expect(CacheRetrieval.infer({ image: info(['B', 4]), bank: info(['B', 5, 4]) }, p as never, ctx)).toHaveProperty('error');   // k > 5 stored
    expect(CacheRetrieval.infer({ image: info(['B', 4]), bank: info(['B', 12, 4]) }, { ...p, reads: 'audio' } as never, ctx)).toHaveProperty('error');
    expect(CacheRetrieval.infer({ image: info(['B', 4]), bank: info(['B', 12, 4]) }, p as never, ctx)).toEqual({ out: info(['B', 4]) });
  });
});
