/**
 * Every node type's PyTorch module runs: each exported type in one small graph
 * (the smallest preset using it, or a graph built here where no preset does),
 * its weights moved off their initial values by seeded noise so that a gate
 * which starts closed (ReZero's α = 0, a zero-initialised injection) is open.
 * The exported package gives GateLab's outputs and losses within 1e-4 in
 * evaluation mode, and its training-mode loss at step 0 unless a node draws
 * random numbers. All packages run in one Python process.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
// tfjs-core first, as a side effect: vitest can load it twice, and the engine must share the copy the backends register with.
import * as tf from '@tensorflow/tfjs-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compile, generateDataset, getPreset, listNodes, prepareData, PRESETS, type Graph } from '../../../engine';
import { WIRING_TYPES } from '../../../engine/nodes';
import { exportModel, modelToText, parseModel } from '../../../engine/serialize';
import { stochasticNodes, torchPackage } from '../../../engine/serialize/torch';
import { useBackend } from '../../helpers/backend';
import { spiralGraph } from '../../helpers/graphs';
import { presetGraph } from '../nodes/gates/node-harness';
import { hasTorch, heldOutBatch, outputsOn, runParity, worstError, writeParityCase, type ParityResult } from './helpers';

const TOL = 1e-4;
const NOISE = 0.05;

/** The zero-init-injection preset with its second layer wired the older way: plain attention, then ZeroGatedInjection after W_o. */
function injectionAfterAttention(): Graph {
  const { variants: _v, headline: _h, ...g } = presetGraph('zero-init-injection');
  g.nodes = g.nodes.map((n) => (n.id === 'attn2' ? { ...n, type: 'Attention', params: { heads: 4, causal: 'causal' } } : n));
  g.nodes.push({ id: 'inj', type: 'ZeroGatedInjection', params: { heads: 4, fromPhase: 1 }, position: { x: 400, y: 0 } });
  g.edges = g.edges.filter((e) => !(e.target === 'attn2' && e.targetHandle === 'cond')).map((e) => (e.source === 'attn2' ? { ...e, source: 'inj' } : e));
  g.edges.push({ id: 'inj-attn', source: 'attn2', sourceHandle: 'out', target: 'inj', targetHandle: 'attn' }, { id: 'inj-cond', source: 'bind2', sourceHandle: 'out', target: 'inj', targetHandle: 'cond' });
  return g;
}

/** Graphs for the types no preset uses. */
const BUILT: Record<string, Graph> = {
  ZeroGatedInjection: injectionAfterAttention(),
  Concat: spiralGraph('Concat', [
    { id: 'a', type: 'Dense', params: { units: 8 }, from: { in: 'x' } },
    { id: 'b', type: 'Dense', params: { units: 6 }, from: { in: 'x' } },
    { id: 'cat', type: 'Concat', from: { a: 'a', b: 'b' } },
    { id: 'logits', type: 'Dense', params: { units: 2 }, from: { in: 'cat' } },
  ]),
  ReZero: spiralGraph('ReZero', [
    { id: 'h', type: 'Dense', params: { units: 8 }, from: { in: 'x' } },
    { id: 'f', type: 'Dense', params: { units: 8 }, from: { in: 'h' } },
    { id: 'rz', type: 'ReZero', from: { x: 'h', fx: 'f' } },
    { id: 'logits', type: 'Dense', params: { units: 2 }, from: { in: 'rz' } },
  ]),
  ExpandedGLU: spiralGraph('ExpandedGLU', [
    { id: 'h', type: 'Dense', params: { units: 16 }, from: { in: 'x' } },
    { id: 'glu', type: 'ExpandedGLU', params: { fn: 'erf', order: 'second', perChannel: true }, from: { in: 'h' } },
    { id: 'logits', type: 'Dense', params: { units: 2 }, from: { in: 'glu' } },
  ]),
  // every primitive at once (engine/nodes/primitives), TopKMask straight-through
  Parameter: spiralGraph('Parameter', [
    { id: 'h', type: 'Dense', params: { units: 8 }, from: { in: 'x' } },
    { id: 's', type: 'Scale', params: { perChannel: true }, from: { in: 'h' } },
    { id: 'p', type: 'Parameter', params: { size: 8, init: 0.5 }, from: {} },
    { id: 'm', type: 'Multiply', from: { a: 's', b: 'p' } },
    { id: 'sm', type: 'Softmax', from: { in: 'm' } },
    { id: 'st', type: 'TopKMask', params: { k: 3, output: 'straight-through' }, from: { in: 'm' } },
    { id: 'sg', type: 'StopGradient', from: { in: 'st' } },
    { id: 'g', type: 'Multiply', from: { a: 'sm', b: 'sg' } },
    { id: 'half', type: 'Split', from: { in: 'g' } },
    { id: 'sl', type: 'Slice', params: { start: 1, size: 2 }, from: { in: 'half.first' } },
    { id: 'mn', type: 'Mean', from: { in: 'half.second' } },
    { id: 'tot', type: 'Sum', params: { over: 'tokens' }, from: { in: 'sm' } },
    { id: 'aux', type: 'AuxLoss', params: { weight: 0.1 }, from: { in: 'tot' } },
    { id: 'c', type: 'Concat', from: { a: 'sl', b: 'mn' } },
    { id: 'logits', type: 'Dense', params: { units: 2 }, from: { in: 'c' } },
  ]),
};

/** For each exported type, the name of the graph that runs it. */
const graphs = new Map<string, Graph>(Object.entries(BUILT));
const graphOf = new Map<string, string>();
for (const def of listNodes()) {
  if (WIRING_TYPES.has(def.type) || !def.torch) continue;
  if (BUILT[def.type]) { graphOf.set(def.type, def.type); continue; }
  const smallest = PRESETS.filter((p) => p.graph.nodes.some((n) => n.type === def.type)).sort((a, b) => a.graph.nodes.length - b.graph.nodes.length)[0];
  if (smallest) { graphOf.set(def.type, smallest.slug); graphs.set(smallest.slug, smallest.graph); continue; }
  const built = Object.keys(BUILT).find((name) => BUILT[name]!.nodes.some((n) => n.type === def.type));
  if (built) graphOf.set(def.type, built);
}

const root = mkdtempSync(join(tmpdir(), 'gatelab-torch-modules-'));
const expected = new Map<string, { pred: Float32Array; shape: number[]; loss: number; trainLoss?: number }>();
let got: Record<string, ParityResult> = {};

/** Adds seeded noise to every weight, so no gate sits at its initial value. */
function perturb(variables: ReadonlyMap<string, tf.Variable>): void {
  let seed = 1;
  for (const v of variables.values()) tf.tidy(() => v.assign(tf.add(v, tf.mul(NOISE, tf.randomNormal(v.shape, 0, 1, 'float32', seed++)))));
}

describe.skipIf(!hasTorch)('every node type\'s PyTorch module runs [wasm]', () => {
  beforeAll(async () => {
    await useBackend('wasm');
    for (const [name, graph] of graphs) {
      const c = compile(graph);
      if (!c.ok) throw new Error(`${name}: ${JSON.stringify(c.errors)}`);
      const compiled = c.value;
      const session = prepareData(compiled, generateDataset(graph));
      const batch = heldOutBatch(session);
      try {
        perturb(compiled.model.variables);
        // exported before the training-mode pass, which may move fitted state (a calibrated threshold, running statistics)
        const file = parseModel(modelToText(await exportModel(compiled.model, { steps: 0, backend: tf.getBackend(), metrics: {} })));
        const random = stochasticNodes(graph).length > 0;
        expected.set(name, { ...(await outputsOn(compiled, batch)), ...(random ? {} : { trainLoss: (await outputsOn(compiled, batch, true)).loss }) });
        if (!file.ok) throw new Error(JSON.stringify(file.errors));
        const pkg = await torchPackage(file.value);
        if (!pkg.ok) throw new Error(`${name}: ${JSON.stringify(pkg.errors)}`);
        await writeParityCase(root, name, pkg.value, batch, 0);
      } finally {
        batch.dispose();
        session.dispose();
        compiled.model.dispose();
      }
    }
    got = runParity(root);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  for (const def of listNodes()) {
    if (WIRING_TYPES.has(def.type) || !def.torch) continue;
    const name = graphOf.get(def.type);
    it(`${def.type}: runs in ${name ?? '(no graph: add a preset using it, or a graph in BUILT)'}, outputs and losses within ${TOL}`, () => {
      expect(name, `no graph uses ${def.type}`).toBeDefined();
      const want = expected.get(name!)!;
      const have = got[name!]!;
      expect(have.shape).toEqual(want.shape);
      expect(worstError(want.pred, have.pred)).toBeLessThan(TOL);
      expect(Math.abs(have.loss - want.loss)).toBeLessThan(TOL * Math.max(1, Math.abs(want.loss)));
      if (want.trainLoss !== undefined) expect(Math.abs(have.trainLoss - want.trainLoss)).toBeLessThan(TOL * Math.max(1, Math.abs(want.trainLoss)));
    });
  }
});
