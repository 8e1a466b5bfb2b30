/**
 * A run in the worker, driven headless in Node: what the page is told from
 * start to end, Pause/Step/Stop between steps, NaN and crashes, a run that
 * continues another's weights, and a backend lost mid-run that goes on on
 * the next backend from the rescued weights.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { train, type Graph, type TrainEvent } from '../../../engine';
import { RunControl } from '../../../src/worker/run-control';
import { trainRun, trainWithFailover, type StartMessage } from '../../../src/worker/training-run';
import { chain, squaredIntoRezero } from '../../helpers/graphs';
import { useBackend } from '../../helpers/backend';
import { fixedPickers, statesPosted, stepsPosted, until, workerContext } from './helpers';

// LayerNorm has no plain kernel, so this graph trains on tfjs and a backend matters.
const graph = (steps = 20): Graph => {
  const g = chain([['x', 'Input'], ['h', 'Dense', { units: 8 }], ['n', 'LayerNorm'], ['a', 'Activation'], ['head', 'ClassifierHead'], ['y', 'Output']]);
  g.training.steps = steps;
  return g;
};
const start = (runId: number, g: Graph, extra: Partial<StartMessage> = {}): StartMessage => ({ type: 'start', runId, graph: g, paused: false, ...extra });
const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

/** The engine's loop, but the backend "is lost" while taking step `k` (once). */
function losingDeviceAt(k: number, message = 'WebGPU device was lost'): typeof train {
  let armed = true;
  return async function* (c, s, o) {
    for await (const e of train(c, s, o)) {
      if (armed && e.kind === 'step' && e.step === k) { armed = false; throw new Error(message); }
      yield e;
    }
  };
}

describe('a run in the worker [wasm, then cpu]', () => {
  let before = 0;
  beforeEach(async () => { await useBackend('wasm'); before = tf.memory().numTensors; });
  afterEach(async () => { vi.restoreAllMocks(); await useBackend('wasm'); });
  // A backend failure is a warning, anything else an error.
  const quiet = () => ({ warn: vi.spyOn(console, 'warn').mockImplementation(() => {}), error: vi.spyOn(console, 'error').mockImplementation(() => {}) });

  it('trains to the end: says the total, posts every step and the live cadence of evaluations, and keeps the weights', async () => {
    const ctx = workerContext();
    const r = new RunControl(1, false);
    await trainWithFailover(ctx, r, start(1, graph(30)));
    const started = ctx.messages.find((m) => m.type === 'started');
    expect(started?.type === 'started' && started.info).toMatchObject({ total: 30, classification: true, datasetKind: 'points2d' });
    expect(stepsPosted(ctx.messages)).toEqual(range(1, 30));
    // live cadence at 30 steps: evaluation every max(1, round(30/60)) = 1 step.
    expect(ctx.messages.flatMap((m) => (m.type === 'tick' ? m.evals.map((e) => e.step) : []))).toEqual(range(1, 30));
    expect(statesPosted(ctx.messages)).toEqual(['running', 'done']);
    expect(ctx.messages[0]).toMatchObject({ type: 'backend', info: { name: 'wasm' } });
    expect(ctx.live.of(1)?.step).toBe(30);
    ctx.live.retire();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a graph not timed yet starts on wasm at once, shows its first step, then is timed and goes on on the fastest', async () => {
    const pickers = fixedPickers(['wasm']);
    let stepsBeforeTiming = -1;
    const ctx = workerContext({
      ...pickers,
      isMeasured: () => false,
      pickFastest: async () => {
        stepsBeforeTiming = stepsPosted(ctx.messages).length;
        await useBackend('cpu');
        return { name: 'cpu', reason: 'fastest on this graph: cpu 1 ms/step, wasm 2 ms', failed: [], requested: 'auto' };
      },
    });
    await trainWithFailover(ctx, new RunControl(1, false), start(1, graph(12)));
    expect(stepsBeforeTiming).toBe(1);
    const backends = ctx.messages.flatMap((m) => (m.type === 'backend' ? [m.info] : []));
    expect(backends.map((b) => b.name)).toEqual(['wasm', 'cpu']);
    expect(backends[0]!.reason).toMatch(/^automatic: training on wasm while the backends are timed/);
    expect(stepsPosted(ctx.messages)).toEqual(range(1, 12));
    expect(statesPosted(ctx.messages)).toEqual(['running', 'done']);
    expect(tf.getBackend()).toBe('cpu');
    ctx.live.retire();
  });

  it('starts paused, takes exactly one step per Step, pauses on Pause, and ends on Stop', async () => {
    const ctx = workerContext();
    const r = new RunControl(2, true);
    const done = trainRun(ctx, r, start(2, graph(200), { paused: true }));
    await until(() => statesPosted(ctx.messages).includes('paused'), 'the first pause');
    expect(stepsPosted(ctx.messages)).toEqual([]);
    r.step();
    await until(() => statesPosted(ctx.messages).filter((s) => s === 'paused').length === 3, 'the pause after one step');
    expect(stepsPosted(ctx.messages)).toEqual([1]);
    r.step(); r.step();
    await until(() => stepsPosted(ctx.messages).length === 3 && statesPosted(ctx.messages).at(-1) === 'paused', 'two more steps');
    expect(stepsPosted(ctx.messages)).toEqual([1, 2, 3]);
    r.resume();
    await until(() => stepsPosted(ctx.messages).length > 10, 'running');
    r.pause();
    await until(() => statesPosted(ctx.messages).at(-1) === 'paused', 'the pause');
    const held = stepsPosted(ctx.messages).length;
    await new Promise((res) => setTimeout(res, 50));
    expect(stepsPosted(ctx.messages).length).toBe(held);
    r.stop();
    await done;
    expect(statesPosted(ctx.messages).at(-1)).toBe('stopped');
    expect(held).toBeLessThan(200);
    ctx.live.retire();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('continues a kept run from its weights and step when asked', async () => {
    const ctx = workerContext();
    await trainWithFailover(ctx, new RunControl(1, false), start(1, graph(10)));
    const kept = await ctx.live.of(1)!.compiled.model.readWeights();
    ctx.messages.length = 0;
    const r = new RunControl(2, true);
    const done = trainWithFailover(ctx, r, start(2, graph(16), { continueFrom: 1, paused: true }));
    await until(() => statesPosted(ctx.messages).includes('paused'), 'the pause before the first step');
    // Run 1's weights are now run 2's, and run 1's are no longer held.
    expect(ctx.live.of(1)).toBeUndefined();
    const start2 = await ctx.live.of(2)!.compiled.model.readWeights();
    expect([...start2.keys()]).toEqual([...kept.keys()]);
    for (const [k, w] of kept) expect(Array.from(start2.get(k)!.data)).toEqual(Array.from(w.data));
    r.resume();
    await done;
    expect(stepsPosted(ctx.messages)).toEqual(range(11, 16));
    ctx.live.retire();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a backend lost mid-run: that backend is left out, the run goes on on the next from the rescued weights, and finishes', async () => {
    const said = quiet();
    const ctx = { ...workerContext(), train: losingDeviceAt(8) };
    await trainWithFailover(ctx, new RunControl(4, false), start(4, graph(20)));
    const resumed = ctx.messages.find((m) => m.type === 'resumed');
    // Lost while taking step 8: the weights read at the failure are those after step 7's update was posted.
    expect(resumed).toMatchObject({ type: 'resumed', runId: 4, step: 7 });
    expect(resumed?.type === 'resumed' && resumed.message).toMatch(/^wasm was lost at step 8; training continued on cpu from the weights of step 7/);
    expect(ctx.failover.failed).toEqual(['wasm']);
    expect(tf.getBackend()).toBe('cpu');
    expect(stepsPosted(ctx.messages)).toEqual(range(1, 20));
    expect(statesPosted(ctx.messages).at(-1)).toBe('done');
    expect(ctx.messages.some((m) => m.type === 'failed')).toBe(false);
    expect([said.warn.mock.calls.length, said.error.mock.calls.length]).toEqual([1, 0]);
    ctx.live.retire();
  });

  it('a backend lost with no other to take over fails, and says so', async () => {
    quiet();
    const ctx = { ...workerContext(fixedPickers(['wasm'])), train: losingDeviceAt(3) };
    await trainWithFailover(ctx, new RunControl(5, false), start(5, graph(10)));
    const failed = ctx.messages.find((m) => m.type === 'failed');
    expect(failed).toMatchObject({ type: 'failed', reason: 'backend', step: 3 });
    expect(failed?.type === 'failed' && failed.message).toMatch(/The wasm backend failed at step 3 and no other backend could take over/);
    ctx.live.retire();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('any other error ends the run as a crash at its step; a NaN as nan; a broken graph as invalid', async () => {
    const said = quiet();
    const crash = { ...workerContext(), train: losingDeviceAt(2, 'index out of range') };
    await trainWithFailover(crash, new RunControl(6, false), start(6, graph(10)));
    expect(crash.messages.find((m) => m.type === 'failed')).toMatchObject({ reason: 'crash', step: 2, message: 'Training stopped at step 2: index out of range' });
    expect(crash.failover.failed).toEqual([]);
    expect([said.warn.mock.calls.length, said.error.mock.calls.length]).toEqual([0, 1]);
    crash.live.retire();

    const nan = {
      ...workerContext(),
      train: async function* (): AsyncGenerator<TrainEvent> { yield { kind: 'failed', step: 3, error: { code: 'NON_FINITE', message: 'the loss became NaN at step 3' } }; },
    };
    await trainWithFailover(nan, new RunControl(7, false), start(7, graph(10)));
    expect(nan.messages.find((m) => m.type === 'failed')).toMatchObject({ reason: 'nan', message: 'the loss became NaN at step 3', step: 4 });
    nan.live.retire();

    const broken = graph();
    broken.edges.pop();
    const invalid = workerContext();
    await trainWithFailover(invalid, new RunControl(8, false), start(8, broken));
    expect(invalid.messages.find((m) => m.type === 'failed')).toMatchObject({ reason: 'invalid', message: 'The graph has errors, so it cannot train yet.' });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a run that ends with no finite weights (x ⊙ x into ReZero, SGD at 1) fails as nan with no evaluation at its end, and exports nothing', async () => {
    const ctx = workerContext();
    await trainWithFailover(ctx, new RunControl(9, false), start(9, squaredIntoRezero({ name: 'sgd', learningRate: 1 })));
    expect(ctx.messages.find((m) => m.type === 'failed')).toMatchObject({ reason: 'nan', errors: [{ code: 'NON_FINITE' }] });
    expect(statesPosted(ctx.messages)).not.toContain('done');
    const evals = ctx.messages.flatMap((m) => (m.type === 'tick' ? m.evals : []));
    expect(evals.at(-1)?.step ?? 0).toBeLessThan(3);
    expect(await ctx.live.modelFile(9, false, false)).toMatchObject({ ok: false });
    ctx.live.retire();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a regression on drawn points posts held-out R² and MAE with each evaluation, and its fitted curve', async () => {
    const ctx = workerContext();
    const g = chain([['x', 'Input'], ['h', 'Dense', { units: 8 }], ['a', 'Activation'], ['out', 'Dense', { units: 1 }], ['y', 'Output', { loss: 'mse' }]]);
    g.training = { ...g.training, steps: 10, dataset: { name: 'points', task: 'regression', points: Array.from({ length: 30 }, (_, i) => [i / 15 - 1, (i / 15 - 1) ** 2]) } };
    await trainWithFailover(ctx, new RunControl(1, false), start(1, g));
    const started = ctx.messages.find((m) => m.type === 'started');
    expect(started?.type === 'started' && started.info.classification).toBe(false);
    const evals = ctx.messages.flatMap((m) => (m.type === 'tick' ? m.evals : []));
    expect(evals.length).toBe(10);
    for (const e of evals) { expect(e.accuracy).toBeUndefined(); expect(Object.keys(e.metrics ?? {}).sort()).toEqual(['mae', 'r2']); }
    const fits = ctx.messages.flatMap((m) => (m.type === 'tick' && m.fit ? [m.fit] : []));
    expect(fits.at(-1)).toMatchObject({ step: 10, features: 1 });
    ctx.live.retire();
    expect(tf.memory().numTensors).toBe(before);
  });
});
