import { describe, it, expect, beforeAll } from 'vitest';
import { compile, generateDataset, prepareData, train, type Graph, type TrainOptions } from '../../../engine';
import { chain } from '../../helpers/graphs';
import { useBackend } from '../../helpers/backend';

/** Plain SGD keeps no optimizer state, so a resumed run must retrace the straight one step for step. */
const graph = (): Graph => {
  const g = chain([['x', 'Input'], ['h', 'Dense', { units: 8 }], ['a', 'Activation', { fn: 'tanh' }], ['o', 'Dense', { units: 2 }], ['y', 'Output']]);
  g.training.optimizer = { name: 'sgd', learningRate: 0.1 };
  return g;
};

async function losses(g: Graph, opts: TrainOptions, from?: Map<string, { shape: number[]; data: Float32Array }>) {
  const r = compile(g);
  if (!r.ok) throw new Error('compile failed');
  if (from) r.value.model.writeWeights(from);
  const session = prepareData(r.value, generateDataset(g));
  const out: number[] = [];
  for await (const e of train(r.value, session, { evalEvery: 0, finalEval: false, ...opts })) if (e.kind === 'step') out.push(e.loss);
  const weights = await r.value.model.readWeights();
  session.dispose();
  r.value.model.dispose();
  return { out, weights };
}

describe('resuming a run', () => {
  beforeAll(() => useBackend('wasm'));

  it.each(['tfjs', 'auto'] as const)('draws the batches a straight run draws (%s path)', async (path) => {
    const straight = await losses(graph(), { steps: 40, path });
    const first = await losses(graph(), { steps: 20, path });
    const resumed = await losses(graph(), { steps: 40, startStep: 20, path }, first.weights);
    expect(resumed.out).toHaveLength(20);
    resumed.out.forEach((l, i) => expect(l).toBeCloseTo(straight.out[20 + i]!, 5));
  });
});
