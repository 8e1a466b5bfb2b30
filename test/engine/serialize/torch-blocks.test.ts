/**
 * PyTorch export of blocks: one nn.Module class per block definition, its
 * inner modules handed in per instance, blocks within blocks. A graph with a
 * nested block and a second instance of the inner block (each with an
 * auxiliary loss) gives GateLab's outputs and losses within 1e-4 after two
 * training steps, and train.py retraces those steps.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import '@tensorflow/tfjs-core';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseModel, modelToText } from '../../../engine/serialize';
import { torchPackage } from '../../../engine/serialize/torch';
import { useBackend } from '../../helpers/backend';
import { nestedBlockGraph } from '../../helpers/blocks';
import { hasTorch, outputsOn, runParity, trainBriefly, worstError, writeParityCase, type ParityResult } from './helpers';

const TOL = 1e-4;
const STEPS = 2;
const root = mkdtempSync(join(tmpdir(), 'gatelab-torch-blocks-'));
let want: Awaited<ReturnType<typeof outputsOn>> & { trainLoss: number; losses: number[] };
let got: ParityResult & { aux?: Record<string, number> };

describe.skipIf(!hasTorch)('PyTorch export of nested blocks [wasm]', () => {
  beforeAll(async () => {
    await useBackend('wasm');
    const { compiled, file, batch, losses } = await trainBriefly(nestedBlockGraph(), STEPS);
    try {
      want = { ...(await outputsOn(compiled, batch)), trainLoss: (await outputsOn(compiled, batch, true)).loss, losses };
      const parsed = parseModel(modelToText(file));
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      const pkg = await torchPackage(parsed.value);
      if (!pkg.ok) throw new Error(JSON.stringify(pkg.errors));
      await writeParityCase(root, 'nested', pkg.value, batch, STEPS);
    } finally {
      batch.dispose();
      compiled.model.dispose();
    }
    got = runParity(root).nested!;
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes one class per block definition, the outer one holding the inner', () => {
    const model = readFileSync(join(root, 'nested', 'gatelab_model', 'model.py'), 'utf8');
    expect(model.match(/^class MyGLU\(nn\.Module\):/gm)).toHaveLength(1);
    expect(model.match(/^class Head\(nn\.Module\):/gm)).toHaveLength(1);
    expect(model).toContain('"head": Head({');
    expect(model).toContain('"myglu": MyGLU({');
  });

  it('gives the same outputs and losses, each instance filing its own auxiliary loss', () => {
    expect(got.shape).toEqual(want.shape);
    expect(worstError(want.pred, got.pred)).toBeLessThan(TOL);
    expect(Math.abs(got.loss - want.loss)).toBeLessThan(TOL * Math.max(1, Math.abs(want.loss)));
    expect(Math.abs(got.trainLoss - want.trainLoss)).toBeLessThan(TOL * Math.max(1, Math.abs(want.trainLoss)));
    expect(Object.keys(got.aux ?? {}).sort()).toEqual([expect.stringMatching(/^head\/myglu\/aux\//), expect.stringMatching(/^myglu\/aux\//)]);
  });

  it("train.py retraces GateLab's first steps", () => {
    expect(got.losses).toHaveLength(STEPS);
    got.losses!.forEach((l, i) => expect(Math.abs(l - want.losses[i]!)).toBeLessThan(TOL * Math.max(1, Math.abs(want.losses[i]!))));
  });
});
