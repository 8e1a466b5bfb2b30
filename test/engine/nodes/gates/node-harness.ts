/**
 * Small harness for gate-node tests (SemanticActivatedAttention, VocabLogGate,
 * SoftAndGate): run one node's forward by hand, and take a few training steps
 * of a whole graph with a leak check.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { compile, generateDataset, getPreset, prepareData, train, type Graph, type NodeDef } from '../../../../engine';
import type { ApplyContext } from '../../../../engine/registry/defineNode';
import { withDefaults, type ParamValue } from '../../../../engine/registry/params';
import { createRng } from '../../../../engine/random';

export interface Applied {
  out: Record<string, tf.Tensor>;
  losses: Record<string, tf.Tensor>;
  records: Record<string, tf.Tensor>;
}

/** One node's forward with its params' defaults filled in; call inside tidy. */
export function applyNode(
  def: NodeDef, inputs: Record<string, tf.Tensor>, vars: Record<string, tf.Tensor>,
  params: Record<string, ParamValue> = {},
  o: { training?: boolean; step?: number; target?: tf.Tensor; targetMask?: tf.Tensor; interventions?: Record<string, number> } = {},
): Applied {
  const losses: Record<string, tf.Tensor> = {};
  const records: Record<string, tf.Tensor> = {};
  const ctx: ApplyContext<never> = {
    nodeId: 'n', params: withDefaults(def.params, params) as never, training: o.training ?? false, step: o.step ?? 0,
    rng: createRng(1), probe: { enabled: true, record: (s, t) => { records[s] = t; } },
    addLoss: (n, t) => { losses[n] = t; },
    ...(o.target ? { target: o.target } : {}),
    ...(o.targetMask ? { targetMask: o.targetMask } : {}),
    ...(o.interventions ? { interventions: o.interventions } : {}),
  };
  return { out: def.apply(inputs, vars as Record<string, tf.Variable>, ctx), losses, records };
}

/** A preset's graph (a deep copy) with a seed and `node.param` overrides. */
export function presetGraph(slug: string, seed?: number, set: Record<string, ParamValue> = {}): Graph {
  const p = getPreset(slug);
  if (!p) throw new Error(`no preset ${slug}`);
  const g = JSON.parse(JSON.stringify(p.graph)) as Graph;
  if (seed !== undefined) g.training.seed = seed;
  for (const [key, value] of Object.entries(set)) {
    const [id, param] = key.split('.') as [string, string];
    const node = g.nodes.find((n) => n.id === id);
    if (!node) throw new Error(`no node ${id}`);
    node.params = { ...node.params, [param]: value };
  }
  return g;
}

/**
 * A few training steps with the probe on, on a small sample of the graph's dataset;
 * asserts finite losses and that no tensor outlives the model.
 */
export async function trainStepsNoLeak(graph: Graph, steps = 3, samples = 200): Promise<number[]> {
  graph = { ...graph, training: { ...graph.training, dataset: { ...graph.training.dataset, samples } } };
  const before = tf.memory().numTensors;
  const r = compile(graph);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  const session = prepareData(r.value, generateDataset(graph));
  const losses: number[] = [];
  for await (const e of train(r.value, session, { steps, evalEvery: steps, statsEvery: steps })) if (e.kind === 'step') losses.push(e.loss);
  session.dispose();
  r.value.model.dispose();
  expect(losses.every(Number.isFinite), `losses ${losses.join(', ')}`).toBe(true);
  expect(tf.memory().numTensors).toBe(before);
  return losses;
}

/** A small tensor's values as nested arrays. */
export function values(t: tf.Tensor): number[] {
  return Array.from(t.dataSync());
}
