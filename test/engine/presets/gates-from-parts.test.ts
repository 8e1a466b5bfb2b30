import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { compile, generateDataset, prepareData, train } from '../../../engine';
import { useBackend } from '../../helpers/backend';
import { presetGraph } from '../nodes/gates/node-harness';

/**
 * The gates-from-parts preset: each built-in gate and its rebuilt block get
 * the same input and the same gradient (their outputs are added), so the
 * learned α of the built-in ReZero and ExpandedGLU and the block's Scale that
 * plays α start at 0 and stay equal while they move, as its description says.
 */
describe('gates-from-parts preset', () => {
  beforeAll(() => useBackend('wasm'));

  it('the built-in α and the block’s α follow the same path over 40 steps', async () => {
    const c = compile(presetGraph('gates-from-parts'));
    if (!c.ok) throw new Error(JSON.stringify(c.errors));
    const { model } = c.value;
    const session = prepareData(c.value, generateDataset(model.graph));
    for await (const e of train(c.value, session, { steps: 40, evalEvery: 0 })) if (e.kind === 'failed') throw new Error(e.error.message);
    session.dispose();
    const value = (name: string) => tf.tidy(() => model.variables.get(name)!.dataSync()[0]!);
    for (const [builtIn, rebuilt] of [['rz/alpha', 'rzParts/alpha/scale'], ['glu/alpha', 'gluParts/alpha/scale']] as const) {
      expect(Math.abs(value(builtIn)), builtIn).toBeGreaterThan(1e-3);
      expect(Math.abs(value(builtIn) - value(rebuilt)), `${builtIn} against ${rebuilt}`).toBeLessThan(1e-5);
    }
    model.dispose();
  });
});
