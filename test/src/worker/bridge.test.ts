import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getPreset } from '../../../engine';
import { createBridge, type Bridge, type WorkerLike } from '../../../src/worker/bridge';
import { PING_MS } from '../../../src/worker/heartbeat';
import { resetRun, series, useRun } from '../../../src/store/runStore';
import type { FromWorker, ToWorker } from '../../../src/worker/protocol';

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

const graph = getPreset('spiral-gated-mlp')!.graph;

describe('bridge', () => {
  let workers: FakeWorker[];
  let bridges: Bridge[];
  beforeEach(() => { workers = []; bridges = []; resetRun(); useRun.setState({ notice: null }); });
  afterEach(() => { for (const b of bridges) b.dispose(); vi.useRealTimers(); });
  const make = (stuckMs?: number) => {
    const b = createBridge(() => { const w = new FakeWorker(); workers.push(w); return w; }, stuckMs);
    bridges.push(b);
    return b;
  };

  it('starts the worker with the backend request and folds ticks into the store', () => {
    const b = make();
    const w = workers[0]!;
    expect(w.sent[0]).toEqual({ type: 'init', backend: 'auto' });
    w.reply({ type: 'backend', info: { name: 'webgpu', reason: 'first choice', failed: [], requested: 'auto' } });
    expect(useRun.getState().backend?.name).toBe('webgpu');
    b.train(graph, 1);
    const start = w.sent[1]!;
    expect(start.type).toBe('start');
    const runId = start.type === 'start' ? start.runId : -1;
    w.reply({ type: 'state', runId, state: 'running' });
    w.reply({ type: 'tick', runId, steps: { step: [1, 2], loss: [0.7, 0.6], accuracy: [0.5, 0.6], ms: [3, 3] }, evals: [{ step: 2, loss: 0.65, accuracy: 0.55 }] });
    const s = useRun.getState();
    expect(s).toMatchObject({ status: 'running', step: 2, loss: 0.6, accuracy: 0.6, evalAccuracy: 0.55 });
    expect(series.loss.length).toBe(2);
    // A stale run's messages are dropped.
    w.reply({ type: 'tick', runId: runId - 1, steps: { step: [99], loss: [9], accuracy: [0], ms: [1] }, evals: [] });
    expect(useRun.getState().step).toBe(2);
  });

  it('shows a NaN as a failure in words', () => {
    const b = make();
    b.train(graph, 1);
    const runId = useRun.getState().runId;
    workers[0]!.reply({ type: 'failed', runId, reason: 'nan', message: 'the loss became NaN at step 12', errors: [], step: 12 });
    expect(useRun.getState()).toMatchObject({ status: 'failed', failure: { reason: 'nan', step: 12 } });
  });

  it('restarts a crashed worker and says so', () => {
    const b = make();
    b.train(graph, 1);
    workers[0]!.onerror?.({ message: 'boom', preventDefault() {} } as ErrorEvent);
    expect(workers[0]!.terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(workers[1]!.sent[0]).toMatchObject({ type: 'init' });
    const s = useRun.getState();
    expect(s.notice).toMatch(/restarted/);
    expect(s.status).toBe('failed');
    void b;
  });

  it('a restarted worker keeps your backend choice, and an idle crash is only a notice', () => {
    const b = make();
    b.setBackend('wasm');
    workers[0]!.onerror?.({ message: 'out of memory', preventDefault() {} } as ErrorEvent);
    expect(workers[1]!.sent[0]).toEqual({ type: 'init', backend: 'wasm' });
    const s = useRun.getState();
    expect(s.notice).toMatch(/stopped unexpectedly \(out of memory\) and was restarted/);
    expect(s.status).toBe('idle');
    expect(s.failure).toBeNull();
    b.setBackend('auto');
  });

  it('shows a run that went on elsewhere after a backend failure, its curves cut back to the saved step', () => {
    const b = make();
    const w = workers[0]!;
    b.train(graph, 1);
    const runId = useRun.getState().runId;
    w.reply({ type: 'tick', runId, steps: { step: [1, 2, 3, 4], loss: [0.7, 0.6, 0.5, 0.4], accuracy: [0.5, 0.5, 0.6, 0.6], ms: [3, 3, 3, 3] }, evals: [] });
    w.reply({ type: 'resumed', runId, step: 2, message: 'WebGPU was lost at step 5; training continued on wasm from the weights of step 2' });
    expect(useRun.getState()).toMatchObject({ step: 2, notice: expect.stringMatching(/continued on wasm/) });
    expect([...series.loss.view()[0]]).toEqual([1, 2]);
    w.reply({ type: 'tick', runId, steps: { step: [3], loss: [0.55], accuracy: [0.6], ms: [2] }, evals: [] });
    expect([...series.loss.view()[0]]).toEqual([1, 2, 3]);
    expect(useRun.getState().status).not.toBe('failed');
  });

  it('pings the worker; one that leaves a ping unanswered too long is stuck until it answers, and Restart replaces it keeping the curves', () => {
    vi.useFakeTimers();
    const b = make(5000);
    const w = workers[0]!;
    b.train(graph, 1);
    const runId = useRun.getState().runId;
    w.reply({ type: 'tick', runId, steps: { step: [1, 2], loss: [0.7, 0.6], accuracy: [0.5, 0.6], ms: [3, 3] }, evals: [] });
    vi.advanceTimersByTime(PING_MS);
    expect(w.sent.filter((m) => m.type === 'ping')).toHaveLength(1);
    vi.advanceTimersByTime(4000);
    expect(useRun.getState().workerStuck).toBe(false);
    vi.advanceTimersByTime(PING_MS);
    expect(useRun.getState().workerStuck).toBe(true);
    expect(w.sent.filter((m) => m.type === 'ping')).toHaveLength(1); // one ping out at a time
    w.reply({ type: 'pong' });
    expect(useRun.getState().workerStuck).toBe(false);
    vi.advanceTimersByTime(7 * PING_MS);
    expect(useRun.getState().workerStuck).toBe(true);
    b.restart('it had not answered for 5 s');
    expect(w.terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(useRun.getState()).toMatchObject({ workerStuck: false, status: 'failed', notice: expect.stringMatching(/not answered for 5 s\) and was restarted/) });
    expect(series.loss.length).toBe(2);
    vi.advanceTimersByTime(PING_MS);
    expect(workers[1]!.sent.map((m) => m.type)).toEqual(['init', 'ping']);
  });

  it('pauses, steps and resumes the same run', () => {
    const b = make();
    const w = workers[0]!;
    b.train(graph, 7);
    const runId = useRun.getState().runId;
    b.pause();
    w.reply({ type: 'state', runId, state: 'paused' });
    b.stepOnce(graph, 7);
    b.train(graph, 7);
    expect(w.sent.slice(2).map((m) => m.type)).toEqual(['pause', 'step', 'resume']);
    // Stepping with an edited graph starts a fresh run.
    b.pause();
    w.reply({ type: 'state', runId, state: 'paused' });
    b.stepOnce(graph, 8);
    expect(w.sent.slice(-2).map((m) => m.type)).toEqual(['start', 'step']);
  });
});

describe('bridge restart limit', () => {
  it('stops restarting a worker that keeps dying, and says so', () => {
    const workers: FakeWorker[] = [];
    const b = createBridge(() => { const w = new FakeWorker(); workers.push(w); return w; });
    for (let i = 0; i < 6; i++) workers.at(-1)!.onerror?.({ message: 'syntax error', preventDefault() {} } as ErrorEvent);
    expect(workers).toHaveLength(4);
    expect(useRun.getState().failure?.message).toMatch(/keeps stopping/);
    b.dispose();
  });
});

describe('statistics log', () => {
  it('keeps every snapshot of the run, thinned past its cap, and clears with a new run', async () => {
    const { statsLog, STATS_LOG_CAP, receive, beginRun } = await import('../../../src/store/runStore');
    const runId = beginRun(1);
    for (let i = 1; i <= STATS_LOG_CAP + 50; i++) {
      receive({ type: 'tick', runId, steps: { step: [], loss: [], accuracy: [], ms: [] }, evals: [], stats: { step: i, stats: { m1: { alpha: { kind: 'scalar', value: i, headline: true } } } } });
    }
    expect(statsLog.length).toBeLessThanOrEqual(STATS_LOG_CAP);
    expect(statsLog.at(-1)!.step).toBe(STATS_LOG_CAP + 50);
    expect(useRun.getState().stats?.step).toBe(STATS_LOG_CAP + 50);
    beginRun(2);
    expect(statsLog).toHaveLength(0);
  });
});
