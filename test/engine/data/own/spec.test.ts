/** Your own data through the registry path: validation names what does not fit, and each kind trains. */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createRng, decodeShareLink, encodeShareLink, formatError, generateDataset, jsonSchemas, parseGraph, parseGraphValue, registry, runGraph, validateGraph, type Graph,
} from '../../../../engine';
import { splitIndices } from '../../../../engine/train/split';
import { useBackend } from '../../../helpers/backend';
import { chain } from '../../../helpers/graphs';

beforeAll(() => useBackend('cpu'));

const mlp = (dataset: Graph['training']['dataset'], out: number, loss?: string): Graph => chain([
  ['x', 'Input'], ['h', 'Dense', { units: 16 }], ['a', 'Activation', { fn: 'tanh' }], ['o', 'Dense', { units: out }], ['y', 'Output', loss ? { loss } : {}],
], { dataset, optimizer: { name: 'adam', learningRate: 0.02 }, batchSize: 16, steps: 5, seed: 3 });

const table = {
  name: 'table' as const, task: 'classification' as const, columns: ['a', 'b', 'c', 'label'],
  rows: Array.from({ length: 20 }, (_, i) => [i, i % 3, -i, i % 2 ? 'cat' : 'dog']),
  features: ['a', 'b', 'c'], targets: ['label'], classes: ['cat', 'dog'],
};

const errorsOf = (g: Graph) => {
  const p = parseGraphValue(g);
  return p.ok ? validateGraph(p.value, registry).errors.map(formatError) : p.errors.map(formatError);
};

describe('own data in a graph', () => {
  it('a table that fits trains, and one with more classes than the Output has units is named', async () => {
    expect(errorsOf(mlp(table, 2))).toEqual([]);
    const three = { ...table, rows: table.rows.map((r, i) => [...r.slice(0, 3), ['cat', 'dog', 'eel'][i % 3]!]), classes: ['cat', 'dog', 'eel'] };
    expect(errorsOf(mlp(three, 2)).join('\n')).toMatch(/node "y".*expects \[B, 3\].*gets \[B, 2\]/);
    const { summary } = await runGraph(mlp(table, 2), { cadence: 'report' });
    expect(summary.steps).toBe(5);
    expect(summary.accuracy).toBeGreaterThanOrEqual(0);
  });

  it('splits by the held-out share, or holds out exactly the rows of a supplied held-out set', () => {
    const split = (d: object) => splitIndices(generateDataset(mlp(d as Graph['training']['dataset'], 2)), createRng(1));
    expect(split({ ...table, heldOutShare: 0.5 }).test).toHaveLength(10);
    expect(split(table).test).toHaveLength(4);
    const held = split({ ...table, heldOutFrom: 15 });
    expect([...held.test].sort((a, b) => a - b)).toEqual([15, 16, 17, 18, 19]);
    expect(held.train).toHaveLength(15);
  });

  it('locates what the schema cannot see: a ragged row, a text cell, a class outside the list', () => {
    const bad = { ...table, rows: [...table.rows.slice(0, 17), [1, 2, 'x', 'cat'], [1, 2, 'dog'], [1, 2, 3, 'eel']] };
    expect(errorsOf(mlp(bad, 2))).toEqual([
      'BAD_DATA at training.dataset.rows[17][2]: row 17, column "c": found "x", expected a number',
      'BAD_DATA at training.dataset.rows[18]: row 18 has 3 cells; the header has 4 columns',
      'BAD_DATA at training.dataset.rows[19][3]: row 19, column "label": the class "eel" is not among "classes" (cat, dog)',
    ]);
    expect(errorsOf(mlp({ ...table, file: 'data.csv', rows: undefined } as never, 2))[0]).toMatch(/training.dataset.file: the table's rows are in the file "data.csv", which only the command line reads/);
  });

  it('refuses numbers beyond float32, which training would read as Infinity', () => {
    const huge = { ...table, rows: table.rows.map((r, i) => (i === 3 ? [1e308, ...r.slice(1)] : r)) };
    expect(errorsOf(mlp(huge, 2))).toEqual(['BAD_DATA at training.dataset.rows[3][0]: row 3, column "a": 1e+308 is too large for a number (the limit is ±3.4e38)']);
    const points = { name: 'points' as const, task: 'regression' as const, points: [[0.1, 0.2], [-1e39, 0.5]] };
    expect(errorsOf(mlp(points, 1, 'mse'))).toEqual(['BAD_DATA at training.dataset.points[1]: point 1 holds a number too large for training (the limit is ±3.4e38)']);
  });

  it('round-trips through the graph file, a share link and the published JSON Schema', () => {
    const points = { name: 'points' as const, task: 'classification' as const, classes: 3, points: [[0.1, 0.2, 0], [0.3, -0.4, 2]], heldOutShare: 0.5 };
    for (const d of [table, points]) {
      const g = mlp(d, 2);
      const file = parseGraph(JSON.stringify(g));
      expect(file.ok && file.value.training).toEqual(g.training);
      const link = encodeShareLink(g);
      const back = decodeShareLink(link.ok ? link.value : '');
      expect(back.ok && back.value.training).toEqual(g.training);
    }
    const schema = JSON.stringify(jsonSchemas()['gatelab-graph.v1.schema.json']);
    for (const name of ['table', 'points', 'text', 'sequences']) expect(schema).toContain(`"const":"${name}"`);
  });

  it('points, text and sequences train a few steps', async () => {
    const points = { name: 'points' as const, task: 'classification' as const, classes: 2, points: Array.from({ length: 20 }, (_, i) => [Math.cos(i), Math.sin(i), i % 2]) };
    const curve = { name: 'points' as const, task: 'regression' as const, points: Array.from({ length: 20 }, (_, i) => [i / 10, Math.sin(i / 10)]) };
    const text = { name: 'text' as const, text: 'the cat sat on the mat. '.repeat(10), seqLen: 8, samples: 40 };
    const seqs = { name: 'sequences' as const, vocab: 5, inputs: Array.from({ length: 20 }, (_, i) => [i % 5, (i + 1) % 5, (i + 2) % 5]), targets: Array.from({ length: 20 }, (_, i) => [(i + 1) % 5, (i + 2) % 5, (i + 3) % 5]) };
    const tokens = (dataset: Graph['training']['dataset'], vocab: number) => chain([['x', 'Input'], ['e', 'Embedding', { dim: 8 }], ['o', 'Dense', { units: vocab }], ['y', 'Output']], { dataset, optimizer: { name: 'adam', learningRate: 0.01 }, batchSize: 8, steps: 3, seed: 1 });
    for (const g of [mlp(points, 2), mlp(curve, 1, 'mse'), tokens(text, 11), tokens(seqs, 5)]) {
      expect(errorsOf(g)).toEqual([]);
      const { summary } = await runGraph(g, { cadence: 'report' });
      expect(summary.steps).toBe(g.training.steps);
      expect(Number.isFinite(summary.loss)).toBe(true);
    }
  });
});
