import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { compile, generateDataset, prepareData, type Graph } from '../../../engine';
import { batchOf } from '../../../engine/train/batches';
import { gatedAttentionTransformer, spiralGatedMlp, topKMoE } from '../../../app/cli/bench/graphs';
import { gatedAttentionTransformer as handAttention, gatedMlp as handMlp, handLoss, topKMoE as handMoE, varsOf, type HandForward } from '../../../app/cli/bench/hand-models';
import type { Compiled } from '../../../engine';
import { useBackend } from '../../helpers/backend';

/** The engine-overhead benchmark is only fair if the hand-written model computes the same loss on the same batch. */
const cases: [string, () => Graph, (c: Compiled) => HandForward][] = [
  ['spiral gated MLP', spiralGatedMlp, (c) => handMlp(varsOf(c.model))],
  ['gated-attention transformer', gatedAttentionTransformer, (c) => handAttention(varsOf(c.model), 4)],
  ['top-2 MoE with balance loss', topKMoE, (c) => handMoE(varsOf(c.model), 2, 0.1)],
];

describe('bench: hand-written models match the compiled graphs', () => {
  beforeAll(() => useBackend('wasm'));

  it.each(cases)('%s: same loss on the same batch', async (_, graph, hand) => {
    const g = graph();
    const r = compile(g);
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
    const session = prepareData(r.value, generateDataset(g));
    const [engine, written] = tf.tidy(() => {
      const b = batchOf(session.train, tf.range(0, 16, 1, 'int32') as tf.Tensor1D);
      const e = r.value.model.loss(b.feeds, b.target, b.mask, { training: true, step: 0 }).total;
      return [e, handLoss(hand(r.value), b.feeds, b.target, b.mask)];
    });
    expect(Math.abs((await engine.data())[0]! - (await written.data())[0]!)).toBeLessThan(1e-5);
    tf.dispose([engine, written]);
    session.dispose();
    r.value.model.dispose();
  });
});
