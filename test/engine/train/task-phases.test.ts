import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-core';
import { runGraph } from '../../../engine';
import { trainingSchedule } from '../../../engine/train/schedule';
import { taskStreamMetrics } from '../../../engine/data/task-stream';
import type { Dataset } from '../../../engine/data/dataset';
import { useBackend } from '../../helpers/backend';
import { chain } from '../../helpers/graphs';

/** A linear classifier on the task stream, trained on task 0 only, then on task 1 only. */
function streamGraph(phases: { name: string; steps: number; task?: number }[]) {
  const steps = phases.reduce((s, p) => s + p.steps, 0);
  return chain([['x', 'Input'], ['logits', 'ClassifierHead'], ['y', 'Output']], {
    dataset: { name: 'task-stream', samples: 900, tasks: 3, classes: 4, features: 16 },
    optimizer: { name: 'adam', learningRate: 0.05 },
    batchSize: 32, steps, seed: 3, phases,
  });
}

describe('training phases that select a task', () => {
  beforeAll(() => useBackend('wasm'));

  it('carries the task into the phase plan', () => {
    const plan = trainingSchedule(streamGraph([{ name: 'a', steps: 10, task: 2 }, { name: 'b', steps: 5 }]).training);
    expect(plan.phases.map((p) => p.task)).toEqual([2, undefined]);
  });

  it('trains each phase only on its task, and reports the figures at each phase end', async () => {
    const { summary } = await runGraph(streamGraph([{ name: 'task 0', steps: 40, task: 0 }, { name: 'task 1', steps: 40, task: 1 }]), { evalEvery: 0 });
    const after0 = summary.phaseMetrics![0]!;
    expect(summary.phaseMetrics).toHaveLength(1);
    expect(after0.phase).toBe('task 0');
    expect(after0.step).toBe(40);
    // After phase 0 only task 0 is learnt; phase 1 then learns task 1.
    expect(after0.metrics.task0Accuracy).toBeGreaterThan(0.9);
    expect(after0.metrics.task1Accuracy!).toBeLessThan(after0.metrics.task0Accuracy! - 0.2);
    expect(summary.metrics.task1Accuracy).toBeGreaterThan(after0.metrics.task1Accuracy! + 0.2);
    expect(summary.metrics.forgetting).toBeGreaterThanOrEqual(0);
  }, 60_000);

  it('stops with a message when a phase names a task the dataset has no examples of', async () => {
    const { summary } = await runGraph(streamGraph([{ name: 'ghost', steps: 5, task: 7 }]), { evalEvery: 0 });
    expect(summary.error?.code).toBe('BAD_TRAINING');
    expect(summary.error?.message).toMatch(/task 7/);
  }, 30_000);
});

describe('task-stream metrics', () => {
  it('gives per-task accuracy, their average and forgetting against the phase ends (hand-computed)', () => {
    // Two tasks, two classes; rows 0, 1 are task 0 (labels 0, 1), rows 2, 3 task 1 (labels 0, 1).
    const data = {
      inputs: { task: { data: Int32Array.from([0, 0, 1, 1]), shape: [4], dtype: 'int32' } },
      target: { data: Int32Array.from([0, 1, 0, 1]), shape: [4], dtype: 'int32' },
    } as unknown as Dataset;
    const pred = Float32Array.from([1, 0, 1, 0, 1, 0, 0, 1]);   // task 0: 1 of 2 right; task 1: both right
    const m = taskStreamMetrics({ data, rows: Int32Array.from([0, 1, 2, 3]), pred, predShape: [4, 2], earlier: [{ task0Accuracy: 1, task1Accuracy: 0.5 }] });
    expect(m.task0Accuracy).toBe(0.5);
    expect(m.task1Accuracy).toBe(1);
    expect(m.averageAccuracy).toBe(0.75);
    expect(m.forgetting).toBe(0.5);                             // task 0 fell from 1 to 0.5; the last task does not count
  });
});
