import { beforeEach, describe, expect, it } from 'vitest';
import { getPreset, type ModelFile } from '../../../engine';
import { createBridge, type WorkerLike } from '../../../src/worker/bridge';
import { resetRun, series, useRun } from '../../../src/store/runStore';
import type { FromWorker, LoadedModel, ToWorker } from '../../../src/worker/protocol';

class FakeWorker implements WorkerLike {
  sent: ToWorker[] = [];
  onmessage: ((e: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  onmessageerror: ((e: MessageEvent) => void) | null = null;
  postMessage(m: ToWorker) { this.sent.push(m); }
  terminate() {}
  reply(m: FromWorker) { this.onmessage?.({ data: m } as MessageEvent<FromWorker>); }
  last<T extends ToWorker['type']>(type: T): Extract<ToWorker, { type: T }> {
    return this.sent.filter((m) => m.type === type).at(-1) as Extract<ToWorker, { type: T }>;
  }
}

const graph = getPreset('spiral-gated-mlp')!.graph;
const model: ModelFile = { gatelab: '0.1.0', graph, training: { ...graph.training, steps: 40 }, backend: 'cpu', metrics: { loss: 0.3, accuracy: 0.9 }, dtype: 'float32', weights: new Map() };
const loaded: LoadedModel = { ok: true, info: { total: graph.training.steps, params: 10, flopsPerExample: 20, datasetKind: 'points2d', classification: true, fitFigures: false }, heldOut: { step: 40, loss: 0.3, accuracy: 0.9 } };

describe('bridge: model files', () => {
  let w: FakeWorker;
  beforeEach(() => { resetRun(); useRun.setState({ notice: null }); });
  const make = () => createBridge(() => (w = new FakeWorker()));

  it('answers an export with the worker\'s text or its reason', async () => {
    const b = make();
    const pending = b.exportModel(true);
    const ask = w.last('exportModel');
    expect(ask).toMatchObject({ float16: true, runId: useRun.getState().runId });
    w.reply({ type: 'modelFile', req: ask.req, runId: ask.runId, result: { ok: false, error: 'no trained weights yet: train first' } });
    await expect(pending).resolves.toEqual({ ok: false, error: 'no trained weights yet: train first' });
  });

  it('places the graph and shows the loaded run only once the weights fit', async () => {
    const b = make();
    let placed = 0;
    const bad = b.loadModel(model, () => ++placed);
    const ask1 = w.last('loadModel');
    w.reply({ type: 'modelLoaded', req: ask1.req, runId: ask1.runId, result: { ok: false, message: 'The weights do not fit the graph in the file.', errors: [] } });
    await expect(bad).resolves.toMatchObject({ ok: false });
    expect(placed).toBe(0);
    expect(useRun.getState().status).toBe('idle');

    const good = b.loadModel(model, () => ++placed + 100);
    const ask2 = w.last('loadModel');
    w.reply({ type: 'modelLoaded', req: ask2.req, runId: ask2.runId, result: loaded });
    await expect(good).resolves.toEqual(loaded);
    expect(placed).toBe(1);
    expect(useRun.getState()).toMatchObject({ status: 'done', runId: ask2.runId, graphRev: 101, step: 40, evalAccuracy: 0.9, info: loaded.info });
    expect(series.evalAccuracy.length).toBe(1);
  });

  it('continues from the loaded weights while the graph keeps their shapes, not after', async () => {
    const b = make();
    const p = b.loadModel(model, () => 7);
    const ask = w.last('loadModel');
    w.reply({ type: 'modelLoaded', req: ask.req, runId: ask.runId, result: loaded });
    await p;
    const moved = { ...graph, name: 'renamed', nodes: graph.nodes.map((n) => ({ ...n, position: { x: (n.position?.x ?? 0) + 5, y: 0 } })) };
    b.train(moved, 8);
    expect(w.last('start').continueFrom).toBe(ask.runId);
    b.reset();
    const p2 = b.loadModel(model, () => 9);
    const ask2 = w.last('loadModel');
    w.reply({ type: 'modelLoaded', req: ask2.req, runId: ask2.runId, result: loaded });
    await p2;
    const wider = { ...graph, nodes: graph.nodes.map((n, i) => (i === 1 ? { ...n, params: { ...n.params, units: 99 } } : n)) };
    b.train(wider, 10);
    expect(w.last('start').continueFrom).toBeUndefined();
  });

  it('answers waiting requests when the worker restarts', async () => {
    const b = make();
    const pending = b.exportModel(false);
    b.restart('test');
    await expect(pending).resolves.toMatchObject({ ok: false, error: expect.stringMatching(/restarted/) });
  });
});
