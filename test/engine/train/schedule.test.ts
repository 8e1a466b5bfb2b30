/** The run's schedule, checked against figures worked out by hand. */
import { describe, expect, it } from 'vitest';
import { dueAfter, learningRateAt, phaseAt, snapshotDue, trainingSchedule, withSteps, type Schedule } from '../../../engine/train/schedule';
import { TRAINING_2D } from '../../helpers/graphs';
import type { Training } from '../../../engine';

const training = (t: Partial<Training>): Training => ({ ...TRAINING_2D, ...t });
const phased = training({ steps: 600, phases: [{ name: 'pretrain', steps: 400, freeze: ['g'] }, { name: 'gates', steps: 200, train: ['g'], task: 1 }] });
const dueSteps = (s: Schedule, what: 'eval' | 'stats') => Array.from({ length: s.total }, (_, i) => i + 1).filter((n) => dueAfter(s, n)[what]);

describe('trainingSchedule', () => {
  it('without phases runs training.steps, or the override', () => {
    expect(trainingSchedule(training({ steps: 120 })).total).toBe(120);
    expect(trainingSchedule(training({ steps: 120 }), { steps: 7 }).total).toBe(7);
    expect(trainingSchedule(training({ steps: 120 })).phases).toEqual([]);
  });

  it('lays the phases end to end, keeping their node lists and task', () => {
    const s = trainingSchedule(phased);
    expect(s.total).toBe(600);
    expect(s.phases).toEqual([
      { name: 'pretrain', start: 0, end: 400, freeze: ['g'] },
      { name: 'gates', start: 400, end: 600, train: ['g'], task: 1 },
    ]);
    expect(phaseAt(s, 399)?.name).toBe('pretrain');
    expect(phaseAt(s, 400)?.name).toBe('gates');
    expect(phaseAt(s, 600)).toBeUndefined();
  });

  it('scales the phases to a steps override, the last taking what is left', () => {
    // 400:200 over 100 steps: round(66.7) = 67, then 100 - 67 = 33.
    expect(trainingSchedule(phased, { steps: 100 }).phases.map((p) => [p.start, p.end])).toEqual([[0, 67], [67, 100]]);
    // Three phases of 150 over 10: round(3.33) = 3, 3, then 4.
    const three = training({ steps: 450, phases: [{ name: 'a', steps: 150 }, { name: 'b', steps: 150 }, { name: 'c', steps: 150 }] });
    expect(trainingSchedule(three, { steps: 10 }).phases.map((p) => p.end - p.start)).toEqual([3, 3, 4]);
  });

  it('warms the learning rate up linearly over warmupSteps, then holds it', () => {
    const s = trainingSchedule(training({ optimizer: { name: 'adam', learningRate: 0.01 }, warmupSteps: 4 }));
    expect([0, 1, 2, 3, 4, 50].map((k) => learningRateAt(s, k))).toEqual([0.0025, 0.005, 0.0075, 0.01, 0.01, 0.01]);
    expect(learningRateAt(trainingSchedule(training({})), 0)).toBe(0.01);
  });

  it('evaluates on the cadence and at the end; probes statistics only when asked', () => {
    // 100 steps quietly: evaluation every round(100/20) = 5 steps, no statistics.
    const quiet = trainingSchedule(training({ steps: 100 }));
    expect(dueSteps(quiet, 'eval')).toEqual(Array.from({ length: 20 }, (_, i) => 5 * (i + 1)));
    expect(dueSteps(quiet, 'stats')).toEqual([]);
    // 23 steps with explicit intervals: every 10, and the last step too.
    const s = trainingSchedule(training({ steps: 23 }), { evalEvery: 10, statsEvery: 10 });
    expect(dueSteps(s, 'eval')).toEqual([10, 20, 23]);
    expect(dueSteps(s, 'stats')).toEqual([10, 20, 23]);
    // evalEvery 0 without the final evaluation: none at all.
    expect(dueSteps(trainingSchedule(training({ steps: 23 }), { evalEvery: 0, finalEval: false }), 'eval')).toEqual([]);
  });

  it("gives the editor's live charts and the CLI's report their own cadences", () => {
    // 1200 steps live: evaluation every round(1200/60) = 20, statistics every max(10, round(1200/100)) = 12.
    const live = trainingSchedule(training({ steps: 1200 }), { cadence: 'live' });
    expect([live.evalEvery, live.statsEvery]).toEqual([20, 12]);
    // 300 steps live: statistics at most every 10 steps (round(300/100) = 3 is raised to 10).
    expect(trainingSchedule(training({ steps: 300 }), { cadence: 'live' }).statsEvery).toBe(10);
    // 300 steps in the CLI's report: evaluation every 15, statistics every 30.
    const report = trainingSchedule(training({ steps: 300 }), { cadence: 'report' });
    expect([report.evalEvery, report.statsEvery]).toEqual([15, 30]);
    expect(trainingSchedule(training({ steps: 300 }), { cadence: 'report', statsEvery: 7 }).statsEvery).toBe(7);
  });

  it('snapshots the weights every 25 steps', () => {
    const s = trainingSchedule(training({ steps: 100 }));
    expect(Array.from({ length: 100 }, (_, i) => i + 1).filter((n) => snapshotDue(s, n))).toEqual([25, 50, 75, 100]);
  });

  it('is plain JSON: it survives a round trip unchanged', () => {
    const s = trainingSchedule(phased, { cadence: 'live' });
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });
});

describe('withSteps', () => {
  it('sets steps alone on a graph without phases', () => {
    expect(withSteps(training({ steps: 120 }), 50)).toEqual(training({ steps: 50 }));
  });

  it('scales the phases to the new total as the run would, so the block still validates', () => {
    const t = withSteps(phased, 300);
    expect(t.steps).toBe(300);
    expect(t.phases!.map((p) => p.steps)).toEqual([200, 100]);
    expect(t.phases![1]).toMatchObject({ train: ['g'], task: 1 });
    expect(trainingSchedule(t).phases).toEqual(trainingSchedule(phased, { steps: 300 }).phases);
  });

  it('keeps at least one step per phase', () => {
    const t = withSteps(phased, 1);
    expect(t.phases!.map((p) => p.steps)).toEqual([1, 1]);
    expect(t.steps).toBe(2);
  });
});
