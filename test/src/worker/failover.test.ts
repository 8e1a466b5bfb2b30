/** Which backend trains, and how a failure is sorted: a lost backend is left out and another takes over; any other error is the run's. */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { Failover } from '../../../src/worker/failover';
import type { FromWorker } from '../../../src/worker/protocol';
import type { SavedWeights } from '../../../src/worker/weights';
import { chain } from '../../helpers/graphs';
import { useBackend } from '../../helpers/backend';
import { fixedPickers } from './helpers';

const graph = chain([['x', 'Input'], ['head', 'ClassifierHead'], ['y', 'Output']]);
const saved: SavedWeights = { step: 4, weights: new Map() };

function failover(order: ('wasm' | 'cpu')[] = ['wasm', 'cpu']) {
  const messages: FromWorker[] = [];
  return { f: new Failover((m) => messages.push(m), fixedPickers(order)), messages };
}

describe('failover [wasm, cpu]', () => {
  beforeAll(() => useBackend('wasm'));
  afterEach(async () => { vi.restoreAllMocks(); await useBackend('wasm'); });

  it('a lost backend is left out, the rescued weights are the run\'s to go on from, and the next backend takes over', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { f, messages } = failover();
    const lost = await f.caught(new Error('WebGPU device was lost'), 1, 9, async () => saved);
    expect(lost).toEqual({ saved, lostAt: 10, backend: 'wasm', error: 'WebGPU device was lost' });
    expect(f.failed).toEqual(['wasm']);
    expect(messages).toEqual([]);
    const info = await f.takeOver(graph, 1, lost!);
    expect(info?.name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(messages.map((m) => m.type)).toEqual(['backend', 'resumed']);
    expect(messages[1]).toMatchObject({ runId: 1, step: 4, message: expect.stringMatching(/^wasm was lost at step 10; training continued on cpu from the weights of step 4/) });
  });

  it('a lost backend whose weights cannot be read fails the run and asks for the backend again', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { f, messages } = failover();
    expect(await f.caught(new Error('GPU out of memory'), 2, 0, async () => null)).toBeUndefined();
    await f.ready;
    expect(messages[0]).toMatchObject({ type: 'failed', runId: 2, reason: 'backend', step: 1, message: 'The wasm backend failed at step 1: GPU out of memory' });
    expect(messages[1]).toMatchObject({ type: 'backend', info: { name: 'cpu' } });
  });

  it('any other error is a crash and retires no backend; a stopped run rescues nothing', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { f, messages } = failover();
    expect(await f.caught(new Error('index out of range'), 3, 4, async () => saved)).toBeUndefined();
    expect(f.failed).toEqual([]);
    expect(messages).toEqual([{ type: 'failed', runId: 3, reason: 'crash', message: 'Training stopped at step 5: index out of range', errors: [], step: 5 }]);
    expect(await f.caught(new Error('webgl context lost'), 3, 4, null)).toBeUndefined();
    expect(messages.at(-1)).toMatchObject({ type: 'failed', reason: 'backend' });
  });

  it('says when no backend is left to take over', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { f, messages } = failover(['wasm']);
    const lost = await f.caught(new Error('WebGPU device was lost'), 4, 2, async () => saved);
    expect(await f.takeOver(graph, 4, lost!)).toBeNull();
    expect(messages).toEqual([{ type: 'failed', runId: 4, reason: 'backend', message: 'The wasm backend failed at step 3 and no other backend could take over: no backend left', errors: [], step: 3 }]);
  });

  it('changes of backend run in order, after what must happen first, and a request by name forgives earlier failures', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { f, messages } = failover();
    await f.caught(new Error('WebGPU device was lost'), 5, 0, async () => saved);
    const order: string[] = [];
    void f.request('wasm', () => { order.push('stop the run'); });
    await f.request('auto');
    expect(order).toEqual(['stop the run']);
    expect(f.failed).toEqual([]);
    expect(f.requested).toBe('auto');
    expect(messages.filter((m) => m.type === 'backend')).toHaveLength(2);
  });
});
