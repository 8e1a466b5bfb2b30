/**
 * Tracing one example: the gate a Multiply records for one held-out example
 * equals sigmoid of the gate's Dense output computed by hand from the weights
 * and that example's input; the prediction is the argmax of the model's
 * output on that row; a token of a sequence record is cut at its position;
 * the misclassified list is exactly the rows whose argmax misses the label.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { compile, generateDataset, getPreset, prepareData, PRESETS, type StatSpec } from '../../../engine';
import { misclassified, traceExample, traceRecord } from '../../../engine/stats/trace';
import { spiralGraph } from '../../helpers/graphs';
import { useBackend } from '../../helpers/backend';

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('traceExample', () => {
  beforeAll(() => useBackend('cpu'));

  it('a Multiply gate of one example is sigmoid of its Dense output; the prediction is that row’s argmax', async () => {
    const g = spiralGraph('trace', [
      { id: 'v', type: 'Dense', params: { units: 3 }, from: { in: 'x' } },
      { id: 'g', type: 'Dense', params: { units: 3 }, from: { in: 'x' } },
      { id: 's', type: 'Activation', params: { fn: 'sigmoid' }, from: { in: 'g' } },
      { id: 'm', type: 'Multiply', from: { a: 'v', b: 's' } },
      { id: 'logits', type: 'Dense', params: { units: 2 }, from: { in: 'm' } },
    ]);
    g.training.dataset = { name: 'spiral', samples: 40, noise: 0.05, classes: 2 };
    const c = compile(g);
    if (!c.ok) throw new Error('compile');
    const session = prepareData(c.value, generateDataset(g));
    const before = tf.memory().numTensors;
    const i = 3;
    const t = await traceExample(c.value, session.test, i);
    expect(tf.memory().numTensors).toBe(before);

    const x = Array.from((await session.test.inputs['x']!.data()).subarray(2 * i, 2 * i + 2));
    const w = await c.value.model.readWeights();
    const kernel = w.get('g/kernel')!.data, bias = w.get('g/bias')!.data;
    const byHand = [0, 1, 2].map((u) => sigmoid(x[0]! * kernel[u]! + x[1]! * kernel[3 + u]! + bias[u]!));
    const gate = t.nodes.find((n) => n.nodeId === 'm')!.stats.find((s) => s.name === 'gate')!;
    expect(gate.shape).toEqual([3]);
    gate.values.forEach((v, u) => expect(v).toBeCloseTo(byHand[u]!, 5));
    expect(gate.mean).toBeCloseTo(byHand.reduce((a, b) => a + b, 0) / 3, 5);
    expect(t.nodes.map((n) => n.nodeId)).toEqual(['s', 'm']); // the watched sigmoid, then the Multiply, in the order they ran

    const logits = await tf.tidy(() => c.value.model.forward(session.test.inputs, { training: false }).pred).array() as number[][];
    const row = logits[i]!;
    const label = (await session.test.target.data())[i]!;
    expect(t.predicted).toEqual([row[1]! > row[0]! ? 1 : 0]);
    expect(t.label).toEqual([label]);
    expect(t.confidence).toBeCloseTo(sigmoid(Math.abs(row[1]! - row[0]!)), 5);
    expect(t.correct).toBe(t.predicted[0] === label);

    const wrong = await misclassified(c.value, session.test);
    const labels = await session.test.target.data();
    const missed = logits.flatMap((r, k) => ((r[1]! > r[0]! ? 1 : 0) !== labels[k] ? [k] : []));
    expect(missed.length).toBeGreaterThan(0);
    expect(wrong.map((m) => m.index).sort((a, b) => a - b)).toEqual(missed);
    session.dispose();
    c.value.model.dispose();
  });

  it('a sequence record gives the values of one token; per-layer records keep the layer axis; the router its experts, largest first', () => {
    const gate: StatSpec = { kind: 'gate', label: 'Gate', doc: '' };
    // [B=1, T=3, H=2]: token 1's values are the middle pair
    const seq = traceRecord('gate', gate, [0, 1, 2, 3, 4, 5], [1, 3, 2], { at: 1, length: 3 });
    expect([seq.values, seq.shape, seq.mean, seq.ofToken]).toEqual([[2, 3], [2], 2.5, true]);
    // [L=2, B=1, T=3]: token 2 in each layer
    const layers = traceRecord('skip', { kind: 'rate', label: 'Skip', doc: '', perItem: 'Layer' }, [0, 0, 1, 1, 0, 0], [2, 1, 3], { at: 2, length: 3 });
    expect([layers.values, layers.shape, layers.perItem]).toEqual([[1, 0], [2], 'Layer']);
    // a learned per-layer parameter has no token axis: the node's own figure
    expect(traceRecord('open', gate, [0.5, 0.25], [2], { at: 0, length: 3 }).ofToken).toBe(false);
    // flattened tokens [T=3, E=3]: token 0's weights
    const r = traceRecord('routing', { kind: 'routing', label: 'Routing', doc: '' }, [0.25, 0, 0.75, 1, 0, 0, 0, 0, 1], [3, 3], { at: 0, length: 3 });
    expect(r.experts).toEqual([{ expert: 2, weight: 0.75 }, { expert: 0, weight: 0.25 }]);
  });
});

describe('misclassified tokens', () => {
  beforeAll(() => useBackend('cpu'));

  it('each listed token, traced, is predicted as listed and wrong; the list is most confident first', async () => {
    const g = structuredClone(getPreset('gated-attention')!.graph);
    g.training.dataset = { name: 'sink-stream', samples: 100 };
    const c = compile(g);
    if (!c.ok) throw new Error('compile');
    const session = prepareData(c.value, generateDataset(g));
    const wrong = await misclassified(c.value, session.test, 5);
    expect(wrong).toHaveLength(5);
    expect(wrong.map((m) => m.confidence)).toEqual([...wrong.map((m) => m.confidence)].sort((a, b) => b - a));
    for (const m of wrong.slice(0, 2)) {
      const t = await traceExample(c.value, session.test, m.index, m.position);
      expect([t.position, t.predicted[0], t.label[0], t.correct]).toEqual([m.position, m.predicted, m.label, false]);
      expect(t.confidence).toBeCloseTo(m.confidence, 5);
      expect(t.tokens).toHaveLength(32);
    }
    session.dispose();
    c.value.model.dispose();
  });
});

describe('traceExample on every preset', () => {
  beforeAll(() => useBackend('cpu'));

  it('traces the first held-out example (its last token) of each preset, with a prediction and every gated node', async () => {
    for (const p of PRESETS) {
      const c = compile(p.graph);
      if (!c.ok) throw new Error(`${p.slug} does not compile`);
      const session = prepareData(c.value, generateDataset(p.graph));
      const t = await traceExample(c.value, session.test, 0);
      const declared = p.graph.nodes.filter((n) => Object.values(c.value.model.nodeDef(n.id)?.stats ?? {}).some((s) => s.kind !== 'attention')).map((n) => n.id);
      expect(t.nodes.map((n) => n.nodeId), p.slug).toEqual(expect.arrayContaining(declared));
      expect(t.predicted.length, p.slug).toBeGreaterThan(0);
      // scalars per item are NaN where the one example has no such item
      for (const s of t.nodes.flatMap((n) => n.stats)) if (s.kind !== 'scalar') expect(s.values.every(Number.isFinite), `${p.slug} ${s.name}`).toBe(true);
      session.dispose();
      c.value.model.dispose();
    }
  });
});
