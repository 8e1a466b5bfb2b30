import { describe, expect, it } from 'vitest';
import { markExitPending, setThreshold, useExits } from '../../../src/store/exitStore';
import { beginRun, receive } from '../../../src/store/runStore';

describe('exitStore', () => {
  it('takes the worker’s table for the current run, and forgets it with a new run', () => {
    const runId = beginRun(0);
    markExitPending();
    expect(useExits.getState().pending).toBe(true);
    const table = { nodeId: 'stack', confidence: [[0.9]], correct: [[1]], cost: [5], denseCost: 5 };
    receive({ type: 'exitTable', runId: runId + 1, step: 9, table });
    expect(useExits.getState().table).toBeNull(); // another run's answer
    receive({ type: 'exitTable', runId, step: 9, table });
    expect(useExits.getState()).toMatchObject({ table, step: 9, pending: false, error: null });
    setThreshold(0.5);
    expect(useExits.getState().threshold).toBe(0.5);
    beginRun(0);
    expect(useExits.getState().table).toBeNull();
  });

  it('says why there is no table', () => {
    const runId = beginRun(0);
    receive({ type: 'exitTable', runId, step: 0, error: 'Train first' });
    expect(useExits.getState()).toMatchObject({ table: null, error: 'Train first' });
  });
});
