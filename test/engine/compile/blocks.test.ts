import { describe, it, expect, beforeAll } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { compile, getPreset, makeBlock, placeBlock, type Compiled, type Graph, type ProbeRecord } from '../../../engine';
import { gluBlockGraph, gluGraph, tiedBlockGraph } from '../../helpers/blocks';
import { clone } from '../../helpers/graphs';
import { useBackend } from '../../helpers/backend';
import { ACTIVATION_STAT } from '../../../engine/stats/activations';

function compiled(g: Graph): Compiled {
  const r = compile(g);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

/** The GLU block graph with a second instance `myglu2` (width 4) on the same input, added into the first's output. */
function twoInstances(): Graph {
  const p = placeBlock(gluBlockGraph(), 'MyGLU', { x: 0, y: 200 });
  if (!p.ok) throw new Error();
  const g = p.graph;
  g.nodes.find((n) => n.id === p.id)!.params!.width = 4;
  g.nodes.push({ id: 'o2', type: 'Dense', params: { units: 2 } }, { id: 'sum', type: 'Add' });
  const toO = g.edges.find((e) => e.target === 'y')!;
  toO.source = 'sum';
  g.edges.push(
    { id: 'i2', source: 'x', sourceHandle: 'out', target: p.id, targetHandle: 'in' },
    { id: 'f2', source: p.id, sourceHandle: 'out', target: 'o2', targetHandle: 'in' },
    { id: 's1', source: 'o', sourceHandle: 'out', target: 'sum', targetHandle: 'a' },
    { id: 's2', source: 'o2', sourceHandle: 'out', target: 'sum', targetHandle: 'b' },
  );
  return g;
}

describe('compiling blocks', () => {
  beforeAll(() => useBackend('cpu'));

  it('runs a block exactly as the plain nodes it was made from, with the same weights', () => {
    const plain = compiled(gluGraph()), block = compiled(gluBlockGraph());
    const w = new Map([...plain.model.variables].map(([k, v]) => [['o', 'x', 'y'].includes(k.split('/')[0]!) ? k : `myglu/${k}`, { shape: v.shape, data: v.dataSync() as Float32Array }]));
    block.model.writeWeights(w);
    const x = tf.tensor2d([[0.3, -1.2], [2, 0.5], [-0.7, -0.1]]);
    const [a, b] = [plain, block].map((c) => tf.tidy(() => c.model.forward({ x }, { training: false }).pred.arraySync()));
    expect(b).toEqual(a);
    expect(block.flopsPerExample).toBe(plain.flopsPerExample);
    tf.dispose(x);
    plain.model.dispose(); block.model.dispose();
  });

  it('gives each instance its own weights, sized by its own params, and counts each block', () => {
    const c = compiled(twoInstances());
    const names = [...c.model.variables.keys()].filter((k) => k.includes('/a/'));
    expect(names).toEqual(['myglu/a/kernel', 'myglu/a/bias', 'myglu2/a/kernel', 'myglu2/a/bias']);
    expect(c.model.variables.get('myglu2/a/kernel')!.shape).toEqual([2, 4]);
    const k1 = c.model.variables.get('myglu/a/kernel')!.dataSync(), k2 = c.model.variables.get('myglu2/a/kernel')!.dataSync();
    expect(k1[0]).not.toBe(k2[0]);
    // two Dense 2→w (weights and biases) per instance; Dense, sigmoid and Multiply FLOPs as their own nodes count them
    expect(c.byBlock).toEqual({
      myglu: { params: 2 * (2 * 8 + 8), flops: 2 * c.flopsByNode['myglu/a']! + c.flopsByNode['myglu/s']! + c.flopsByNode['myglu/m']! },
      myglu2: { params: 2 * (2 * 4 + 4), flops: 2 * c.flopsByNode['myglu2/a']! + c.flopsByNode['myglu2/s']! + c.flopsByNode['myglu2/m']! },
    });
    expect(c.flopsByNode['myglu2/a']).toBe(2 * 2 * 4);
    c.model.dispose();
  });

  it('a phase naming an instance trains every weight inside it and nothing else', () => {
    const c = compiled(twoInstances());
    const names = (vs: tf.Variable[]) => vs.map((v) => [...c.model.variables].find(([, x]) => x === v)![0]);
    const only = names(c.model.trainableVariables(new Set(['myglu2'])));
    expect(only).toEqual([...c.model.variables.keys()].filter((k) => k.startsWith('myglu2/')));
    const frozen = names(c.model.trainableVariables(undefined, new Set(['myglu'])));
    expect(frozen.some((k) => k.startsWith('myglu/'))).toBe(false);
    expect(frozen).toContain('myglu2/g/kernel');
    c.model.dispose();
  });

  it('an intervention reaches a gate inside a block by its prefixed id', () => {
    const plain = clone(getPreset('gated-attention')!.graph);
    delete plain.variants; delete plain.headline;
    plain.training.dataset = { name: 'sink-stream', samples: 64 };
    const made = makeBlock(plain, ['norm', 'attn', 'res'], { name: 'GatedLayer' });
    if (!made.ok) throw new Error(made.errors[0]!.message);
    const c = compiled(made.graph);
    const id = made.id;
    const { seqLen = 1, vocab = 1 } = c.model.dataset;
    const x = tf.tensor2d([Array.from({ length: seqLen }, (_, i) => (i * 7) % vocab)], [1, seqLen], 'int32');
    const run = (interventions?: Record<string, number>) => tf.tidy(() => c.model.forward({ x }, { training: false, ...(interventions ? { interventions } : {}) }).pred.dataSync());
    const base = run(), shut = run({ [`${id}/attn.gate`]: 0 }), wrongId = run({ 'attn.gate': 0 });
    expect(Array.from(wrongId)).toEqual(Array.from(base));
    expect(Math.max(...Array.from(shut).map((v, i) => Math.abs(v - base[i]!)))).toBeGreaterThan(1e-4);
    x.dispose();
    c.model.dispose();
  });

  it('a tied instance uses the weights of the instance it names: one set of weights, trained by both', () => {
    const c = compiled(tiedBlockGraph());
    const names = [...c.model.variables.keys()];
    expect(names.filter((k) => k.startsWith('tied/'))).toEqual([]);
    expect(c.byBlock.tied).toEqual({ params: 0, flops: c.byBlock.myglu!.flops });
    const x = tf.tensor2d([[0.3, -1.2], [2, 0.5]]);
    const outs = tf.tidy(() => {
      const records: ProbeRecord[] = [];
      c.model.forward({ x }, { training: false, records });
      const m = (id: string) => records.find((r) => r.nodeId === id && r.stat === ACTIVATION_STAT)!;
      return [m('myglu/m'), m('tied/m')].map((r) => r.value.arraySync());
    });
    expect(outs[1]).toEqual(outs[0]); // same input, same weights: the same activations (largest and mean |value|)
    const shared = c.model.variables.get('myglu/a/kernel')!;
    expect(c.model.trainableVariables(new Set(['tied']))).toEqual([]); // the weights belong to myglu, which a phase names
    expect(c.model.trainableVariables()).toContain(shared);
    x.dispose();
    c.model.dispose();
  });

  it('a tie between instances whose weights differ in shape is refused at the tied instance', () => {
    const g = tiedBlockGraph();
    g.nodes.find((n) => n.id === 'tied')!.params!.width = 5;
    const r = compile(g);
    expect(!r.ok && r.errors[0]).toMatchObject({ code: 'SHAPE_MISMATCH', nodeId: 'tied', block: 'MyGLU', blockNodeId: 'a' });
    g.nodes.find((n) => n.id === 'tied')!.params = { block: 'MyGLU', tie: 'o3' };
    const bad = compile(g);
    expect(!bad.ok && bad.errors[0]).toMatchObject({ code: 'BAD_PARAM', nodeId: 'tied', message: 'param "tie" names "o3", which is not an instance of MyGLU beside it' });
  });
});
