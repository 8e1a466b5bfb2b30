/**
 * PyTorch export of blocks: one nn.Module class per block definition, its
 * inner modules handed in per instance, blocks within blocks, tied instances
 * sharing modules. A graph with a nested block and a second instance of the
 * inner block (each with an auxiliary loss), and the same with a third
 * instance tied to the second, give GateLab's outputs and losses within 1e-4
 * after two training steps, and train.py retraces those steps.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import '@tensorflow/tfjs-core';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Graph } from '../../../engine';
import { parseModel, modelToText } from '../../../engine/serialize';
import { torchPackage } from '../../../engine/serialize/torch';
import { useBackend } from '../../helpers/backend';
import { nestedBlockGraph, tiedBlockGraph } from '../../helpers/blocks';
import { hasTorch, outputsOn, runParity, trainBriefly, worstError, writeParityCase, type ParityResult } from './helpers';

const TOL = 1e-4;
const STEPS = 2;
const CASES: Record<string, () => Graph> = { nested: nestedBlockGraph, tied: tiedBlockGraph };
const root = mkdtempSync(join(tmpdir(), 'gatelab-torch-blocks-'));
const want = new Map<string, Awaited<ReturnType<typeof outputsOn>> & { trainLoss: number; losses: number[] }>();
let got: Record<string, ParityResult & { aux?: Record<string, number> }> = {};

describe.skipIf(!hasTorch)('PyTorch export of nested and tied blocks [wasm]', () => {
  beforeAll(async () => {
    await useBackend('wasm');
    for (const [name, graph] of Object.entries(CASES)) {
      const { compiled, file, batch, losses } = await trainBriefly(graph(), STEPS);
      try {
        want.set(name, { ...(await outputsOn(compiled, batch)), trainLoss: (await outputsOn(compiled, batch, true)).loss, losses });
        const parsed = parseModel(modelToText(file));
        if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
        const pkg = await torchPackage(parsed.value);
        if (!pkg.ok) throw new Error(JSON.stringify(pkg.errors));
        await writeParityCase(root, name, pkg.value, batch, STEPS);
      } finally {
        batch.dispose();
        compiled.model.dispose();
      }
    }
    got = runParity(root);
  }, 180_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes one class per block definition, the outer one holding the inner', () => {
    const model = readFileSync(join(root, 'nested', 'gatelab_model', 'model.py'), 'utf8');
    expect(model.match(/^class MyGLU\(nn\.Module\):/gm)).toHaveLength(1);
    expect(model.match(/^class Head\(nn\.Module\):/gm)).toHaveLength(1);
    expect(model).toContain('"head": Head({');
    expect(model).toContain('"myglu": MyGLU({');
    expect(readFileSync(join(root, 'tied', 'gatelab_model', 'model.py'), 'utf8')).toContain('TIES = {"tied": "myglu"}');
  });

  for (const name of Object.keys(CASES)) {
    it(`${name}: the same outputs and losses, each instance filing its own auxiliary loss`, () => {
      const w = want.get(name)!, g = got[name]!;
      expect(g.shape).toEqual(w.shape);
      expect(worstError(w.pred, g.pred)).toBeLessThan(TOL);
      expect(Math.abs(g.loss - w.loss)).toBeLessThan(TOL * Math.max(1, Math.abs(w.loss)));
      expect(Math.abs(g.trainLoss - w.trainLoss)).toBeLessThan(TOL * Math.max(1, Math.abs(w.trainLoss)));
      const aux = [/^head\/myglu\/aux\//, /^myglu\/aux\//, ...(name === 'tied' ? [/^tied\/aux\//] : [])];
      expect(Object.keys(g.aux ?? {}).sort()).toEqual(aux.map((r) => expect.stringMatching(r)));
    });

    it(`${name}: train.py retraces GateLab's first steps`, () => {
      const w = want.get(name)!, g = got[name]!;
      expect(g.losses).toHaveLength(STEPS);
      g.losses!.forEach((l, i) => expect(Math.abs(l - w.losses[i]!)).toBeLessThan(TOL * Math.max(1, Math.abs(w.losses[i]!))));
    });
  }
});
