/**
 * PyTorch parity: every preset, trained a few steps, exported as a Python
 * package; the package's GraphModel gives the same outputs on a fixed batch
 * of held-out rows within 1e-4 (relative above 1), and the same losses, in
 * evaluation mode and in training mode (step 0, as the first training step
 * computes it), and the package's train.py retraces GateLab's first training
 * steps (same initial weights, same batches, same optimizer), unless a node
 * draws random numbers while training.
 * A preset using a type on NOT_EXPORTED is checked to be refused, by node.
 * A few variants of presets add params no preset sets (expert capacity).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
// tfjs-core first, as a side effect (a type-only use would be dropped): vitest can load it twice, and the engine must share the copy the backends register with.
import '@tensorflow/tfjs-core';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRESETS, trainingSchedule, type Graph } from '../../../engine';
import { NOT_EXPORTED } from '../../../engine/nodes';
import { parseModel, modelToText } from '../../../engine/serialize';
import { stochasticNodes, torchPackage, unsupportedNodes } from '../../../engine/serialize/torch';
import { useBackend } from '../../helpers/backend';
import { hasTorch, outputsOn, runParity, trainBriefly, worstError, writeParityCase, type ParityResult } from './helpers';
import { presetGraph } from '../nodes/gates/routing-helpers';

const TOL = 1e-4;
const STEPS = 3;

const root = mkdtempSync(join(tmpdir(), 'gatelab-torch-'));
const expected = new Map<string, { pred: Float32Array; shape: number[]; loss: number; task: number; trainLoss: number; losses: number[] }>();
let got: Record<string, ParityResult> = {};

const CASES = [
  ...PRESETS,
  // capacity 0.5 keeps at most half the assignments: some are dropped in every batch
  { slug: 'topk-moe-capacity', graph: presetGraph('topk-moe', undefined, { 'router.capacityFactor': 0.5 }) },
  // PHATGOOSE routing each sequence by its mean token (the preset itself routes every token)
  { slug: 'phatgoose-pooled', graph: presetGraph('phatgoose', undefined, { 'gate1.mode': 'pooled', 'gate2.mode': 'pooled', 'gate3.mode': 'pooled' }) },
  // one-step phases and a two-step warm-up: the first steps cross two phase ends (new task, fresh optimizer) while the rate climbs
  { slug: 'gateon-short-phases', graph: shortPhases(presetGraph('gateon'), 1, 2) },
  // the ungated baseline that is still told the task: a learned per-task bias instead of a gate
  // ImageBind-LLM read in another modality through the retrieval cache (in training the image passes through)
  { slug: 'zero-init-injection-audio-cache', graph: presetGraph('zero-init-injection', undefined, { 'cache.reads': 'audio', 'cache.cache': true }) },
  { slug: 'gateon-task-bias', graph: shortPhases(presetGraph('gateon', undefined, { 'g1.mode': 'bias', 'g2.mode': 'bias' }), 1, 0) },
  // DynamicID's ungated baseline (a learned mask per position) and SAA with the identity masks off
  { slug: 'semantic-activated-attention-learned-mask', graph: presetGraph('semantic-activated-attention', undefined, { 'saa.activation': 'learned mask' }) },
  { slug: 'semantic-activated-attention-no-masks', graph: presetGraph('semantic-activated-attention', undefined, { 'saa.masks': false }) },
  // COSMO's gate trains from step 1, so its held-out classes (a different pair each step) are compared too
  { slug: 'cosmo-gate-training', graph: shortPhases(presetGraph('cosmo-gzsl'), 1, 0) },
];

/** The graph with every phase cut to `steps` steps and a warm-up of `warmup` steps. */
function shortPhases(g: Graph, steps: number, warmup: number): Graph {
  const phases = g.training.phases!.map((p) => ({ ...p, steps }));
  return { ...g, training: { ...g.training, phases, steps: steps * phases.length, warmupSteps: warmup } };
}
const supported = CASES.filter((p) => !p.graph.nodes.some((n) => NOT_EXPORTED.has(n.type)));

describe.skipIf(!hasTorch)('PyTorch export parity [wasm]', () => {
  beforeAll(async () => {
    await useBackend('wasm');
    for (const preset of supported) {
      const { compiled, file, batch, losses } = await trainBriefly(preset.graph, STEPS);
      try {
        expected.set(preset.slug, { ...(await outputsOn(compiled, batch)), trainLoss: (await outputsOn(compiled, batch, true)).loss, losses });
        const parsed = parseModel(modelToText(file));
        if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
        const pkg = await torchPackage(parsed.value);
        if (!pkg.ok) throw new Error(JSON.stringify(pkg.errors));
        await writeParityCase(root, preset.slug, pkg.value, batch, stochasticNodes(preset.graph).length ? 0 : STEPS);
      } finally {
        batch.dispose();
        compiled.model.dispose();
      }
    }
    got = runParity(root);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("writes GateLab's schedule into the package as data, for train.py to follow", () => {
    const preset = CASES.find((p) => p.slug === 'gateon-short-phases')!;
    const config = JSON.parse(readFileSync(join(root, preset.slug, 'config.json'), 'utf8')) as { schedule: unknown };
    expect(config.schedule).toEqual(trainingSchedule(preset.graph.training));
    expect(config.schedule).toMatchObject({ total: 5, warmupSteps: 2, phases: [{ start: 0, end: 1, task: 0 }, { start: 1, end: 2, task: 1 }, {}, {}, {}] });
  });

  for (const preset of CASES) {
    const refused = preset.graph.nodes.filter((n) => NOT_EXPORTED.has(n.type));
    if (refused.length) {
      it(`${preset.slug}: refused, node${refused.length > 1 ? 's' : ''} ${refused.map((n) => n.id).join(', ')} on NOT_EXPORTED`, () => {
        expect(unsupportedNodes(preset.graph.nodes).map((e) => [e.code, e.nodeId])).toEqual(refused.map((n) => ['NOT_EXPORTED', n.id]));
      });
      continue;
    }
    it(`${preset.slug}: outputs and losses match within ${TOL}`, () => {
      const want = expected.get(preset.slug)!;
      const have = got[preset.slug]!;
      expect(have.shape).toEqual(want.shape);
      const worst = worstError(want.pred, have.pred);
      console.log(`${preset.slug}: max output error ${worst.toExponential(2)}, loss ${want.loss} vs ${have.loss}`);
      expect(worst).toBeLessThan(TOL);
      expect(Math.abs(have.task - want.task)).toBeLessThan(TOL * Math.max(1, Math.abs(want.task)));
      expect(Math.abs(have.loss - want.loss)).toBeLessThan(TOL * Math.max(1, Math.abs(want.loss)));
    });
    const random = stochasticNodes(preset.graph);
    if (random.length) it.skip(`${preset.slug}: training-mode loss not compared, nodes ${random.join(', ')} draw random numbers while training`, () => {});
    else {
      it(`${preset.slug}: the training-mode loss matches within ${TOL}; train.py retraces GateLab's first ${STEPS} steps`, () => {
        const want = expected.get(preset.slug)!;
        const have = got[preset.slug]!;
        expect(Math.abs(have.trainLoss - want.trainLoss)).toBeLessThan(TOL * Math.max(1, Math.abs(want.trainLoss)));
        expect(have.losses!.length).toBeGreaterThanOrEqual(want.losses.length);
        console.log(`${preset.slug}: training-mode loss ${want.trainLoss} vs ${have.trainLoss}; first losses GateLab ${JSON.stringify(want.losses)}, train.py ${JSON.stringify(have.losses)}`);
        // The first loss to 1e-4; later ones to 1e-3: Adam's first steps are about lr·sign(g), so gradients that are
        // zero up to rounding move a weight by up to lr either way, and the two runs part slowly.
        want.losses.forEach((l, i) => expect(Math.abs(have.losses![i]! - l)).toBeLessThan((i === 0 ? TOL : 10 * TOL) * Math.max(1, Math.abs(l))));
      });
    }
  }
});
