/** Shared by the router, MoE, PHATGOOSE and early-exit tests: short seeded runs of a graph or preset. */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { applyVariant, compile, generateDataset, getPreset, prepareData, runGraph, train, type Graph, type NodeDef, type RunSummary } from '../../../../engine';
import type { ApplyContext } from '../../../../engine/registry/defineNode';
import { withDefaults } from '../../../../engine/registry/params';
import { createRng } from '../../../../engine/random';

/** A preset's graph with a seed and optional param overrides `node.param`. */
export function presetGraph(slug: string, seed?: number, set: Record<string, number | string | boolean> = {}): Graph {
  const p = getPreset(slug);
  if (!p) throw new Error(`no preset ${slug}`);
  let g: Graph = JSON.parse(JSON.stringify(p.graph)) as Graph;
  if (seed !== undefined) g.training.seed = seed;
  for (const [key, value] of Object.entries(set)) {
    const [id, param] = key.split('.') as [string, string];
    g = { ...g, nodes: g.nodes.map((n) => (n.id === id ? { ...n, params: { ...n.params, [param]: value } } : n)) };
  }
  return g;
}

/** Every variant of a preset trained with the same seed: summaries by variant name. */
export async function compareVariants(graph: Graph, steps?: number, statsEvery?: number): Promise<Record<string, RunSummary>> {
  const out: Record<string, RunSummary> = {};
  for (const v of graph.variants ?? []) {
    const total = steps ?? graph.training.steps;
    const { summary } = await runGraph(applyVariant(graph, v.name), { ...(steps !== undefined ? { steps } : {}), statsEvery: statsEvery ?? total, evalEvery: 0 });
    out[v.name] = summary;
  }
  return out;
}

/** A few training steps of a graph on a small sample of its data; asserts finite losses and that no tensor outlives the model. */
export async function trainStepsNoLeak(full: Graph, steps = 4, samples = 120): Promise<number[]> {
  const graph: Graph = { ...full, training: { ...full.training, dataset: { ...full.training.dataset, samples } } };
  const before = tf.memory().numTensors;
  const r = compile(graph);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const session = prepareData(r.value, generateDataset(graph));
  const losses: number[] = [];
  for await (const e of train(r.value, session, { steps, evalEvery: 0, statsEvery: steps })) if (e.kind === 'step') losses.push(e.loss);
  session.dispose();
  r.value.model.dispose();
  expect(losses.every(Number.isFinite)).toBe(true);
  expect(tf.memory().numTensors).toBe(before);
  return losses;
}

/** Values of a small tensor as nested arrays, disposing it. */
export function read(t: tf.Tensor): number[] | number[][] | number {
  const v = t.arraySync() as number[] | number[][] | number;
  t.dispose();
  return v;
}

/** Runs one node's forward directly, with its params' defaults filled in; returns outputs, aux losses and probe records (call inside tidy). */
export function applyNode(
  def: NodeDef, inputs: Record<string, tf.Tensor>, vars: Record<string, tf.Tensor>,
  params: Record<string, number | string | boolean> = {}, o: { training?: boolean; step?: number; phase?: number; target?: tf.Tensor; labels?: tf.Tensor; interventions?: Record<string, number> } = {},
): { out: Record<string, tf.Tensor>; losses: Record<string, tf.Tensor>; records: Record<string, tf.Tensor> } {
  const losses: Record<string, tf.Tensor> = {};
  const records: Record<string, tf.Tensor> = {};
  const ctx: ApplyContext<never> = {
    nodeId: 'n', params: withDefaults(def.params, params) as never, training: o.training ?? false, step: o.step ?? 0,
    rng: createRng(1), probe: { enabled: true, record: (s, t) => { records[s] = t; } },
    addLoss: (n, t) => { losses[n] = t; },
    ...(o.target ? { target: o.target } : {}),
    ...(o.labels ? { labels: o.labels } : {}),
    ...(o.phase !== undefined ? { phase: o.phase } : {}),
    ...(o.interventions ? { interventions: o.interventions } : {}),
  };
  return { out: def.apply(inputs, vars as Record<string, tf.Variable>, ctx), losses, records };
}
