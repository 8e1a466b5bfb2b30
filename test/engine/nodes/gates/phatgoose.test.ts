import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { LoRAExpertBank, PostHocRouter, gateScores } from '../../../../engine/nodes/gates/phatgoose';
import { MultiTaskRegions, gridLabel } from '../../../../engine/data/multi-task-regions';
import { MultiTaskTokens } from '../../../../engine/data/multi-task-tokens';
import { forEachBackend, useBackend } from '../../../helpers/backend';
import { gen } from '../../data/helpers';
import { applyNode, compareVariants, presetGraph, trainStepsNoLeak } from './routing-helpers';

const standardise = (v: number[]) => {
  const m = v.reduce((a, b) => a + b) / v.length;
  const s = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length + 1e-6);
  return v.map((q) => (q - m) / s);
};
const softmax = (v: number[]) => { const e = v.map(Math.exp); const z = e.reduce((a, b) => a + b); return e.map((q) => q / z); };

describe('multi-task-regions', () => {
  it('tasks relabel the generic checkerboard; the mixture is held out; deterministic', () => {
    const d = gen(MultiTaskRegions, 4, { samples: 600 });
    expect(gen(MultiTaskRegions, 4, { samples: 600 }).inputs['x']!.data).toEqual(d.inputs['x']!.data);
    const x = d.inputs['x']!.data, task = d.inputs['task']!.data, group = d.inputs['group']!.data;
    let generic = 0, mixture = 0;
    for (let i = 0; i < 600; i++) {
      const g = gridLabel(x[2 * i]!, x[2 * i + 1]!);
      if (task[i] === 4) { generic++; expect(d.target.data[i]).toBe(g); expect(group[i]).toBe(4); }
      else {
        expect(d.target.data[i]).not.toBe(g);                  // every task renames every colour
        if (task[i] === 5) { mixture++; expect(d.heldOut![i]).toBe(1); } else { expect(task[i]).toBe(group[i]); expect(d.heldOut![i]).toBe(0); }
      }
    }
    expect(generic).toBeGreaterThan(120);
    expect(mixture).toBeGreaterThan(40);
  });
});

describe('multi-task-tokens', () => {
  it('task sequences keep one task; mixture sequences mix tasks token by token and are held out', () => {
    const d = gen(MultiTaskTokens, 4, { samples: 300, length: 6 });
    expect(d.inputs['x']!.shape).toEqual([300, 6, 2]);
    const task = d.inputs['task']!.data, group = d.inputs['group']!.data;
    let mixed = 0;
    for (let i = 0; i < 300; i++) {
      const tasks = new Set(Array.from({ length: 6 }, (_, j) => task[i * 6 + j]));
      const sources = new Set(Array.from({ length: 6 }, (_, j) => group[i * 6 + j]));
      expect(tasks.size).toBe(1);                                   // a task id per sequence…
      if (task[i * 6] === 5) { expect(d.heldOut![i]).toBe(1); if (sources.size > 1) mixed++; }
      else { expect(d.heldOut![i]).toBe(0); expect(sources).toEqual(tasks); }   // …and outside the mixture one source
    }
    expect(mixed).toBeGreaterThan(20);
  });
});

forEachBackend('PHATGOOSE nodes', () => {
  const x = [[1, 2, 0], [0, -1, 3]];
  const gates = [[0.5, 0, -0.5], [1, 1, 0], [0, 0, 2]];

  it('routing scores are standardised dot products over √d; top-2 renormalised at inference', () => {
    tf.tidy(() => {
      const s = gateScores(tf.tensor2d(x), tf.tensor2d(gates)).arraySync() as number[][];
      x.forEach((row, i) => gates.forEach((g, t) => {
        const a = standardise(row), b = standardise(g);
        expect(s[i]![t]).toBeCloseTo(a.reduce((acc, v, k) => acc + v * b[k]!, 0) / Math.sqrt(3), 4);
      }));
      const { out, records } = applyNode(PostHocRouter, { in: tf.tensor2d(x), group: tf.tensor1d([2, 0], 'int32') }, { gates: tf.tensor2d(gates) }, { experts: 3, k: 2 });
      const w = out.weights!.arraySync() as number[][];
      s.forEach((row, i) => {
        const p = softmax(row);
        const drop = p.indexOf(Math.min(...p));
        const kept = p.map((q, t) => (t === drop ? 0 : q));
        const z = kept.reduce((a, b) => a + b);
        kept.forEach((q, t) => expect(w[i]![t]).toBeCloseTo(q / z, 5));
      });
      const top = w.map((row) => row.indexOf(Math.max(...row)));
      expect(records.routingAccuracy!.arraySync()).toBeCloseTo(((top[0] === 2 ? 1 : 0) + (top[1] === 0 ? 1 : 0)) / 2, 6);
    });
  });

  it('switching off an expert: routed, the next best takes its place (renormalised); merged, the others share; oracle, nothing', () => {
    tf.tidy(() => {
      const s = gateScores(tf.tensor2d(x), tf.tensor2d(gates)).arraySync() as number[][];
      const inputs = { in: tf.tensor2d(x), task: tf.tensor1d([1, 0], 'int32') };
      const v = { gates: tf.tensor2d(gates) };
      const off = { interventions: { 'n.offExpert': 1 } };
      const routed = applyNode(PostHocRouter, inputs, v, { experts: 3, k: 2 }, off).out.weights!.arraySync() as number[][];
      // with expert 1 gone only experts 0 and 2 are left: both kept, softmax over their two scores
      s.forEach((row, i) => {
        const z = Math.exp(row[0]!) + Math.exp(row[2]!);
        expect(routed[i]![0]).toBeCloseTo(Math.exp(row[0]!) / z, 5);
        expect(routed[i]![1]).toBe(0);
        expect(routed[i]![2]).toBeCloseTo(Math.exp(row[2]!) / z, 5);
      });
      const merged = applyNode(PostHocRouter, inputs, v, { experts: 3, mode: 'merge' }, off).out.weights!.arraySync() as number[][];
      merged.forEach((row) => row.forEach((q, t) => expect(q).toBeCloseTo(t === 1 ? 0 : 0.5, 6)));
      expect(applyNode(PostHocRouter, inputs, v, { experts: 3, mode: 'oracle' }, off).out.weights!.arraySync()).toEqual([[0, 0, 0], [1, 0, 0]]);
    });
  });

  it('training: each example reaches only its own task’s expert, gated by σ(v·x) from the gate phase on; merge is uniform', () => {
    tf.tidy(() => {
      const inputs = { in: tf.tensor2d(x), task: tf.tensor1d([1, 3], 'int32') };       // task 3: no expert (generic)
      const v = { gates: tf.tensor2d(gates) };
      const ungated = applyNode(PostHocRouter, inputs, v, { experts: 3, gatePhase: 2 }, { training: true, phase: 1 });
      expect(ungated.out.weights!.arraySync()).toEqual([[0, 1, 0], [0, 0, 0]]);
      const gated = applyNode(PostHocRouter, inputs, v, { experts: 3, gatePhase: 2 }, { training: true, phase: 2 });
      const g = gated.out.weights!.arraySync() as number[][];
      expect(g[0]![1]).toBeCloseTo(1 / (1 + Math.exp(-(1 * 1 + 2 * 1))), 6);
      expect(g[1]).toEqual([0, 0, 0]);
      const merged = applyNode(PostHocRouter, inputs, v, { experts: 3, mode: 'merge' });
      (merged.out.weights!.arraySync() as number[][]).flat().forEach((q) => expect(q).toBeCloseTo(1 / 3, 6));
    });
  });

  // Hand-computed: token [1, 2, 0] scores the experts 1.5, 2.60, −2.60 (expert 1 best); token [0, −1, 3]
  // scores −2.16, −2.91, 2.91 (expert 2); their mean [0.5, 0.5, 1.5] standardises to gate 2's own direction
  // (scores −2.60, −3, 3): pooled, both tokens of either sequence take expert 2. Expert e's update reads x_e.
  it('token-wise routing on a constructed batch: each token its own expert; pooled, the sequence’s mean token decides', () => {
    tf.tidy(() => {
      const a = [1, 2, 0], b = [0, -1, 3];
      const tokens = tf.tensor3d([[a, b], [b, a]]);                // B = 2 sequences of T = 2 tokens
      const v = { gates: tf.tensor2d(gates) };
      const route = (mode: string) => applyNode(PostHocRouter, { in: tokens, group: tf.tensor2d([[1, 2], [2, 1]], [2, 2], 'int32') }, v, { experts: 3, k: 1, mode });
      const perToken = route('posthoc');
      expect(perToken.out.weights!.arraySync()).toEqual([[[0, 1, 0], [0, 0, 1]], [[0, 0, 1], [0, 1, 0]]]);
      expect(perToken.records.routingAccuracy!.arraySync()).toBeCloseTo(1, 6);
      const pooled = route('pooled');
      expect(pooled.out.weights!.arraySync()).toEqual([[[0, 0, 1], [0, 0, 1]], [[0, 0, 1], [0, 0, 1]]]);
      expect(pooled.records.routingAccuracy!.arraySync()).toBeCloseTo(0.5, 6);
      const bank = (w: tf.Tensor) => applyNode(LoRAExpertBank, { in: tokens, weights: w }, { A: tf.tensor3d([[[1], [0], [0]], [[0], [1], [0]], [[0], [0], [1]]]), B: tf.ones([3, 1, 1]) }, { units: 1, rank: 1 }).out.out!.arraySync();
      expect(bank(perToken.out.weights!)).toEqual([[[2], [3]], [[3], [2]]]);
      expect(bank(pooled.out.weights!)).toEqual([[[0], [3]], [[3], [0]]]);
      // k = 2: a sequence's tokens get exactly what the same vectors get as separate examples
      const flat = applyNode(PostHocRouter, { in: tf.tensor2d([a, b, b, a]) }, v, { experts: 3, k: 2 }).out.weights!;
      const seq = applyNode(PostHocRouter, { in: tokens }, v, { experts: 3, k: 2 }).out.weights!;
      expect(tf.reshape(seq, [4, 3]).arraySync()).toEqual(flat.arraySync());
      // training: each token reaches only its own task's expert
      const own = applyNode(PostHocRouter, { in: tokens, task: tf.tensor2d([[0, 3], [2, 0]], [2, 2], 'int32') }, v, { experts: 3, gatePhase: 2 }, { training: true, phase: 1 });
      expect(own.out.weights!.arraySync()).toEqual([[[1, 0, 0], [0, 0, 0]], [[0, 0, 1], [1, 0, 0]]]);
    });
  });

  it('LoRA bank: Σ_t w_t (x A_t) B_t / r; zero B changes nothing', () => {
    tf.tidy(() => {
      const A = tf.tensor3d([[[1], [0]], [[0], [2]]]);          // E = 2, D = 2, r = 1
      const B = tf.tensor3d([[[1, -1]], [[3, 0]]]);              // U = 2
      const xin = tf.tensor2d([[1, 2]]);
      const { out, records } = applyNode(LoRAExpertBank, { in: xin, weights: tf.tensor2d([[0.25, 0.75]]) }, { A, B }, { units: 2, rank: 1 });
      // expert 0: (x·[1,0]) = 1 → [1, −1]; expert 1: (x·[0,2]) = 4 → [12, 0]
      expect(out.out!.arraySync()).toEqual([[0.25 * 1 + 0.75 * 12, -0.25]]);
      expect(records.compute!.arraySync()).toEqual([1]);
      const zero = applyNode(LoRAExpertBank, { in: xin, weights: tf.tensor2d([[0.5, 0.5]]) }, { A, B: tf.zerosLike(B) }, { units: 2, rank: 1 });
      expect(zero.out.out!.arraySync()).toEqual([[0, 0]]);
    });
  });

  it('a training step on the preset graph, no tensor leak', async () => {
    await trainStepsNoLeak(presetGraph('phatgoose'), 3);
  });
});

describe('phatgoose preset', () => {
  beforeAll(() => useBackend('wasm'));

  // The effect: on held-out sequences whose tokens come from different tasks, routing every token by
  // itself beats letting the sequence's mean token choose for all of them.
  it.each([11, 12])('seed %i: per-token routing beats per-example routing on the held-out mixture', async (seed) => {
    const g = presetGraph('phatgoose', seed);
    g.variants = g.variants!.filter((v) => v.name === 'per-token routing' || v.name === 'per-example routing');
    const r = await compareVariants(g, 600);
    const perToken = r['per-token routing']!.metrics, perExample = r['per-example routing']!.metrics;
    expect(perToken.heldOutAccuracy!).toBeGreaterThan(perExample.heldOutAccuracy! + 0.05);
    expect(r['per-token routing']!.stats.gate1!.routingAccuracy as number).toBeGreaterThan(0.5);   // the first layer routes best
  }, 400_000);
});
