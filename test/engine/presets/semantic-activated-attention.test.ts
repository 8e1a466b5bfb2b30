import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core'; // before the engine, which would otherwise load tfjs-core's parts without its chained-op registration
import { applyVariant, generateDataset, prepareData, runGraph, type RunSummary } from '../../../engine';
import type { ProbeRecord } from '../../../engine/compile/model';
import { sliceOf } from '../../../engine/train/batches';
import { useBackend } from '../../helpers/backend';
import { presetGraph } from '../nodes/gates/node-harness';

/**
 * The semantic-activation effect on two people per image, short and seeded: where the semantic
 * gate is closed the base output (here the image itself) is untouched exactly, and the identities
 * are written into the faces far better than by the always-on decoupled injection.
 * (`gatelab compare --seeds 101-105` gives the figures over seeds, the leakage with and without masks among them.)
 */
const STEPS = 400;

describe('semantic-activated-attention preset', () => {
  beforeAll(() => useBackend('wasm'));

  for (const seed of [1, 2]) {
    it(`seed ${seed}: SAA edits the face and leaves the background alone; always-on injection does neither`, async () => {
      const g = presetGraph('semantic-activated-attention', seed);
      const run = async (v: string): Promise<RunSummary> => (await runGraph(applyVariant(g, v), { steps: STEPS, evalEvery: 0 })).summary;
      const saa = (await run('semantic activation (SAA)')).metrics;
      const always = (await run('plain decoupled (always on)')).metrics;
      expect(saa['identityGain']).toBeGreaterThan(0.4);
      expect(saa['identityGain']).toBeGreaterThan(always['identityGain']! + 0.2);
      expect(saa['backgroundUntouched']).toBeGreaterThan(0.9);
      expect(always['backgroundUntouched']).toBe(0);
      expect(saa['backgroundDisruption']).toBeLessThan(always['backgroundDisruption']!);
    }, 120_000);
  }

  it('wherever the trained gate is closed, the output equals the base bit for bit; no attention leaks between the two people', async () => {
    const g = applyVariant(presetGraph('semantic-activated-attention', 3), 'semantic activation (SAA)');
    const { compiled } = await runGraph(g, { steps: 100, evalEvery: 0, keep: true });
    const session = prepareData(compiled!, generateDataset(g));
    const records: ProbeRecord[] = [];
    const [out, x] = tf.tidy(() => {
      const b = sliceOf(session.test, 0, 64);
      const pred = compiled!.model.forward(b.feeds, { training: false, records }).pred;
      return [pred.arraySync() as number[][][], b.feeds['x']!.arraySync() as number[][][]];
    });
    const gate = records.find((r) => r.stat === 'gate')!.value.arraySync() as number[][][];
    const leakage = records.find((r) => r.stat === 'leakage')!.value.dataSync()[0];
    tf.dispose(records.map((r) => r.value));
    session.dispose();
    compiled!.model.dispose();
    let closed = 0, open = 0;
    for (let i = 0; i < gate.length; i++) {
      for (let q = 0; q < gate[i]!.length; q++) {
        if (gate[i]![q]![0] === 0) { closed++; expect(out[i]![q]).toEqual(x[i]![q]); } else open++;
      }
    }
    expect(closed).toBeGreaterThan(open); // most of an image is background
    expect(open).toBeGreaterThan(0);
    expect(leakage).toBe(0); // the trained model, two people per image: no attention crosses from one person's box to the other's tokens
  }, 60_000);
});
