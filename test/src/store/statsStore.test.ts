import { beforeEach, describe, expect, it } from 'vitest';
import type { NodeSummary, StatSummary } from '../../../engine';
import { SPARK_LENGTH, clearStats, ingestStats, mainFigure, rowsOf, seriesOf, sparkOf, useStats } from '../../../src/store/statsStore';
import { beginRun, receive, statsLog, useRun } from '../../../src/store/runStore';

const gate = (mean: number, histogram: number[] = [1, 1]): StatSummary => ({ kind: 'gate', range: [0, 1], mean, near0: 0, near1: 0, histogram, map: [] });
const scalar = (value: number): StatSummary => ({ kind: 'scalar', value });
const headline = (s: StatSummary) => ({ ...s, headline: true as const });

describe('statsStore', () => {
  beforeEach(() => clearStats());

  it('a node’s main figure is the statistic flagged as its headline, read by its kind', () => {
    expect(mainFigure({ alpha: scalar(2), gate: headline(gate(0.4)) })).toEqual({ stat: 'gate', part: { kind: 'gate', part: 'mean' }, key: 'gateMean', value: 0.4, unit: true });
    expect(mainFigure({ alpha: headline(scalar(0.1)) })).toMatchObject({ key: 'alpha', value: 0.1, unit: false });
    const routing: StatSummary = { kind: 'routing', load: [0.5, 0.5], importance: [0.5, 0.5], entropy: 0.7, topShare: [0.5, 0.5], collapsed: false, sample: [] };
    expect(mainFigure({ routing: headline(routing) })).toMatchObject({ key: 'routingEntropy', value: 0.7 });
    const attention: StatSummary = { kind: 'attention', firstToken: [0.2, 0.4], baseline: 0.1, map: [] };
    expect(mainFigure({ attention: headline(attention) })!.value).toBeCloseTo(0.3, 12);
    expect(mainFigure({ unseen: headline({ kind: 'rate', value: 0.25 }) })).toMatchObject({ key: 'unseenRate', unit: true });
    // a plain layer reports only its activation sizes: no sparkline
    expect(mainFigure({ '@activation': { kind: 'activation', max: 3, meanAbs: 1 } })).toBeUndefined();
  });

  it('keeps the newest SPARK_LENGTH points per node; other nodes keep their entry object', () => {
    const g = (v: number): NodeSummary => ({ gate: headline(gate(v)) });
    ingestStats({ step: 1, stats: { g: g(0.5), r: { alpha: headline(scalar(1)) }, '@model': { params: scalar(3) } } });
    const r1 = useStats.getState().spark.get('r');
    for (let i = 2; i <= SPARK_LENGTH + 10; i++) ingestStats({ step: i, stats: { g: g(i / 1000) } });
    const spark = sparkOf('g')(useStats.getState())!;
    expect(spark.values).toHaveLength(SPARK_LENGTH);
    expect(spark.steps[0]).toBe(11);
    expect(spark.values[SPARK_LENGTH - 1]).toBeCloseTo((SPARK_LENGTH + 10) / 1000, 12);
    expect(useStats.getState().spark.get('r')).toBe(r1);
    expect(useStats.getState().spark.has('@model')).toBe(false);
  });

  it('reads series and rows over the statistics log', () => {
    const log = [
      { step: 10, stats: { a: { gate: gate(0.1, [1, 2]) } } },
      { step: 20, stats: { b: { gate: gate(0.9) } } },
      { step: 30, stats: { a: { gate: gate(0.3, [0, 3]), attention: { kind: 'attention', firstToken: [0.2, 0.6], baseline: 0, map: [] } as StatSummary } } },
    ];
    expect(seriesOf(log, 'a', 'gate')).toEqual({ steps: [10, 30], values: [0.1, 0.3] });
    expect(seriesOf(log, 'a', 'attention').values[0]).toBeCloseTo(0.4, 12);
    expect(rowsOf(log, 'a', 'gate', (s) => (s.kind === 'gate' ? s.histogram : undefined))).toEqual({ steps: [10, 30], rows: [[1, 2], [0, 3]] });
  });

  it('runStore feeds it from ticks and clears it with a new run', () => {
    const runId = beginRun(0);
    const steps = { step: [5], loss: [1], accuracy: [NaN], ms: [1] };
    receive({ type: 'tick', runId, steps, evals: [], stats: { step: 5, stats: { g: { gate: headline(gate(0.25)) } } } });
    expect(useStats.getState().spark.get('g')!.values).toEqual([0.25]);
    expect(statsLog).toHaveLength(1);
    expect(useRun.getState().statsVersion).toBeGreaterThan(0);
    beginRun(0);
    expect(useStats.getState().spark.size).toBe(0);
  });
});
