import { describe, it, expect, beforeAll, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { compile, generateDataset, getPreset, prepareData, train, type Graph, type TrainEvent } from '../../../../engine';
import { maxRelDiff, run, steps } from './runs';
import { chain, clone } from '../../../helpers/graphs';
import { useBackend } from '../../../helpers/backend';

const mlp = (training?: Partial<Graph['training']>): Graph => {
  const g = chain([['x', 'Input'], ['h1', 'Dense', { units: 8 }], ['a1', 'Activation', { fn: 'tanh' }], ['h2', 'Dense', { units: 8, bias: false }], ['a2', 'Activation', { fn: 'relu' }], ['o', 'Dense', { units: 2 }], ['y', 'Output']]);
  g.training = { ...g.training, ...training };
  return g;
};

describe('plain-JavaScript training path', () => {
  beforeAll(() => useBackend('wasm'));

  it.each([
    ['adam', { optimizer: { name: 'adam', learningRate: 0.03 } }],
    ['sgd with momentum, warm-up and clipping', { optimizer: { name: 'sgd', learningRate: 0.1, momentum: 0.9 }, warmupSteps: 10, clipNorm: 0.5 }],
    ['adamw, silu and sigmoid', { optimizer: { name: 'adamw', learningRate: 0.01, weightDecay: 0.1 } }],
  ] as [string, Partial<Graph['training']>][])('trains the same weights as tfjs (%s): losses and weights agree to 1e-4 over 60 steps', async (_, training) => {
    const g = mlp(training);
    if (training.optimizer?.name === 'adamw') { g.nodes[2]!.params = { fn: 'silu' }; g.nodes[4]!.params = { fn: 'sigmoid' }; }
    const opts = { steps: 60, evalEvery: 20, statsEvery: 30 };
    const fast = await run(g, opts), slow = await run(g, { ...opts, path: 'tfjs' });
    expect(fast.plain).toBe(true);
    expect(maxRelDiff(steps(fast.events).map((e) => e.loss), steps(slow.events).map((e) => e.loss))).toBeLessThan(1e-4);
    expect(steps(fast.events).map((e) => e.accuracy)).toEqual(steps(slow.events).map((e) => e.accuracy));
    fast.weights.forEach((w, i) => expect(maxRelDiff(w, slow.weights[i]!)).toBeLessThan(1e-3));
    // The same events in the same order: evaluations and statistics on the same schedule.
    expect(fast.events.map((e) => `${e.kind}@${e.step}`)).toEqual(slow.events.map((e) => `${e.kind}@${e.step}`));
    const evalOf = (es: TrainEvent[]) => es.filter((e) => e.kind === 'eval').map((e) => (e.kind === 'eval' ? e.loss : 0));
    expect(maxRelDiff(evalOf(fast.events), evalOf(slow.events))).toBeLessThan(1e-3);
  });

  it('is taken automatically for the spiral MLP preset, which still reaches 0.95', async () => {
    const g = clone(getPreset('spiral-mlp')!.graph);
    const { events, plain } = await run(g, {});
    expect(plain).toBe(true);
    const last = events.filter((e) => e.kind === 'eval').at(-1);
    expect(last?.kind === 'eval' && last.accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('leaves graphs it cannot reproduce to tfjs, and says why', async () => {
    const normed = mlp();
    normed.nodes[2] = { id: 'a1', type: 'LayerNorm' };
    expect((await run(normed, { steps: 1 })).reason).toBe('node type LayerNorm');
    const phased = mlp();
    phased.training.phases = [{ name: 'a', steps: 1 }];
    phased.training.steps = 1;
    expect((await run(phased, { steps: 1 })).reason).toBe('training phases');
    const wide = mlp();
    wide.nodes[1]!.params = { units: 4096 };
    expect((await run(wide, { steps: 1 })).reason).toMatch(/multiply-adds/);
  });

  it('writes the weights into tfjs only when something reads them: never per step, once for an evaluation', async () => {
    const g = mlp();
    const r = compile(g);
    if (!r.ok) throw new Error('compile failed');
    const session = prepareData(r.value, generateDataset(g));
    const assign = vi.spyOn(tf.Variable.prototype, 'assign');
    const writesAt: Record<string, number> = {};
    for await (const e of train(r.value, session, { steps: 40, evalEvery: 20, finalEval: false })) writesAt[`${e.kind}@${e.step}`] = assign.mock.calls.length;
    const vars = r.value.model.allVariables().length;
    // Steps 1-19 wrote nothing; the evaluation at 20 wrote each weight once, as did the one at 40.
    expect(writesAt['step@19']).toBe(0);
    expect(writesAt['eval@20']).toBe(vars);
    expect(writesAt['step@39']).toBe(vars);
    expect(writesAt['eval@40']).toBe(2 * vars);
    assign.mockRestore();
    session.dispose();
    r.value.model.dispose();
  });

  it('leaks no tensors: the count after step 10 equals the count after step 500', async () => {
    const g = mlp();
    const r = compile(g);
    if (!r.ok) throw new Error('compile failed');
    const session = prepareData(r.value, generateDataset(g));
    const counts: Record<number, number> = {};
    for await (const e of train(r.value, session, { steps: 500, evalEvery: 50, statsEvery: 25 })) {
      if (e.kind === 'step' && (e.step === 10 || e.step === 500)) counts[e.step] = tf.memory().numTensors;
    }
    expect(counts[500]).toBe(counts[10]);
    session.dispose();
    r.value.model.dispose();
  });

  it('stops on a loss that blows up, names the step, and leaves finite weights in the model', async () => {
    const g = mlp({ optimizer: { name: 'sgd', learningRate: 1e30 } });
    const { events, weights, plain } = await run(g, { steps: 50 });
    expect(plain).toBe(true);
    const failed = events.find((e) => e.kind === 'failed');
    expect(failed?.kind === 'failed' && failed.error.code).toBe('NON_FINITE');
    expect(failed?.kind === 'failed' && failed.error.message).toContain(`step ${failed?.step}`);
    expect(weights.flat().every(Number.isFinite)).toBe(true);
  });
});
