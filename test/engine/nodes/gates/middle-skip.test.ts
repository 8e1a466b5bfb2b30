import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { compile, type Graph } from '../../../../engine';
import { MiddleSkipStack, blockFlops, gateScoreBias, meanTargets } from '../../../../engine/nodes/gates/middle-skip';
import { attentionHeads } from '../../../../engine/nodes/attention';
import { forEachBackend, useBackend } from '../../../helpers/backend';
import { applyNode, trainStepsNoLeak, values } from './node-harness';

function stackGraph(stack: Record<string, number | string | boolean> = {}): Graph {
  const n = (id: string, type: string, params?: Record<string, number | string | boolean>) => ({ id, type, ...(params ? { params } : {}) });
  const ids = ['x', 'emb', 'stack', 'head', 'y'];
  return {
    format: 'gatelab/graph', version: 1, name: 'stack',
    nodes: [n('x', 'Input'), n('emb', 'Embedding', { dim: 8 }), n('stack', 'MiddleSkipStack', { layers: 4, heads: 2, ...stack }), n('head', 'ClassifierHead'), n('y', 'Output')],
    edges: ids.slice(1).map((id, i) => ({ id: `e${i}`, source: ids[i]!, sourceHandle: 'out', target: id, targetHandle: 'in' })),
    training: { dataset: { name: 'sink-stream', samples: 60, length: 6, ordinary: 4, triggers: 1 }, optimizer: { name: 'adam', learningRate: 0.01 }, batchSize: 8, steps: 3, seed: 1 },
  };
}

/** The stack's variables from a compiled graph, with `over` replacing some of them. */
function stackVars(graph: Graph, over: Record<string, tf.Tensor> = {}): { vars: Record<string, tf.Tensor>; dispose: () => void } {
  const r = compile(graph);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const vars: Record<string, tf.Tensor> = {};
  for (const [name, v] of r.value.model.variables) if (name.startsWith('stack/')) vars[name.slice('stack/'.length)] = v;
  return { vars: { ...vars, ...over }, dispose: () => r.value.model.dispose() };
}

describe('MiddleSkipStack', () => {
  it('spaces the mean targets from outer to inner layers and mirrors them', () => {
    expect(meanTargets(4, 1, 0.5)).toEqual([1, 0.5, 0.5, 1]);
    expect(meanTargets(6, 1, 0.5)).toEqual([1, 0.75, 0.5, 0.5, 0.75, 1]);
  });

  it('accumulates the soft masks, mirrors the gates, and counts skipped blocks as free', async () => {
    await useBackend('cpu');
    const g = stackGraph();
    // Each mask head adds 0.6 whatever the token: S = 0.6 then 1.2, so g = [0.4, 0, 0, 0.4].
    const over = { 'mask0/w': tf.zeros([8, 1]), 'mask0/b': tf.tensor1d([0.6]), 'mask1/w': tf.zeros([8, 1]), 'mask1/b': tf.tensor1d([0.6]) };
    const { vars, dispose } = stackVars(g, over);
    tf.tidy(() => {
      const x = tf.randomNormal([2, 6, 8], 0, 1, 'float32', 1);
      const { records } = applyNode(MiddleSkipStack, { in: x }, vars, { layers: 4, heads: 2 });
      const perLayer = (t: tf.Tensor) => tf.mean(tf.reshape(t, [4, -1]), 1);
      expect(values(perLayer(records.gate!)).map((v) => +v.toFixed(5))).toEqual([0.4, 0, 0, 0.4]);
      expect(values(perLayer(records.skip!))).toEqual([0, 1, 1, 0]);
      const block = blockFlops(6, 8) / 6, mask = 2 * 8 + 2;
      expect(values(records.compute!)[0]).toBeCloseTo((2 * block + 2 * mask) / (4 * block + 2 * mask), 6);
    });
    dispose();
    tf.dispose(Object.values(over));
  });

  it('Intervene: forcing the middle blocks off skips exactly those for every token, in both gating modes; forcing all gives the input back', async () => {
    await useBackend('cpu');
    const { vars, dispose } = stackVars(stackGraph());
    tf.tidy(() => {
      const x = tf.randomNormal([2, 6, 8], 0, 1, 'float32', 3);
      const perLayer = (t: tf.Tensor) => values(tf.mean(tf.reshape(t, [4, -1]), 1));
      const two = applyNode(MiddleSkipStack, { in: x }, vars, { layers: 4, heads: 2 }, { interventions: { 'n.skipMiddle': 2 } });
      expect(perLayer(two.records.skip!).slice(1, 3)).toEqual([1, 1]);
      expect(perLayer(two.records.gate!).slice(1, 3)).toEqual([0, 0]);
      for (const gating of ['gated', 'dense']) {
        const all = applyNode(MiddleSkipStack, { in: x }, vars, { layers: 4, heads: 2, gating }, { interventions: { 'n.skipMiddle': 9 } }).out.out!;
        expect(values(all)).toEqual(values(x));
      }
      const none = applyNode(MiddleSkipStack, { in: x }, vars, { layers: 4, heads: 2 }, { interventions: { 'n.skipMiddle': 0 } }).out.out!;
      expect(values(none)).toEqual(values(applyNode(MiddleSkipStack, { in: x }, vars, { layers: 4, heads: 2 }).out.out!));
    });
    dispose();
  });

  it('starts as the dense stack, bit for bit, with zero-initialised masks', async () => {
    await useBackend('wasm');
    const { vars, dispose } = stackVars(stackGraph({ maskInit: 'zero' }));
    tf.tidy(() => {
      const x = tf.randomNormal([2, 6, 8], 0, 1, 'float32', 2);
      const gated = applyNode(MiddleSkipStack, { in: x }, vars, { layers: 4, heads: 2, maskInit: 'zero' }).out.out!;
      const dense = applyNode(MiddleSkipStack, { in: x }, vars, { layers: 4, heads: 2, gating: 'dense' }).out.out!;
      expect(values(gated)).toEqual(values(dense));
    });
    dispose();
  });

  it('hides skipped tokens from attention on the key axis; the released query-axis bias changes nothing', async () => {
    await useBackend('cpu');
    tf.tidy(() => {
      const x = tf.randomNormal([1, 5, 4], 0, 1, 'float32', 3);
      const w = { wq: tf.randomNormal([4, 4], 0, 1, 'float32', 4), wk: tf.randomNormal([4, 4], 0, 1, 'float32', 5), wv: tf.eye(4), wo: tf.eye(4) };
      const g = tf.tensor2d([[1, 0, 1, 0.5, 1]]);
      const plain = attentionHeads(x, w, 2, 'causal').A;
      const key = attentionHeads(x, w, 2, 'causal', gateScoreBias(g, 'key')).A;
      const query = attentionHeads(x, w, 2, 'causal', gateScoreBias(g, 'query')).A;
      const toSkipped = tf.slice(key, [0, 0, 2, 1], [1, 2, 3, 1]);     // queries 2..4 looking at token 1
      expect(tf.max(toSkipped).dataSync()[0]).toBeLessThan(1e-5);
      expect(tf.max(tf.abs(tf.sub(query, plain))).dataSync()[0]).toBeLessThan(1e-6);
    });
  });

  it('moves the controller coefficients towards the targets after a training step', async () => {
    await useBackend('cpu');
    const { vars, dispose } = stackVars(stackGraph({ maskInit: 'zero' }));
    const before = { mean: values(vars.coefMean!), var: values(vars.coefVar!) };
    tf.tidy(() => {
      const x = tf.randomNormal([2, 6, 8], 0, 1, 'float32', 6);
      // g = 1 everywhere: means [1, 1, 1, 1] against targets [1, .5, .5, 1]; variances 0 against [0, .25, .25, 0].
      const { losses } = applyNode(MiddleSkipStack, { in: x }, vars, { layers: 4, heads: 2, maskInit: 'zero', controllerRate: 0.1 }, { training: true });
      expect(values(losses.gateMoments!)[0]).toBe(0);                 // coefficients start at 0
    });
    expect(before.mean).toEqual([0, 0, 0, 0]);
    expect(values(vars.coefMean!).map((v) => +v.toFixed(6))).toEqual([0, 0.1, 0.1, 0]);
    expect(values(vars.coefVar!).map((v) => +v.toFixed(6))).toEqual([0, -0.1, -0.1, 0]);
    dispose();
  });

  it('refuses an odd number of layers', () => {
    const ctx = { nodeId: 'n', dataset: { name: 'd', task: 'classification' as const, classes: 2, fields: {}, targetShape: [] } };
    const p = Object.fromEntries(Object.entries(MiddleSkipStack.params).map(([k, s]) => [k, s.default]));
    expect(MiddleSkipStack.infer({ in: { shape: ['B', 4, 8], dtype: 'float32' } }, { ...p, layers: 3 } as never, ctx)).toHaveProperty('error');
  });
});

forEachBackend('MiddleSkipStack trains', () => {
  it('takes gated training steps without leaking', async () => {
    await trainStepsNoLeak(stackGraph({ controllerRate: 0.01 }), 3);
  });
  it('takes dense training steps without leaking', async () => {
    await trainStepsNoLeak(stackGraph({ gating: 'dense' }), 2);
  });
});
