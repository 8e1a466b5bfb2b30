/** Graphs the benchmarks run: generated stacks for editor latency, and the three overhead models. */
import { getPreset, type Graph } from '../../../engine';

const TRAIN_2D: Graph['training'] = {
  dataset: { name: 'spiral', samples: 1000, noise: 0.05, classes: 2 },
  optimizer: { name: 'adam', learningRate: 0.01 }, batchSize: 64, steps: 100, seed: 7,
};

/** A residual MLP of about `n` nodes: Input, then blocks of Dense → tanh → Add, then a head. */
export function generatedGraph(n: number): Graph {
  const nodes: Graph['nodes'] = [{ id: 'x', type: 'Input' }, { id: 'stem', type: 'Dense', params: { units: 16 } }];
  const edges: Graph['edges'] = [{ id: 'e_stem', source: 'x', sourceHandle: 'out', target: 'stem', targetHandle: 'in' }];
  let prev = 'stem';
  for (let i = 0; nodes.length + 3 <= n - 2; i++) {
    nodes.push({ id: `d${i}`, type: 'Dense', params: { units: 16 } }, { id: `t${i}`, type: 'Activation', params: { fn: 'tanh' } }, { id: `r${i}`, type: 'Add' });
    edges.push(
      { id: `e${i}a`, source: prev, sourceHandle: 'out', target: `d${i}`, targetHandle: 'in' },
      { id: `e${i}b`, source: `d${i}`, sourceHandle: 'out', target: `t${i}`, targetHandle: 'in' },
      { id: `e${i}c`, source: prev, sourceHandle: 'out', target: `r${i}`, targetHandle: 'a' },
      { id: `e${i}d`, source: `t${i}`, sourceHandle: 'out', target: `r${i}`, targetHandle: 'b' },
    );
    prev = `r${i}`;
  }
  nodes.push({ id: 'head', type: 'Dense', params: { units: 2 } }, { id: 'y', type: 'Output' });
  edges.push({ id: 'e_head', source: prev, sourceHandle: 'out', target: 'head', targetHandle: 'in' }, { id: 'e_out', source: 'head', sourceHandle: 'out', target: 'y', targetHandle: 'in' });
  return { format: 'gatelab/graph', version: 1, name: `generated-${n}`, nodes, edges, training: TRAIN_2D };
}

/** TensorFlow Playground's spiral network: 2 hidden layers of 8 tanh units. */
export function playgroundSpiral(): Graph {
  const ids = ['h1', 'a1', 'h2', 'a2', 'logits'];
  const types: [string, Record<string, string | number>][] = [['Dense', { units: 8 }], ['Activation', { fn: 'tanh' }], ['Dense', { units: 8 }], ['Activation', { fn: 'tanh' }], ['Dense', { units: 2 }]];
  const nodes: Graph['nodes'] = [{ id: 'x', type: 'Input' }, ...ids.map((id, i) => ({ id, type: types[i]![0], params: types[i]![1] })), { id: 'y', type: 'Output' }];
  const chain = ['x', ...ids, 'y'];
  const edges = chain.slice(1).map((t, i) => ({ id: `e${i}`, source: chain[i]!, sourceHandle: 'out', target: t, targetHandle: 'in' }));
  return { format: 'gatelab/graph', version: 1, name: 'playground spiral', nodes, edges, training: { ...TRAIN_2D, optimizer: { name: 'adam', learningRate: 0.03 }, batchSize: 32, steps: 5000 } };
}

/** Embedding → positions → RMSNorm → gated attention → residual → head, on the copy task. */
export function gatedAttentionTransformer(): Graph {
  const chain: [string, string, Record<string, string | number>?][] = [
    ['x', 'Input'], ['emb', 'Embedding', { dim: 32 }], ['pos', 'PositionalEmbedding'], ['norm', 'RMSNorm'],
    ['attn', 'GatedAttention', { heads: 4, gate: 'elementwise' }], ['res', 'Add'], ['head', 'ClassifierHead'], ['y', 'Output'],
  ];
  const nodes = chain.map(([id, type, params]) => ({ id, type, ...(params ? { params } : {}) }));
  const link = (id: string, s: string, t: string, th = 'in') => ({ id, source: s, sourceHandle: 'out', target: t, targetHandle: th });
  const edges = [link('e1', 'x', 'emb'), link('e2', 'emb', 'pos'), link('e3', 'pos', 'norm'), link('e4', 'norm', 'attn'),
    link('e5', 'pos', 'res', 'a'), link('e6', 'attn', 'res', 'b'), link('e7', 'res', 'head'), link('e8', 'head', 'y')];
  return {
    format: 'gatelab/graph', version: 1, name: 'gated-attention transformer', nodes, edges,
    training: { dataset: { name: 'copy', samples: 1000 }, optimizer: { name: 'adam', learningRate: 0.005 }, batchSize: 32, steps: 100, seed: 7 },
  };
}

export function spiralGatedMlp(): Graph {
  return getPreset('spiral-gated-mlp')!.graph;
}

/** Top-2 of 8 FFN experts on Gaussian regions, without the group input (it only feeds a statistic). */
export function topKMoE(): Graph {
  const g = getPreset('topk-moe')!.graph;
  return { ...g, nodes: g.nodes.filter((n) => n.id !== 'region'), edges: g.edges.filter((e) => e.source !== 'region') };
}
