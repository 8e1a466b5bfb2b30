import { afterEach, describe, expect, it } from 'vitest';
import { createPairRunner } from '../../../src/worker/pair';
import { usePair } from '../../../src/store/pairStore';
import type { WorkerLike } from '../../../src/worker/bridge';
import type { FromWorker, ToWorker } from '../../../src/worker/protocol';
import { chain } from '../../helpers/graphs';

class FakeWorker implements WorkerLike {
  sent: ToWorker[] = [];
  terminated = false;
  onmessage: ((e: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  onmessageerror: ((e: MessageEvent) => void) | null = null;
  postMessage(m: ToWorker) { this.sent.push(m); }
  terminate() { this.terminated = true; }
  reply(m: FromWorker) { this.onmessage?.({ data: m } as MessageEvent<FromWorker>); }
}

describe('pair runner', () => {
  let made: FakeWorker[] = [];
  afterEach(() => { made = []; });

  it('starts run B in its own worker with the same protocol, and stops it', () => {
    const runner = createPairRunner(() => { const w = new FakeWorker(); made.push(w); return w; }, () => ({ statsEvery: 5 }));
    const a = chain([['x', 'Input'], ['d', 'Dense', { units: 4 }], ['y', 'Output']]);
    const b = { ...a, nodes: a.nodes.map((n) => (n.id === 'd' ? { ...n, params: { units: 8 } } : n)) };
    runner.start(a, b);
    expect(made).toHaveLength(1);
    const [init, start] = made[0]!.sent;
    expect(init!.type).toBe('init');
    expect(start).toMatchObject({ type: 'start', graph: b, paused: false, options: { statsEvery: 5 } });
    const runId = (start as Extract<ToWorker, { type: 'start' }>).runId;
    made[0]!.reply({ type: 'state', runId, state: 'running' });
    expect(usePair.getState()).toMatchObject({ status: 'running', label: 'd.units = 8' });
    runner.stop();
    expect(made[0]!.sent.at(-1)).toEqual({ type: 'stop' });
    // a second start reuses the worker
    runner.start(a, b, 'wider');
    expect(made).toHaveLength(1);
    expect(usePair.getState().label).toBe('wider');
    runner.dispose();
    expect(made[0]!.terminated).toBe(true);
    expect(usePair.getState().status).toBe('idle');
  });
});
