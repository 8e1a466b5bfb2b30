import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core'; // before the engine, which would otherwise load tfjs-core's parts without its chained-op registration
import { applyVariant, compile, generateDataset, prepareData, train, type Compiled, type Graph, type Session } from '../../../engine';
import { predictAll } from '../../../engine/train/measure';
import { topicMetrics } from '../../../engine/data/sequence/topic-lm';
import { useBackend } from '../../helpers/backend';
import { presetGraph } from '../nodes/gates/node-harness';

/**
 * The idea-gate effect, short and seeded: on the same pretrained language model, the
 * idea gate raises topic stickiness and keeps perplexity within 5%. Both
 * variants share phase 1 (the language model, α = 0, the idea head frozen), so
 * it is trained once and the weights are copied; each variant then runs phase 2
 * (idea head and gate) on its own. (`gatelab compare` shows the same on seeds 7 and 1.)
 */
function compiled(g: Graph): Compiled {
  const r = compile(g);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

async function run(c: Compiled, session: Session, from: number, until?: number): Promise<void> {
  let done = from;
  for await (const e of train(c, session, { startStep: from, evalEvery: 0, ...(until !== undefined ? { shouldStop: () => done >= until } : {}) })) {
    if (e.kind === 'step') done = e.step;
  }
}

async function metrics(c: Compiled, session: Session): Promise<Record<string, number>> {
  const { pred, shape } = await predictAll(c, session.test);
  return topicMetrics({ data: session.data, rows: session.testRows, pred, predShape: shape });
}

describe('idea-gated preset', () => {
  beforeAll(() => useBackend('wasm'));

  for (const seed of [2, 3]) {
    it(`seed ${seed}: the gate raises stickiness on the same language model, perplexity within 5%`, async () => {
      const before = tf.memory().numTensors;
      // A shorter schedule than the preset's 400 + 200 steps, to keep the test quick.
      const pretrain = 250;
      const g = presetGraph('idea-gated', seed, { 'gate.rampStart': pretrain, 'gate.rampSteps': 60 });
      g.training.phases![0]!.steps = pretrain;
      g.training.phases![1]!.steps = 120;
      g.training.steps = pretrain + 120;
      const gated = compiled(applyVariant(g, 'idea gate (alpha 0.5)'));
      const plain = compiled(applyVariant(g, 'ungated (alpha 0)'));
      const session = prepareData(gated, generateDataset(g));
      await run(gated, session, 0, pretrain);
      plain.model.writeWeights(await gated.model.readWeights());
      await run(gated, session, pretrain);
      await run(plain, session, pretrain);
      const a = await metrics(gated, session);
      const b = await metrics(plain, session);
      session.dispose();
      gated.model.dispose();
      plain.model.dispose();
      expect(tf.memory().numTensors).toBe(before);
      expect(a['stickiness']).toBeGreaterThan(b['stickiness']!);
      expect(a['perplexity']).toBeLessThan(1.05 * b['perplexity']!);
    }, 300_000);
  }
});
