import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { compile, generateDataset, prepareData, type Graph } from '../../../../engine';
import { Attention } from '../../../../engine/nodes/attention';
import { InjectedAttention } from '../../../../engine/nodes/gates/injected-attention';
import { sliceOf } from '../../../../engine/train/batches';
import type { ProbeRecord } from '../../../../engine/compile/model';
import { ACTIVATION_STAT } from '../../../../engine/stats/activations';
import { useBackend } from '../../../helpers/backend';
import { applyNode, presetGraph, trainStepsNoLeak, values } from './node-harness';

const LAYERS = ['attn1', 'attn2'];
/** The language model's nodes: embeddings, both layers (norms, attention, residuals, MLP) and the head. */
const LM = /^(emb|pos|ln|attn|res|up|act|down|head)/;

/** The preset's language model alone: every injected attention layer made plain attention (same weights: they are drawn by name), the condition path gone. */
export function withoutInjection(g: Graph): Graph {
  const gone = new Set(['cond', 'audio', 'bank', 'cache', 'bind1', 'bact', 'bind2']);
  const { variants: _v, headline: _h, ...rest } = g;
  return {
    ...rest,
    nodes: g.nodes.filter((n) => !gone.has(n.id)).map((n) => (LAYERS.includes(n.id) ? { ...n, type: 'Attention', params: { heads: 4, causal: 'causal' } } : n)),
    edges: g.edges.filter((e) => !gone.has(e.source)),
    training: { ...g.training, phases: [] },
  };
}

/**
 * The logits and, for every node of the language model, max |x| and mean |x| of its output
 * (each layer's activations, as probe passes record them), on the first test examples.
 */
async function perLayer(graph: Graph, n = 8): Promise<Record<string, number[]>> {
  const r = compile(graph);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const session = prepareData(r.value, generateDataset(graph));
  const records: ProbeRecord[] = [];
  const pred = tf.tidy(() => r.value.model.forward(sliceOf(session.test, 0, n).feeds, { training: false, records }).pred);
  const out: Record<string, number[]> = { logits: values(pred) };
  for (const rec of records) if (rec.stat === ACTIVATION_STAT && LM.test(rec.nodeId)) out[rec.nodeId] = values(rec.value);
  tf.dispose([pred, ...records.map((rec) => rec.value)]);
  session.dispose();
  r.value.model.dispose();
  return out;
}

describe('InjectedAttention', () => {
  it('adds tanh(g_h)·(a W_v)_h to each head before W_o, with the layer\'s own W_v: a hand-computed case', async () => {
    await useBackend('cpu');
    tf.tidy(() => {
      // W_q = W_k = 0: causal uniform attention, so position 0 sees x0 and position 1 the mean of x0 and x1.
      const x = tf.tensor3d([[[1, 2, 3, 4], [3, 4, 5, 6]]]);
      const zero = tf.zeros([4, 4]);
      const wv = tf.mul(tf.eye(4), 2);                                       // Y = 2·mean, a W_v = 2a
      const wo = tf.tensor2d([[0, 0, 1, 0], [0, 0, 0, 1], [1, 0, 0, 0], [0, 1, 0, 0]]);   // swaps the two heads
      const vars = { wq: zero, wk: zero, wv, wo, gate: tf.tensor1d([Math.atanh(0.5), 0]) };
      const cond = tf.tensor2d([[2, 2, 2, 2]]);
      const { out, records } = applyNode(InjectedAttention, { in: x, cond }, vars, { heads: 2, prefix: false });
      // head 0 = 2·mean + 0.5·[4, 4], head 1 = 2·mean; W_o puts head 1 first
      expect(values(out.out!)).toEqual([6, 8, 4, 6, 8, 10, 6, 8]);
      expect(values(records.gate!).map((v) => +v.toFixed(6))).toEqual([0.5, 0]);
      const ungated = applyNode(InjectedAttention, { in: x, cond }, vars, { heads: 2, prefix: false, mode: 'ungated' });
      expect(values(ungated.out.out!)).toEqual([10, 12, 6, 8, 12, 14, 8, 10]);
    });
  });

  it('with its gates at 0 it is the plain attention layer with the same weights, exactly', async () => {
    await useBackend('cpu');
    tf.tidy(() => {
      const x = tf.randomNormal([2, 3, 8], 0, 1, 'float32', 1);
      const w = Object.fromEntries(['wq', 'wk', 'wv', 'wo'].map((k, i) => [k, tf.randomNormal([8, 8], 0, 1, 'float32', 10 + i)]));
      const vars = { ...w, gate: tf.zeros([2]), prefix: tf.randomNormal([8], 0, 1, 'float32', 20) };
      const plain = applyNode(Attention, { in: x }, w, { heads: 2 });
      const injected = applyNode(InjectedAttention, { in: x, cond: tf.randomNormal([2, 8], 0, 1, 'float32', 21) }, vars, { heads: 2 });
      expect(values(injected.out.out!)).toEqual(values(plain.out.out!));
    });
  });

  it('refuses a condition narrower or wider than the layer, which its own W_v could not take', () => {
    const info = (shape: (number | 'B')[]) => ({ shape, dtype: 'float32' as const });
    const ctx = { nodeId: 'n', dataset: { name: 'd', task: 'classification' as const, classes: 2, fields: {}, targetShape: [] } };
    const p = { heads: 4, causal: 'causal', mode: 'zero-gate', prefix: true, fromPhase: 0 };
    expect(InjectedAttention.infer({ in: info(['B', 5, 8]), cond: info(['B', 16]) }, p as never, ctx)).toHaveProperty('error');
    expect(InjectedAttention.infer({ in: info(['B', 5, 8]), cond: info(['B', 8]) }, p as never, ctx)).toEqual({ out: info(['B', 5, 8]) });
  });

  it('at initialisation every layer of the model computes exactly, bit for bit, what the frozen model computes', async () => {
    await useBackend('wasm');
    const g = presetGraph('zero-init-injection', 11, { 'attn1.fromPhase': 0, 'attn2.fromPhase': 0 });
    const bare = await perLayer(withoutInjection(g));
    expect(Object.keys(bare)).toEqual(expect.arrayContaining(['logits', ...LAYERS, 'res1b', 'res2b']));
    expect(await perLayer(g)).toEqual(bare);
    const ungated = await perLayer(presetGraph('zero-init-injection', 11, { 'attn1.fromPhase': 0, 'attn2.fromPhase': 0, 'attn1.mode': 'ungated', 'attn2.mode': 'ungated' }));
    for (const id of [...LAYERS, 'res2b']) expect(ungated[id]).not.toEqual(bare[id]);
  });

  it('trains only the gates, prefixes and bind network in the binding phase, without leaking', async () => {
    await useBackend('wasm');
    const g = presetGraph('zero-init-injection', 2);
    g.training.dataset = { name: 'captioned-shapes', samples: 100 };
    g.training.phases = g.training.phases!.map((p) => ({ ...p, steps: 2 }));
    g.training.steps = 4;
    await trainStepsNoLeak(g, 4);
    const r = compile(g);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const nameOf = new Map([...r.value.model.variables].map(([name, v]) => [v, name] as const));
    const bindPhase = r.value.model.trainableVariables(new Set(g.training.phases![1]!.train)).map((v) => nameOf.get(v)).sort();
    expect(bindPhase).toEqual(['attn1/gate', 'attn1/prefix', 'attn2/gate', 'attn2/prefix', 'bind1/bias', 'bind1/kernel', 'bind2/bias', 'bind2/kernel']);
    r.value.model.dispose();
  });
});
