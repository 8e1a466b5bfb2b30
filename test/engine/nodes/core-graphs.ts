/** One small graph per core node family, for the both-backends training test. */
import { getPreset, type Graph } from '../../../engine';
import { chain } from '../../helpers/graphs';

export { compile, generateDataset, prepareData, train } from '../../../engine';

const seq: Graph['training'] = {
  dataset: { name: 'copy', samples: 200 }, optimizer: { name: 'adam', learningRate: 0.01 }, batchSize: 16, steps: 12, seed: 3,
};

function concatGraph(): Graph {
  const g = chain([['x', 'Input'], ['a', 'Dense', { units: 4 }], ['c', 'Concat'], ['n', 'RMSNorm'], ['o', 'Dense', { units: 2 }], ['y', 'Output']]);
  g.edges = g.edges.map((e) => (e.target === 'c' ? { ...e, targetHandle: 'a' } : e));
  g.edges.push({ id: 'cb', source: 'x', sourceHandle: 'out', target: 'c', targetHandle: 'b' });
  return g;
}

export const CORE_GRAPHS: Record<string, Graph> = {
  'Dense + Activation (every fn)': chain([
    ['x', 'Input'], ['h1', 'Dense', { units: 8 }], ['a1', 'Activation', { fn: 'gelu' }], ['h2', 'Dense', { units: 8, init: 'he' }],
    ['a2', 'Activation', { fn: 'silu' }], ['a3', 'Activation', { fn: 'relu' }], ['h3', 'Dense', { units: 8, init: 'normal' }],
    ['a4', 'Activation', { fn: 'sigmoid' }], ['a5', 'Activation', { fn: 'identity' }], ['a6', 'Activation', { fn: 'tanh' }],
    ['o', 'ClassifierHead'], ['y', 'Output'],
  ]),
  'Multiply + Add (gated MLP)': getPreset('spiral-gated-mlp')!.graph,
  'Concat + RMSNorm': concatGraph(),
  'Embedding + PositionalEmbedding + Attention + LayerNorm': { ...getPreset('tiny-transformer')!.graph, training: seq },
  'sinusoidal positions + non-causal attention': chain([
    ['x', 'Input'], ['e', 'Embedding', { dim: 16 }], ['p', 'PositionalEmbedding', { mode: 'sinusoidal' }],
    ['att', 'Attention', { heads: 2, causal: 'none' }], ['ln', 'LayerNorm'], ['o', 'ClassifierHead'], ['y', 'Output'],
  ], seq),
  'causal-no-self attention': chain([
    ['x', 'Input'], ['e', 'Embedding', { dim: 16 }], ['att', 'Attention', { heads: 4, causal: 'causal-no-self' }], ['o', 'ClassifierHead'], ['y', 'Output'],
  ], seq),
};
