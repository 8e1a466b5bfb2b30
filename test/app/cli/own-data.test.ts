/**
 * Your own data through the real CLI: a CSV of two spirals made here trains to
 * 0.9 held-out accuracy, the model keeps its table and scaling (eval on new
 * rows, predict on raw inputs, PyTorch eval.py), y = sin x regresses to
 * R² 0.9, and bad files give one located line per problem.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '../../../engine';
import { gatelab } from './gatelab';

const PYTHON = '/usr/bin/python3';
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }).status === 0;

const dir = mkdtempSync(join(tmpdir(), 'gatelab-own-data-'));
const at = (name: string) => join(dir, name);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Two interleaved spiral arms, labelled "in" and "out", scaled by 10 so the stored standardisation matters. */
function spiralCsv(n: number, seed: number): string {
  const rng = createRng(seed);
  const lines = ['x1,x2,arm'];
  for (let i = 0; i < n; i++) {
    const c = i % 2, t = rng.next(), angle = 2 * Math.PI * t + Math.PI * c, r = 0.05 + 0.95 * t;
    lines.push(`${(10 * r * Math.sin(angle) + 0.2 * rng.normal()).toFixed(3)},${(10 * r * Math.cos(angle) + 0.2 * rng.normal()).toFixed(3)},${c ? 'out' : 'in'}`);
  }
  return lines.join('\n');
}

/** Input → Dense 32 → tanh → Dense 32 → tanh → Dense `out` → Output; the table is a file next to the graph. */
function mlpGraph(out: number, loss: string, dataset: object): string {
  const chain = [['x', 'Input', {}], ['h1', 'Dense', { units: 32 }], ['a1', 'Activation', { fn: 'tanh' }], ['h2', 'Dense', { units: 32 }], ['a2', 'Activation', { fn: 'tanh' }], ['o', 'Dense', { units: out }], ['y', 'Output', { loss }]] as const;
  return JSON.stringify({
    format: 'gatelab/graph', version: 1, name: 'mlp',
    nodes: chain.map(([id, type, params]) => ({ id, type, params })),
    edges: chain.slice(1).map(([id], i) => ({ id: `e${i}`, source: chain[i]![0], sourceHandle: 'out', target: id, targetHandle: 'in' })),
    training: { dataset, optimizer: { name: 'adam', learningRate: 0.02 }, batchSize: 64, steps: 600, seed: 1 },
  });
}

describe('gatelab with your own data', () => {
  it('two spirals from a CSV next to the graph: 0.9 held-out, and the model carries table and scaling', () => {
    writeFileSync(at('spiral.csv'), spiralCsv(600, 5));
    writeFileSync(at('spiral-new.csv'), spiralCsv(200, 6));
    writeFileSync(at('spiral.json'), mlpGraph(2, 'softmax_cross_entropy', { name: 'table', file: 'spiral.csv', target: 'arm' }));
    const r = gatelab('train', at('spiral.json'), '--backend', 'cpu', '--json', '--out', at('spiral-model.json'));
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out.trim().split('\n').pop()!).accuracy).toBeGreaterThanOrEqual(0.9);

    const stored = JSON.parse(readFileSync(at('spiral-model.json'), 'utf8')).graph.training.dataset;
    expect(stored).toMatchObject({ name: 'table', features: ['x1', 'x2'], classes: ['in', 'out'] });
    expect(stored.rows).toHaveLength(600);
    expect(stored.scaling.std[0]).toBeGreaterThan(3);

    const e = gatelab('eval', at('spiral-model.json'), '--data', at('spiral-new.csv'), '--json', '--backend', 'cpu');
    expect(e.code, e.err).toBe(0);
    expect(JSON.parse(e.out)).toMatchObject({ examples: 200 });
    expect(JSON.parse(e.out).accuracy).toBeGreaterThanOrEqual(0.9);

    // the arms end on the rim at (0, 10) ("in", class 0) and (0, -10) ("out"): raw inputs, standardised by predict
    writeFileSync(at('rim.json'), JSON.stringify({ inputs: [[0, 10], [0, -10]] }));
    const p = gatelab('predict', at('spiral-model.json'), '--input', at('rim.json'), '--backend', 'cpu');
    const [armIn, armOut] = JSON.parse(p.out).outputs as number[][];
    expect(armIn![0]).toBeGreaterThan(armIn![1]!);
    expect(armOut![1]).toBeGreaterThan(armOut![0]!);
  });

  it('y = sin x + noise: R² at least 0.9 and the mean absolute error, in place of accuracy', () => {
    const rng = createRng(9);
    const rows = Array.from({ length: 300 }, () => { const x = -3 + 6 * rng.next(); return `${x.toFixed(4)},${(Math.sin(x) + 0.1 * rng.normal()).toFixed(4)}`; });
    writeFileSync(at('sin.csv'), ['x,y', ...rows].join('\r\n'));
    writeFileSync(at('mlp.json'), mlpGraph(1, 'mse', { name: 'spiral' }));
    const r = gatelab('train', at('mlp.json'), '--data', at('sin.csv'), '--target', 'y', '--task', 'regression', '--backend', 'cpu', '--json', '--out', at('sin-model.json'));
    expect(r.code, r.err).toBe(0);
    const s = JSON.parse(r.out.trim().split('\n').pop()!);
    expect(s.r2).toBeGreaterThanOrEqual(0.9);
    expect(s.mae).toBeLessThan(0.25);
    expect(s.accuracy).toBeUndefined();
  });

  it.skipIf(!hasTorch)('the PyTorch export carries the data and scaling: eval.py and predict.py agree with gatelab', () => {
    const pkg = at('torch');
    expect(gatelab('export', at('sin-model.json'), '--torch', pkg, '--backend', 'cpu').code).toBe(0);
    const held = JSON.parse(gatelab('eval', at('sin-model.json'), '--json', '--backend', 'cpu').out);
    const py = spawnSync(PYTHON, [join(pkg, 'eval.py')], { encoding: 'utf8' });
    const theirs = JSON.parse(py.stdout);
    for (const k of ['loss', 'r2', 'mae']) expect(Math.abs(theirs[k] - held[k]), k).toBeLessThan(1e-4);
    writeFileSync(at('xs.json'), JSON.stringify({ inputs: [[-1.5], [0.5]] }));
    const ours = JSON.parse(gatelab('predict', at('sin-model.json'), '--input', at('xs.json'), '--backend', 'cpu').out).outputs.flat();
    const pyOut = JSON.parse(spawnSync(PYTHON, [join(pkg, 'predict.py'), '--input', at('xs.json')], { encoding: 'utf8' }).stdout).outputs.flat();
    pyOut.forEach((v: number, i: number) => expect(Math.abs(v - ours[i])).toBeLessThan(1e-4));
    expect(Math.abs(ours[0] - Math.sin(-1.5))).toBeLessThan(0.3);
  });

  it('a bad file: one located line per problem, exit 1, no stack trace; too large: exit 2', () => {
    writeFileSync(at('bad.csv'), 'x1,x2,arm\n1,2,in\n3,x\n4,oops,out\n5,6,in\n');
    const r = gatelab('train', at('mlp.json'), '--data', at('bad.csv'));
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toEqual([
      `${at('bad.csv')}: 2 problems`,
      '  RAGGED_ROW: row 3: 2 cells, but the header has 3 columns',
      '  NOT_A_NUMBER: row 4, column "x2": found "oops", expected a number',
    ]);
    writeFileSync(at('three.csv'), 'a,b,c\n1,2,x\n2,3,y\n3,4,z\n4,5,x\n');
    const v = gatelab('validate', at('mlp.json'), '--data', at('three.csv'));
    expect(v.code).toBe(1);
    expect(v.err).toMatch(/the Output needs \[B, 3\][\s\S]*SHAPE_MISMATCH at node "y"/);
    writeFileSync(at('huge.csv'), Buffer.alloc(51 * 1024 * 1024, 'a'));
    const t0 = Date.now();
    const h = gatelab('train', at('mlp.json'), '--data', at('huge.csv'));
    expect(h.code).toBe(2);
    expect(h.err).toMatch(/TOO_LARGE: .*huge.csv holds more than 50 MB/);
    expect(h.err).not.toMatch(/at \w+ \(/);
    expect(Date.now() - t0).toBeLessThan(15_000);
  });
});
