import { describe, it, expect, beforeAll } from 'vitest';
import v8 from 'node:v8';
import vm from 'node:vm';
import * as tf from '@tensorflow/tfjs-core';
import { compile, DEFAULT_STATS_EVERY, generateDataset, getPreset, prepareData, train } from '../../../engine';
import { clone } from '../../helpers/graphs';
import { useBackend } from '../../helpers/backend';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/**
 * Issue 8's long run: 20,000 steps of the tiny transformer, with statistics and held-out
 * evaluation on their editor schedule, and neither tensors nor heap grow. The batch is
 * 4 instead of 32 so it fits CI's time: a leak is per op and step, not per example.
 */
describe('soak', () => {
  beforeAll(() => useBackend('wasm'));

  it('20,000 steps of the tiny transformer: the same tensor count, heap growth under 10%', async () => {
    const g = clone(getPreset('tiny-transformer')!.graph);
    g.training.batchSize = 4;
    const r = compile(g);
    if (!r.ok) throw new Error('compile failed');
    const session = prepareData(r.value, generateDataset(g));
    const at: Record<number, { tensors: number; heap: number }> = {};
    const mark = (step: number) => { gc(); at[step] = { tensors: tf.memory().numTensors, heap: process.memoryUsage().heapUsed }; };
    let last = 0;
    for await (const e of train(r.value, session, { steps: 20_000, evalEvery: 500, statsEvery: DEFAULT_STATS_EVERY * 10, probeSize: 16 })) {
      if (e.kind === 'failed') throw new Error(e.error.message);
      if (e.kind === 'step') { last = e.step; if (e.step === 1000 || e.step === 20_000) mark(e.step); }
    }
    session.dispose();
    r.value.model.dispose();
    expect(last).toBe(20_000);
    expect(at[20_000]!.tensors).toBe(at[1000]!.tensors);
    expect(at[20_000]!.heap / at[1000]!.heap - 1).toBeLessThan(0.1);
    console.log(`soak: tensors ${at[1000]!.tensors} → ${at[20_000]!.tensors}, heap ${(at[1000]!.heap / 1e6).toFixed(1)} → ${(at[20_000]!.heap / 1e6).toFixed(1)} MB`);
  }, 1_800_000);
});
