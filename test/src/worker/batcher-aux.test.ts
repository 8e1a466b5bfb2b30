import { describe, expect, it } from 'vitest';
import { Batcher } from '../../../src/worker/batcher';
import { auxSeries, beginRun, receive } from '../../../src/store/runStore';

describe('auxiliary losses in ticks', () => {
  it('keeps one column per loss, aligned with the steps (NaN where a step did not report it)', () => {
    const b = new Batcher(0);
    b.step(1, 2, undefined, 1);
    b.step(2, 2, undefined, 1, { 'router/balance': 0.1 });
    b.step(3, 2, undefined, 1, { 'router/balance': 0.2, 'g/penalty': 5 });
    b.step(4, 2, undefined, 1);
    const aux = b.take(1, 0)!.tick.steps.aux!;
    expect(aux['router/balance']).toEqual([NaN, 0.1, 0.2, NaN]);
    expect(aux['g/penalty']).toEqual([NaN, NaN, 5, NaN]);
    const plain = new Batcher(0);
    plain.step(1, 2, undefined, 1);
    expect(plain.take(1, 0)!.tick.steps.aux).toBeUndefined();
  });

  it('runStore keeps a series per auxiliary loss, cleared with a new run', () => {
    const runId = beginRun(0);
    receive({ type: 'tick', runId, evals: [], steps: { step: [1, 2], loss: [1, 1], accuracy: [NaN, NaN], ms: [1, 1], aux: { 'router/balance': [0.1, NaN] } } });
    const s = auxSeries.get('router/balance')!;
    expect(Array.from(s.view()[0])).toEqual([1]);
    expect(Array.from(s.view()[1])).toEqual([0.1]);
    beginRun(0);
    expect(auxSeries.size).toBe(0);
  });
});
