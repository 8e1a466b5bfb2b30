/**
 * ONNX export parity: every preset whose node types all have an ONNX form,
 * trained a few steps, exported with `onnxModel` and run by onnxruntime-node,
 * gives GateLab's outputs on a fixed batch of its own held-out rows within
 * 1e-4 (relative above 1), and so do the three gates rebuilt from primitives
 * (engine/presets/blocks), and variants of presets for the settings they do
 * not use. A model of a standardised table takes raw rows, as `gatelab
 * predict` does. The file carries the graph in its metadata. A type without
 * an ONNX form, or a setting a type cannot write, is refused by node with the
 * reason; and every node type declares its form or its reason.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import '@tensorflow/tfjs-core';
import * as ort from 'onnxruntime-node';
import { PRESETS, compile, exportModel, listNodes, predictBatch, validateGraph, registry, type Graph } from '../../../engine';
import { chain } from '../../helpers/graphs';
import { ALL_NODES, WIRING_TYPES } from '../../../engine/nodes';
import { createRegistry } from '../../../engine/registry/registry';
import { rebuiltGraph, type Step } from '../nodes/primitives/rebuild-graphs';
import { presetGraph } from '../nodes/gates/routing-helpers';
import rezero from '../../../engine/presets/blocks/rezero.json';
import xglu from '../../../engine/presets/blocks/xglu.json';
import top2 from '../../../engine/presets/blocks/top2-moe.json';
import { parseModel, modelToText } from '../../../engine/serialize';
import { modelProto, onnxModel, onnxRefusals, ONNX_OUTPUT } from '../../../engine/serialize/onnx';
import { useBackend } from '../../helpers/backend';
import { outputsOn, trainBriefly, worstError } from './helpers';

const TOL = 1e-4;
const STEPS = 2;

const refusals = (g: Graph) => onnxRefusals(validateGraph(g, registry).flat.nodes);

const h: Step = { id: 'h', type: 'Dense', params: { units: 16 }, from: { in: 'x' } };
const headOn = (id: string): Step => ({ id: 'logits', type: 'Dense', params: { units: 2 }, from: { in: id } });
const REBUILDS = [
  { slug: 'rezero-from-parts', graph: rebuiltGraph(rezero, [h, { id: 'f', type: 'Dense', params: { units: 16 }, from: { in: 'h' } }, { id: 'rz', type: 'Block', params: { block: 'ReZeroFromParts' }, from: { x: 'h', fx: 'f' } }, headOn('rz')]) },
  { slug: 'xglu-from-parts', graph: rebuiltGraph(xglu, [h, { id: 'glu', type: 'Block', params: { block: 'XGLUFromParts' }, from: { in: 'h' } }, headOn('glu')]) },
  { slug: 'top2-moe-from-parts', graph: rebuiltGraph(top2, [h, { id: 'moe', type: 'Block', params: { block: 'Top2MoEFromParts', balance: 0.01 }, from: { in: 'h' } }, headOn('moe')]) },
];
// capacity 0.5 keeps at most half the assignments: some are dropped in every batch
// PHATGOOSE with trained experts and gates, routing every token or each sequence by its mean token; and its other
// ways to weigh its experts at inference: all of them averaged, or each token's own task
const phatgoose = (mode: string) => presetGraph('phatgoose', undefined, Object.fromEntries([1, 2, 3].map((i) => [`gate${i}.mode`, mode])));
/** The experts' and the gates' phases one step each (no base phase), so the two steps leave live experts and gates that route every token apart. */
function phatgooseRouted(mode: string): Graph {
  const g = presetGraph('phatgoose', undefined, Object.fromEntries([1, 2, 3].flatMap((i) => [[`gate${i}.mode`, mode], [`gate${i}.gatePhase`, 1]])));
  const phases = g.training.phases!.slice(1).map((ph) => ({ ...ph, steps: 1 }));
  return { ...g, training: { ...g.training, phases, steps: 2 } };
}
const VARIANTS = [
  { slug: 'topk-moe-capacity', graph: presetGraph('topk-moe', undefined, { 'router.capacityFactor': 0.5 }) },
  { slug: 'phatgoose-routed-per-token', graph: phatgooseRouted('posthoc') },
  { slug: 'phatgoose-routed-pooled', graph: phatgooseRouted('pooled') },
  { slug: 'phatgoose-merge', graph: phatgoose('merge') },
  { slug: 'phatgoose-oracle', graph: phatgoose('oracle') },
  // JEI-DNN's other exit rules: the top probability against a threshold (0: every example leaves at the first head), and always the last head
  { slug: 'jei-dnn-confidence', graph: presetGraph('jei-dnn', undefined, { 'stack.rule': 'confidence', 'stack.threshold': 0 }) },
  { slug: 'jei-dnn-full', graph: presetGraph('jei-dnn', undefined, { 'stack.rule': 'full' }) },
  // the middle-skip gate's log on the queries instead of the keys, and the dense stack it is compared with
  { slug: 'skip-middle-query', graph: presetGraph('skip-middle', undefined, { 'stack.scoreModAxis': 'query' }) },
  { slug: 'skip-middle-dense', graph: presetGraph('skip-middle', undefined, { 'stack.gating': 'dense' }) },
  { slug: 'semantic-activated-attention-always', graph: presetGraph('semantic-activated-attention', undefined, { 'saa.activation': 'always' }) },
  { slug: 'semantic-activated-attention-learned-mask', graph: presetGraph('semantic-activated-attention', undefined, { 'saa.activation': 'learned mask' }) },
  { slug: 'semantic-activated-attention-no-masks', graph: presetGraph('semantic-activated-attention', undefined, { 'saa.masks': false }) },
  // COSMO with a fixed, hard gate and the plain mixture; and the zero-shot expert alone
  { slug: 'cosmo-gzsl-fixed-hard', graph: presetGraph('cosmo-gzsl', undefined, { 'gate.calibrate': 'fixed', 'gate.hard': true, 'mix.mode': 'vanilla' }) },
  { slug: 'cosmo-gzsl-ungated', graph: presetGraph('cosmo-gzsl', undefined, { 'mix.mode': 'ungated' }) },
  { slug: 'boundary-ood-gzsl-ungated', graph: presetGraph('boundary-ood-gzsl', undefined, { 'gate.mode': 'ungated' }) },
  // MSViT with every region fine, and every region coarse (three of its four tokens masked)
  { slug: 'msvit-fine', graph: presetGraph('msvit', undefined, { 'tok.mode': 'fine' }) },
  { slug: 'msvit-coarse', graph: presetGraph('msvit', undefined, { 'tok.mode': 'coarse' }) },
  // ImageBind-LLM read in another modality through the retrieval cache
  { slug: 'zero-init-injection-audio-cache', graph: presetGraph('zero-init-injection', undefined, { 'cache.reads': 'audio', 'cache.cache': true }) },
];
const exportable = [...PRESETS, ...REBUILDS, ...VARIANTS].filter((p) => refusals(p.graph).length === 0);

describe('ONNX export', () => {
  const results = new Map<string, { want: Float32Array; have: number[]; shape: number[]; haveShape: readonly number[] }>();
  let metadata: Record<string, string> = {};

  beforeAll(async () => {
    await useBackend('wasm');
    for (const preset of exportable) {
      const { compiled, file, batch } = await trainBriefly(preset.graph, STEPS);
      try {
        const want = await outputsOn(compiled, batch);
        const parsed = parseModel(modelToText(file));
        if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
        const onnx = await onnxModel(parsed.value);
        if (!onnx.ok) throw new Error(`${preset.slug}: ${JSON.stringify(onnx.errors)}`);
        const session = await ort.InferenceSession.create(onnx.value.bytes);
        const feeds: Record<string, ort.Tensor> = {};
        for (const [k, t] of Object.entries(batch.feeds)) feeds[k] = new ort.Tensor(t.dtype === 'int32' ? 'int32' : 'float32', await t.data() as Float32Array | Int32Array, t.shape);
        const out = (await session.run(feeds))[ONNX_OUTPUT]!;
        results.set(preset.slug, { want: want.pred, shape: want.shape, have: Array.from(out.data as Float32Array), haveShape: out.dims });
        await session.release();
        if (preset.slug === 'spiral-gated-mlp') {
          const proto = await modelProto();
          const decoded = proto.toObject(proto.decode(onnx.value.bytes)) as { metadataProps: { key: string; value: string }[] };
          metadata = Object.fromEntries(decoded.metadataProps.map((p) => [p.key, p.value]));
        }
      } finally {
        batch.dispose();
        compiled.model.dispose();
      }
    }
  }, 600_000);

  it.each(exportable.map((p) => p.slug))('%s: onnxruntime gives GateLab\'s outputs within 1e-4', (slug) => {
    const r = results.get(slug)!;
    expect(r.haveShape).toEqual(r.shape);
    expect(worstError(r.want, r.have)).toBeLessThan(TOL);
  });

  it('standardises raw table rows with the stored scaling, as gatelab predict does', async () => {
    const graph = chain([['x', 'Input'], ['h', 'Dense', { units: 4 }], ['a', 'Activation', { fn: 'tanh' }], ['logits', 'Dense', { units: 2 }], ['y', 'Output']]);
    graph.training = { ...graph.training, dataset: {
      name: 'table', task: 'classification', columns: ['a', 'b', 'label'], features: ['a', 'b'], targets: ['label'], classes: ['no', 'yes'],
      rows: Array.from({ length: 20 }, (_, i) => [i * 10, 5 - i, i % 2 ? 'yes' : 'no']), scaling: { mean: [95, -4.5], std: [57.7, 5.77] },
    } };
    const c = compile(graph);
    if (!c.ok) throw new Error(JSON.stringify(c.errors));
    const raw = [[30, 2], [150, -9]];
    const want = await predictBatch(c.value, raw);
    const parsed = parseModel(modelToText(await exportModel(c.value.model, { steps: 0, backend: 'wasm', metrics: {} })));
    c.value.model.dispose();
    if (!want.ok || !parsed.ok) throw new Error('could not predict or export');
    const onnx = await onnxModel(parsed.value);
    if (!onnx.ok) throw new Error(JSON.stringify(onnx.errors));
    const session = await ort.InferenceSession.create(onnx.value.bytes);
    const out = await session.run({ x: new ort.Tensor('float32', Float32Array.from(raw.flat()), [2, 2]) });
    expect(worstError(Float32Array.from((want.value.outputs as number[][]).flat()), Array.from(out.logits!.data as Float32Array))).toBeLessThan(TOL);
  });

  it('keeps the GateLab graph in the metadata', () => {
    expect(JSON.parse(metadata['gatelab/graph']!)).toEqual(PRESETS.find((p) => p.slug === 'spiral-gated-mlp')!.graph);
    expect(metadata['gatelab/version']).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('a graph using a type without an ONNX form is refused, each such node named with the reason', async () => {
    const reg = createRegistry(ALL_NODES.map((d) => (d.type === 'Dense' ? { ...d, onnx: { refused: 'a reason given by the type' } } : d)));
    const graph = PRESETS.find((p) => p.slug === 'spiral-mlp')!.graph;
    const r = await onnxModel({ gatelab: '0', graph, training: graph.training, backend: 'cpu', metrics: {}, dtype: 'float32', weights: new Map() }, reg);
    const dense = graph.nodes.filter((n) => n.type === 'Dense').map((n) => n.id);
    expect(dense.length).toBeGreaterThan(1);
    expect(r.ok ? [] : r.errors).toEqual(dense.map((id) => ({ code: 'NOT_EXPORTED', nodeId: id, message: `node "${id}" is a Dense, which cannot be exported to ONNX: a reason given by the type` })));
  });

  it('a setting a type cannot write is refused with the reason: GateSkip choosing random tokens', async () => {
    const c = compile(presetGraph('gateskip', undefined, { 'gate1a.decision': 'random' }));
    if (!c.ok) throw new Error(JSON.stringify(c.errors));
    const parsed = parseModel(modelToText(await exportModel(c.value.model, { steps: 0, backend: 'wasm', metrics: {} })));
    c.value.model.dispose();
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const r = await onnxModel(parsed.value);
    expect(r.ok ? [] : r.errors).toEqual([expect.objectContaining({ code: 'NOT_EXPORTED', nodeId: 'gate1a', message: expect.stringMatching(/skips random tokens, which cannot be exported to ONNX: GateLab draws them/) })]);
  });

  it('every node type either writes ONNX or says why it cannot', () => {
    const missing = listNodes().filter((d) => !WIRING_TYPES.has(d.type) && !d.onnx).map((d) => d.type);
    expect(missing).toEqual([]);
  });
});
