/**
 * Tracing on the live run: a point clicked on the plane traces the held-out
 * example nearest to it (found here by brute force over the held-out rows),
 * a question about another run gets no one else's weights, and nothing is
 * left on the device.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { compile, generateDataset, prepareData, type Graph } from '../../../engine';
import { LiveRuns } from '../../../src/worker/live-run';
import { heldOutIndex } from '../../../src/worker/trace';
import { chain } from '../../helpers/graphs';
import { useBackend } from '../../helpers/backend';

const graph: Graph = chain([['x', 'Input'], ['h', 'Dense', { units: 4 }], ['a', 'Activation', { fn: 'sigmoid' }], ['head', 'ClassifierHead'], ['y', 'Output']]);

describe('trace on the live run [cpu]', () => {
  beforeAll(() => useBackend('cpu'));

  it('a point picks the nearest held-out example; an index picks itself; another run gets no weights', async () => {
    const c = compile(graph);
    if (!c.ok) throw new Error('compile');
    const session = prepareData(c.value, generateDataset(graph));
    const x = session.data.inputs['x']!.data;
    const point: [number, number] = [0.3, -0.2];
    const dist = Array.from(session.testRows, (r) => (x[2 * r]! - point[0]) ** 2 + (x[2 * r + 1]! - point[1]) ** 2);
    expect(heldOutIndex(session, { point })).toBe(dist.indexOf(Math.min(...dist)));
    expect(heldOutIndex(session, { index: 5 })).toBe(5);

    const before = tf.memory().numTensors;
    const live = new LiveRuns();
    live.hold({ runId: 3, compiled: c.value, session, step: 1, probeSize: 16 });
    const r = await live.trace(3, { point });
    expect(r.trace?.index).toBe(dist.indexOf(Math.min(...dist)));
    expect(r.trace?.predicted).toHaveLength(1);
    expect((await live.trace(4, { index: 0 })).error).toMatch(/no trained weights/);
    expect((await live.misclassified(3)).heldOut).toBe(session.test.size);
    expect((await live.trace(3, { index: session.test.size })).error).toMatch(/no held-out example/);
    expect(tf.memory().numTensors).toBe(before);
    live.retire();
  });
});
