/** The worker's side of model files: a trained run exported, then loaded as a run that evaluates to the recorded metrics. */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { compile, generateDataset, parseModel, prepareData, train, type Graph } from '../../../engine';
import { loadModelRun, modelFileText } from '../../../src/worker/model-files';
import { chain } from '../../helpers/graphs';
import { useBackend } from '../../helpers/backend';

const graph = chain([['x', 'Input'], ['h', 'Dense', { units: 8 }], ['a', 'Activation'], ['head', 'ClassifierHead'], ['y', 'Output']]);

describe('model files in the worker [cpu]', () => {
  beforeAll(() => useBackend('cpu'));

  it('loads an exported run whose held-out evaluation matches the file, and leaks nothing', async () => {
    const c = compile(graph);
    if (!c.ok) throw new Error(JSON.stringify(c.errors));
    const session = prepareData(c.value, generateDataset(graph));
    for await (const e of train(c.value, session, { steps: 8, evalEvery: 0 })) void e;
    const text = await modelFileText(c.value, session, 8, false);
    session.dispose();
    c.value.model.dispose();

    const file = parseModel(text);
    if (!file.ok) throw new Error(JSON.stringify(file.errors));
    expect(file.value.training.steps).toBe(8);
    const before = tf.memory().numTensors;
    const r = await loadModelRun(file.value);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.value.reply.heldOut).toEqual({ step: 8, loss: file.value.metrics.loss, accuracy: file.value.metrics.accuracy });
    expect(r.value.reply.info).toMatchObject({ total: graph.training.steps, classification: true, datasetKind: 'points2d' });
    expect(r.value.reply.boundary?.probs.length).toBeGreaterThan(0);
    r.value.session.dispose();
    r.value.compiled.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  /** The graph's initial weights as a parsed model file. */
  async function untrainedFile(float16: boolean) {
    const c = compile(graph);
    if (!c.ok) throw new Error('compile');
    const session = prepareData(c.value, generateDataset(graph));
    const text = await modelFileText(c.value, session, 1, float16);
    session.dispose();
    c.value.model.dispose();
    const file = parseModel(text);
    if (!file.ok) throw new Error('parse');
    return file.value;
  }

  it('refuses weights that do not fit the graph, naming the weight', async () => {
    const file = await untrainedFile(true);
    file.weights.delete('h/bias');
    const r = await loadModelRun(file);
    expect(r).toMatchObject({ ok: false, errors: [{ code: 'BAD_WEIGHTS', nodeId: 'h', message: expect.stringMatching(/"h\/bias"/) }] });
  });

  it('refuses weights whose outputs overflow on the model’s own held-out data (±3.4e38), naming the node, and leaks nothing', async () => {
    const file = await untrainedFile(false);
    for (const w of file.weights.values()) w.data.forEach((_, i) => { w.data[i] = i % 2 ? -3.4e38 : 3.4e38; });
    const before = tf.memory().numTensors;
    const r = await loadModelRun(file);
    expect(r).toMatchObject({ ok: false, message: expect.stringMatching(/overflow/), errors: [{ code: 'BAD_WEIGHTS', nodeId: expect.stringMatching(/^(h|head)$/) }] });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a loaded regression on drawn points comes with its fitted curve and held-out R² and MAE', async () => {
    const points = Array.from({ length: 40 }, (_, i) => [-1 + i / 20, Math.sin(3 * (-1 + i / 20))]);
    const reg: Graph = { ...chain([['x', 'Input'], ['h', 'Dense', { units: 8 }], ['a', 'Activation'], ['out', 'Dense', { units: 1 }], ['y', 'Output', { loss: 'mse' }]]), training: { ...graph.training, dataset: { name: 'points', task: 'regression', points } } };
    const c = compile(reg);
    if (!c.ok) throw new Error(JSON.stringify(c.errors));
    const session = prepareData(c.value, generateDataset(reg));
    const text = await modelFileText(c.value, session, 0, false);
    session.dispose();
    c.value.model.dispose();
    const file = parseModel(text);
    if (!file.ok) throw new Error(JSON.stringify(file.errors));
    const r = await loadModelRun(file.value);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const { reply } = r.value;
    expect(reply.info.classification).toBe(false);
    expect(reply.boundary).toBeUndefined();
    expect(reply.fit).toMatchObject({ features: 1, step: 0 });
    expect(reply.fit!.points.length).toBe(80);
    expect(Object.keys(reply.heldOut.metrics ?? {}).sort()).toEqual(['mae', 'r2']);
    r.value.session.dispose();
    r.value.compiled.model.dispose();
  });
});
