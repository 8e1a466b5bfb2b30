import { beforeEach, describe, expect, it } from 'vitest';
import { SPARK_LENGTH, clearStats, ingestStats, mainFigure, rowsOf, seriesOf, sparkOf, useStats } from '../../../src/store/statsStore';
import { beginRun, receive, statsLog, useRun } from '../../../src/store/runStore';

describe('statsStore', () => {
  beforeEach(() => clearStats());

  it('picks each node kind its main figure', () => {
    expect(mainFigure({ gateMean: 0.4, alpha: 2 })).toEqual({ name: 'gateMean', value: 0.4, unit: true });
    expect(mainFigure({ alpha: 0.1, maxActivation: 3 })).toMatchObject({ name: 'alpha', value: 0.1 });
    expect(mainFigure({ routingEntropy: 0.7, expertLoad: [0.5, 0.5] })).toMatchObject({ name: 'routingEntropy' });
    expect(mainFigure({ firstTokenAttention: [0.2, 0.4] })!.value).toBeCloseTo(0.3, 12);
    expect(mainFigure({ unseenRate: 0.25 })).toMatchObject({ name: 'unseenRate', unit: true });
    // a plain layer reports only its activation sizes: no sparkline
    expect(mainFigure({ maxActivation: 3, meanAbsActivation: 1 })).toBeUndefined();
  });

  it('keeps the newest SPARK_LENGTH points per node; other nodes keep their entry object', () => {
    ingestStats({ step: 1, stats: { g: { gateMean: 0.5 }, r: { routingEntropy: 1 }, '@model': { params: 3 } } });
    const r1 = useStats.getState().spark.get('r');
    for (let i = 2; i <= SPARK_LENGTH + 10; i++) ingestStats({ step: i, stats: { g: { gateMean: i / 1000 } } });
    const g = sparkOf('g')(useStats.getState())!;
    expect(g.values).toHaveLength(SPARK_LENGTH);
    expect(g.steps[0]).toBe(11);
    expect(g.values[SPARK_LENGTH - 1]).toBeCloseTo((SPARK_LENGTH + 10) / 1000, 12);
    expect(useStats.getState().spark.get('r')).toBe(r1);
    expect(useStats.getState().spark.has('@model')).toBe(false);
  });

  it('reads series and rows over the statistics log', () => {
    const log = [
      { step: 10, stats: { a: { gateMean: 0.1, gateHistogram: [1, 2] } } },
      { step: 20, stats: { b: { gateMean: 0.9 } } },
      { step: 30, stats: { a: { gateMean: 0.3, gateHistogram: [0, 3], firstTokenAttention: [0.2, 0.6] } } },
    ];
    expect(seriesOf(log, 'a', 'gateMean')).toEqual({ steps: [10, 30], values: [0.1, 0.3] });
    expect(seriesOf(log, 'a', 'firstTokenAttention').values[0]).toBeCloseTo(0.4, 12);
    expect(rowsOf(log, 'a', 'gateHistogram')).toEqual({ steps: [10, 30], rows: [[1, 2], [0, 3]] });
  });

  it('runStore feeds it from ticks and clears it with a new run', () => {
    const runId = beginRun(0);
    const steps = { step: [5], loss: [1], accuracy: [NaN], ms: [1] };
    receive({ type: 'tick', runId, steps, evals: [], stats: { step: 5, stats: { g: { gateMean: 0.25 } } } });
    expect(useStats.getState().spark.get('g')!.values).toEqual([0.25]);
    expect(statsLog).toHaveLength(1);
    expect(useRun.getState().statsVersion).toBeGreaterThan(0);
    beginRun(0);
    expect(useStats.getState().spark.size).toBe(0);
  });
});
