/**
 * Probes never own what they did not make (issue 18): an Input wired straight
 * into a gate port used to have the batch's own tensor recorded, then disposed
 * by the statistics pass, so the next probe failed ("reading 'backend'").
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { compile, DATASETS, generateDataset, probeStats, registry, validateGraph, type Graph } from '../../../engine';
import { TRAINING_2D } from '../../helpers/graphs';
import { useBackend } from '../../helpers/backend';

const GATE_LIKE = new Set(['gate', 'condition', 'router']);

/** The dataset's own Input wired into every input of `type`, its first output into the Output. */
function inputEverywhere(type: string, dataset: string): Graph {
  const def = registry.get(type)!;
  const ports = Object.keys(def.inputs);
  return {
    format: 'gatelab/graph', version: 1, name: `${type} on ${dataset}`,
    nodes: [{ id: 'x', type: 'Input' }, { id: 'g', type }, { id: 'y', type: 'Output' }],
    edges: [
      ...ports.map((p) => ({ id: `in-${p}`, source: 'x', sourceHandle: 'out', target: 'g', targetHandle: p })),
      { id: 'out', source: 'g', sourceHandle: Object.keys(def.outputs)[0]!, target: 'y', targetHandle: 'in' },
    ],
    training: { ...TRAINING_2D, dataset: { name: dataset } },
  };
}

describe('statistics probes and the tensors they record', () => {
  beforeAll(() => useBackend('wasm'));

  it('an Input straight into every gate-like port survives two probes', async () => {
    const gated = registry.list().filter((d) => Object.values(d.inputs).some((p) => GATE_LIKE.has(p.role)));
    const probed: string[] = [];
    for (const def of gated) {
      for (const ds of DATASETS) {
        const g = inputEverywhere(def.type, ds.name);
        if (validateGraph(g, registry).errors.length) continue;
        const c = compile(g);
        if (!c.ok) throw new Error(JSON.stringify(c.errors));
        const data = generateDataset(g);
        const feeds = tf.tidy(() => Object.fromEntries(Object.entries(data.inputs).map(([k, f]) => [k, tf.keep(tf.slice(tf.tensor(f.data, f.shape, f.dtype), 0, 8))])));
        const before = tf.memory().numTensors;
        await probeStats(c.value, feeds, 0);
        await probeStats(c.value, feeds, 1);
        expect(Object.values(feeds).every((t) => !t.isDisposed), `${def.type} on ${ds.name}`).toBe(true);
        expect(tf.memory().numTensors, `${def.type} on ${ds.name}`).toBe(before);
        tf.dispose(Object.values(feeds));
        c.value.model.dispose();
        probed.push(`${def.type} on ${ds.name}`);
        break;
      }
    }
    // Multiply's gate b is the repro; SoftAndGate's controls c take an Input as well
    expect(probed.map((p) => p.split(' ')[0])).toEqual(expect.arrayContaining(['Multiply', 'SoftAndGate']));
  });
});
