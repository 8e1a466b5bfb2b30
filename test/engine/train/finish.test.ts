/**
 * The end of every run (issue 18: a NaN is never a result): weights and
 * held-out loss are checked after the last step; a run that ends non-finite
 * goes back to its last finite copy, or reports that it has no result.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { compile, generateDataset, prepareData, runGraph, train, type Graph, type TrainEvent, type TrainOptions } from '../../../engine';
import { chain, squaredIntoRezero } from '../../helpers/graphs';
import { useBackend } from '../../helpers/backend';

/** Every event of a run; `poke` may change the weights after a step; `finite` says whether the run's weights end finite. */
async function run(g: Graph, opts: TrainOptions, poke?: (step: number, vars: Map<string, tf.Variable>) => void) {
  const r = compile(g);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  const session = prepareData(r.value, generateDataset(g));
  const events: TrainEvent[] = [];
  for await (const e of train(r.value, session, opts)) {
    events.push(e);
    if (e.kind === 'step') poke?.(e.step, r.value.model.variables);
  }
  const finite = [...r.value.model.variables.values()].every((v) => tf.all(tf.isFinite(v)).dataSync()[0] === 1);
  session.dispose();
  r.value.model.dispose();
  return { events, finite, failed: events.find((e) => e.kind === 'failed'), evals: events.filter((e) => e.kind === 'eval') };
}

describe('the end of a run', () => {
  beforeAll(() => useBackend('wasm'));

  it('x ⊙ x into a ReZero stack, SGD at 1, 3 steps: nothing finite is left at the end, so the run has no result', async () => {
    const { failed, evals, finite } = await run(squaredIntoRezero({ name: 'sgd', learningRate: 1 }), { steps: 3, evalEvery: 0 });
    expect(evals).toEqual([]);
    expect(failed).toMatchObject({ kind: 'failed', noResult: true, error: { code: 'NON_FINITE' } });
    expect(failed?.kind === 'failed' && failed.error.message).toContain('no finite trained weights are left');
    expect(finite).toBe(true); // set back to the weights it started with
  });

  it('one step of Adam at 10 (the --steps 1 case): no result, and the summary reports no held-out loss', async () => {
    const { summary } = await runGraph(squaredIntoRezero({ name: 'adam', learningRate: 10 }), { steps: 1 });
    expect(summary.error?.code).toBe('NON_FINITE');
    expect(summary.noResult).toBe(true);
    expect(summary.loss).toBeNaN();
  });

  it('weights gone NaN at the last step go back to the last finite copy (step 25), evaluated, and the run says so', async () => {
    const g = chain([['x', 'Input'], ['h', 'Dense', { units: 8 }], ['a', 'Activation', { fn: 'tanh' }], ['o', 'Dense', { units: 2 }], ['y', 'Output']]);
    const { failed, evals, finite } = await run(g, { steps: 30, path: 'tfjs' }, (step, vars) => {
      if (step === 30) vars.get('h/kernel')!.assign(tf.fill([2, 8], NaN));
    });
    expect(failed).toMatchObject({ kind: 'failed', step: 30, error: { code: 'NON_FINITE' } });
    expect(failed).not.toHaveProperty('noResult');
    expect(failed?.kind === 'failed' && failed.error.message).toContain('the weights of step 25 are restored');
    expect(evals.at(-1)).toMatchObject({ step: 30 });
    expect(Number.isFinite(evals.at(-1)!.loss)).toBe(true);
    expect(finite).toBe(true);
  });

  it('on the plain-JavaScript path too: three steps at a learning rate of 1e38 overflow the weights, so no result', async () => {
    const g = chain([['x', 'Input'], ['h', 'Dense', { units: 8 }], ['a', 'Activation', { fn: 'tanh' }], ['o', 'Dense', { units: 2 }], ['y', 'Output']]);
    g.training.optimizer = { name: 'sgd', learningRate: 1e38 };
    const { summary } = await runGraph(g, { steps: 3, path: 'plain' });
    expect(summary.path).toBe('plain');
    expect(summary).toMatchObject({ noResult: true, error: { code: 'NON_FINITE' } });
  });

  it('a run that ends finite reports its last evaluation and no failure', async () => {
    const { failed, evals } = await run(squaredIntoRezero({ name: 'sgd', learningRate: 0.01 }), { steps: 3, evalEvery: 0 });
    expect(failed).toBeUndefined();
    expect(evals.map((e) => e.step)).toEqual([3]);
  });
});
