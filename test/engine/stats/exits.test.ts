import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { compile, generateDataset, prepareData } from '../../../engine';
import { exitAtThreshold, exitFrontier, exitTable, type ExitTable } from '../../../engine/stats/exits';
import { useBackend } from '../../helpers/backend';

/** 4 examples, 3 exits; costs 10, 20, 30 FLOPs. */
const table: ExitTable = {
  nodeId: 'e',
  confidence: [[0.9, 0.5, 0.6, 0.3], [0.95, 0.8, 0.5, 0.4], [0.99, 0.9, 0.7, 0.5]],
  correct: [[1, 0, 0, 0], [1, 1, 0, 0], [1, 1, 1, 0]],
  cost: [10, 20, 30],
  denseCost: 30,
};

describe('exit explorer', () => {
  it('replays the confidence rule by hand', () => {
    // θ = 0.7: ex0 exits at 0 (0.9), ex1 at 1 (0.8), ex2 at 2 (last), ex3 at 2 (last)
    const p = exitAtThreshold(table, 0.7);
    expect(p.share).toEqual([0.25, 0.25, 0.5]);
    expect(p.accuracy).toBe((1 + 1 + 1 + 0) / 4);
    expect(p.cost).toBe((10 + 20 + 30 + 30) / 4);
    // θ = 0: everyone leaves at the first exit; θ above every confidence: everyone at the last
    expect(exitAtThreshold(table, 0)).toMatchObject({ share: [1, 0, 0], accuracy: 0.25, cost: 10 });
    expect(exitAtThreshold(table, 1)).toMatchObject({ share: [0, 0, 1], accuracy: 0.75, cost: 30 });
  });

  it('sweeps θ from 0 to 1', () => {
    const f = exitFrontier(table, 4);
    expect(f.map((p) => p.threshold)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    // compute never falls as θ rises
    for (let k = 1; k < f.length; k++) expect(f[k]!.cost).toBeGreaterThanOrEqual(f[k - 1]!.cost);
  });

  describe('on the early-exit node', () => {
    it('forcing exit l gives head l’s predictions and the cost of stopping there', async () => {
      await useBackend('cpu');
      const g = {
        format: 'gatelab/graph' as const, version: 1 as const, name: 'exits',
        nodes: [{ id: 'x', type: 'Input' }, { id: 'e', type: 'EarlyExitStack', params: { blocks: 4, exitEvery: 2, width: 8 } }, { id: 'y', type: 'Output' }],
        edges: [
          { id: 'e1', source: 'x', sourceHandle: 'out', target: 'e', targetHandle: 'in' },
          { id: 'e2', source: 'e', sourceHandle: 'out', target: 'y', targetHandle: 'in' },
        ],
        training: { dataset: { name: 'spiral', samples: 100 }, optimizer: { name: 'adam' as const, learningRate: 0.01 }, batchSize: 16, steps: 1, seed: 1 },
      };
      const c = compile(g);
      if (!c.ok) throw new Error(JSON.stringify(c.errors));
      const session = prepareData(c.value, generateDataset(g));
      const before = tf.memory().numTensors;
      const t = await exitTable(c.value, session.test, 'e', 2);
      expect(tf.memory().numTensors).toBe(before);
      expect(t.confidence).toHaveLength(2);
      expect(t.confidence[0]).toHaveLength(session.test.size);
      expect(t.confidence.flat().every((v) => v >= 0.5 - 1e-6 && v <= 1)).toBe(true); // 2 classes
      expect(t.cost[0]!).toBeLessThan(t.cost[1]!);
      expect(t.cost[1]!).toBeCloseTo(t.denseCost, 6);
      session.dispose();
      c.value.model.dispose();
    });
  });
});
