/**
 * The weights kept after a run: questions about them name their run, export
 * waits for a pause, a model file replaces them only when it fits, and
 * retiring them leaves no tensor behind.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { compile, evaluate, generateDataset, parseModel, prepareData, train, type Graph } from '../../../engine';
import { LiveRuns, type LiveRun } from '../../../src/worker/live-run';
import { RunSlot } from '../../../src/worker/run-control';
import { chain } from '../../helpers/graphs';
import { useBackend } from '../../helpers/backend';

const graph: Graph = chain([['x', 'Input'], ['h', 'Dense', { units: 8 }], ['a', 'Activation'], ['head', 'ClassifierHead'], ['y', 'Output']]);

async function trained(runId: number, steps: number): Promise<LiveRun> {
  const c = compile(graph);
  if (!c.ok) throw new Error(JSON.stringify(c.errors));
  const session = prepareData(c.value, generateDataset(graph));
  for await (const e of train(c.value, session, { steps, evalEvery: 0, finalEval: false })) void e;
  return { runId, compiled: c.value, session, step: steps, probeSize: 16 };
}

describe('the live run [cpu]', () => {
  beforeAll(() => useBackend('cpu'));

  it('answers about its own run only, with the held-out figures of its weights', async () => {
    const before = tf.memory().numTensors;
    const live = new LiveRuns();
    const run = await trained(1, 6);
    live.hold(run);
    const none = await live.intervene(1, {});
    const held = await evaluate(run.compiled, run.session.test);
    expect(none.step).toBe(6);
    expect(none.base!.loss).toBeCloseTo(held.loss, 6);
    expect(none.with!.loss).toBeCloseTo(held.loss, 6);
    expect(await live.intervene(2, {})).toEqual({ interventions: {}, step: 0, error: 'There are no trained weights for this run yet: press Train or Step first.' });
    expect((await live.exitTable(2, 'h', 2)).error).toMatch(/no trained weights/);
    live.retire();
    expect(live.current).toBeNull();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('exports only paused weights, and only trained ones', async () => {
    const live = new LiveRuns();
    const run = await trained(3, 4);
    live.hold(run);
    expect(await live.modelFile(3, false, true)).toEqual({ ok: false, error: 'pause training first: the weights change at every step' });
    expect(await live.modelFile(4, false, false)).toEqual({ ok: false, error: 'no trained weights yet: train first' });
    const r = await live.modelFile(3, false, false);
    if (!r.ok) throw new Error(r.error);
    const file = parseModel(r.text);
    expect(file.ok && file.value.training.steps).toBe(4);
    run.step = 0;
    expect(await live.modelFile(3, false, false)).toEqual({ ok: false, error: 'no trained weights yet: train first' });
    live.retire();
  });

  it('holding another run retires the one before; a loaded file becomes the live run and stops the current one', async () => {
    const before = tf.memory().numTensors;
    const live = new LiveRuns();
    const first = await trained(5, 4);
    live.hold(first);
    const second = await trained(6, 5);
    live.hold(second);
    expect(live.of(5)).toBeUndefined();
    expect(first.session.train.target.isDisposed).toBe(true);
    const exported = await live.modelFile(6, false, false);
    if (!exported.ok) throw new Error(exported.error);
    const file = parseModel(exported.text);
    if (!file.ok) throw new Error('parse');

    const runs = new RunSlot();
    let stopped = false;
    runs.start(7, false, (r) => new Promise<void>((res) => { const t = setInterval(() => { if (r.stopped) { stopped = true; clearInterval(t); res(); } }, 1); }), () => {});
    // A file opened while a later run trains is refused: the run wins.
    expect(await live.load(file.value, 7, runs)).toMatchObject({ ok: false, message: 'Training started while the model was loading: open the file again.' });
    const loaded = await live.load(file.value, 8, runs);
    expect(loaded).toMatchObject({ ok: true, heldOut: { step: 5 } });
    expect(stopped).toBe(true);
    expect(live.of(8)?.step).toBe(5);
    expect(live.of(6)).toBeUndefined();
    live.retire();
    expect(tf.memory().numTensors).toBe(before);
  });
});
