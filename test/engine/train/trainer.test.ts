import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { compile, generateDataset, getPreset, prepareData, runGraph, train, type Graph, type TrainEvent } from '../../../engine';
import { chain } from '../../helpers/graphs';
import { useBackend } from '../../helpers/backend';

// A Dense/tanh chain would take the plain-JavaScript path (tested in plain-path.test.ts); these tests are of the tfjs loop.
const tfjs = { path: 'tfjs' } as const;
const small = (): Graph => chain([['x', 'Input'], ['h', 'Dense', { units: 8 }], ['a', 'Activation', { fn: 'tanh' }], ['o', 'Dense', { units: 2 }], ['y', 'Output']]);

describe('trainer', () => {
  beforeAll(() => useBackend('wasm'));

  it('trains the spiral gated MLP to at least 0.95 held-out accuracy', async () => {
    const { summary } = await runGraph(getPreset('spiral-gated-mlp')!.graph);
    expect(summary.accuracy).toBeGreaterThanOrEqual(0.95);
    expect(summary.loss).toBeLessThan(summary.firstLoss);
  });

  it('is deterministic: same seed and backend, same losses to 1e-6', async () => {
    const g = small();
    const a = await runGraph(g, { steps: 40, ...tfjs });
    const b = await runGraph(g, { steps: 40, ...tfjs });
    expect(Math.abs(a.summary.loss - b.summary.loss)).toBeLessThan(1e-6);
    expect(a.summary.history.map((h) => h.loss)).toEqual(b.summary.history.map((h) => h.loss));
    const c = await runGraph({ ...g, training: { ...g.training, seed: 2 } }, { steps: 40, ...tfjs });
    expect(c.summary.loss).not.toBe(a.summary.loss);
  });

  it('asked for no step metrics, reads the loss alone: the same losses, no accuracy, fewer ops a step', async () => {
    const g = small();
    const r = compile(g);
    if (!r.ok) throw new Error('compile failed');
    const session = prepareData(r.value, generateDataset(g));
    const start = await r.value.model.readWeights();
    const stepsOf = async (stepMetrics: boolean) => {
      r.value.model.writeWeights(start);
      const events: TrainEvent[] = [];
      const kernels = (await tf.profile(async () => { for await (const e of train(r.value, session, { steps: 5, evalEvery: 0, finalEval: false, stepMetrics, ...tfjs })) events.push(e); })).kernels.length;
      return { steps: events.filter((e) => e.kind === 'step'), kernels };
    };
    const full = await stepsOf(true), lean = await stepsOf(false);
    expect(lean.steps.map((e) => e.kind === 'step' && e.loss)).toEqual(full.steps.map((e) => e.kind === 'step' && e.loss));
    expect(full.steps.every((e) => e.kind === 'step' && e.accuracy !== undefined && e.taskLoss !== undefined)).toBe(true);
    expect(lean.steps.some((e) => e.kind === 'step' && (e.accuracy !== undefined || e.taskLoss !== undefined))).toBe(false);
    expect(lean.kernels).toBeLessThan(full.kernels);
    session.dispose();
    r.value.model.dispose();
  });

  it('leaks no tensors: the count after step 10 equals the count after step 1000', async () => {
    const g = small();
    const r = compile(g);
    if (!r.ok) throw new Error('compile failed');
    const session = prepareData(r.value, generateDataset(g));
    const counts: Record<number, number> = {};
    for await (const e of train(r.value, session, { steps: 1000, evalEvery: 100, statsEvery: 50, ...tfjs })) {
      if (e.kind === 'step' && (e.step === 10 || e.step === 1000)) counts[e.step] = tf.memory().numTensors;
    }
    expect(counts[1000]).toBe(counts[10]);
    session.dispose();
    r.value.model.dispose();
  });

  it('stops on NaN, names the step, and keeps finite weights', async () => {
    const g = small();
    const r = compile(g);
    if (!r.ok) throw new Error('compile failed');
    const session = prepareData(r.value, generateDataset(g));
    const events: TrainEvent[] = [];
    const kernel = r.value.model.variables.get('h/kernel')!;
    for await (const e of train(r.value, session, { steps: 100, ...tfjs })) {
      events.push(e);
      if (e.kind === 'step' && e.step === 30) kernel.assign(tf.fill(kernel.shape, NaN));
    }
    const failed = events.find((e) => e.kind === 'failed');
    expect(failed?.kind === 'failed' && failed.error.code).toBe('NON_FINITE');
    expect(failed?.kind === 'failed' && failed.error.message).toContain('step 31');
    expect(failed?.kind === 'failed' && failed.error.message).toContain('step 25');
    expect(events.filter((e) => e.kind === 'step').length).toBe(30);
    for (const v of r.value.model.variables.values()) expect(tf.all(tf.isFinite(v)).dataSync()[0]).toBe(1);
    session.dispose();
    r.value.model.dispose();
  });

  it('stops on a loss that blows up before applying its gradients', async () => {
    const g = small();
    g.training.optimizer = { name: 'sgd', learningRate: 10 };
    g.nodes[1]!.params = { units: 8, init: 'he' };
    const { summary } = await runGraph({ ...g, training: { ...g.training, dataset: { name: 'spiral', samples: 200, noise: 0.05, classes: 2 } } }, { steps: 300, ...tfjs });
    // Either it survives or it stops with a located NON_FINITE error; never a crash.
    if (summary.error) expect(summary.error.code).toBe('NON_FINITE');
  });

  it('honours phases: frozen nodes keep their weights', async () => {
    const g = small();
    g.training.phases = [{ name: 'head only', steps: 20, freeze: ['h'] }, { name: 'all', steps: 10 }];
    g.training.steps = 30;
    const r = compile(g);
    if (!r.ok) throw new Error('compile failed');
    const session = prepareData(r.value, generateDataset(g));
    const before = r.value.model.variables.get('h/kernel')!.dataSync().slice();
    const headBefore = r.value.model.variables.get('o/kernel')!.dataSync().slice();
    let afterPhase1: Float32Array | undefined;
    const phases = new Set<string>();
    for await (const e of train(r.value, session)) {
      if (e.kind === 'step') {
        phases.add(e.phase ?? '');
        if (e.step === 20) afterPhase1 = r.value.model.variables.get('h/kernel')!.dataSync().slice() as Float32Array;
      }
    }
    expect(Array.from(afterPhase1!)).toEqual(Array.from(before));
    expect(Array.from(r.value.model.variables.get('o/kernel')!.dataSync())).not.toEqual(Array.from(headBefore));
    expect(Array.from(r.value.model.variables.get('h/kernel')!.dataSync())).not.toEqual(Array.from(before));
    expect([...phases]).toEqual(['head only', 'all']);
    session.dispose();
    r.value.model.dispose();
  });

  it('reports statistics from the probe pass under telemetry names', async () => {
    const { summary } = await runGraph(getPreset('spiral-gated-mlp')!.graph, { steps: 20, statsEvery: 10 });
    const m1 = summary.stats.m1!;
    expect(m1.gateMean).toBeGreaterThan(0);
    expect(m1.gateMean).toBeLessThan(1);
    expect((m1.gateHistogram as number[]).length).toBe(20);
    expect(summary.stats['@model']!.denseFlopsPerExample).toBeGreaterThan(0);
  });
});
