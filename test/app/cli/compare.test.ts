import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chain } from '../../helpers/graphs';
import { gatelab } from './gatelab';

/**
 * `gatelab compare` on a tiny graph with two variants: a 2-layer MLP on the
 * zero-shot blobs, whose dataset reports its own metrics (harmonicMean, ...).
 */
const graph = {
  ...chain([['x', 'Input'], ['h', 'Dense', { units: 16 }], ['act', 'Activation', { fn: 'relu' }], ['o', 'Dense', { units: 9 }], ['y', 'Output']], {
    dataset: { name: 'gzsl-blobs', samples: 180 },
    optimizer: { name: 'adam', learningRate: 0.01 },
    batchSize: 32, steps: 400, seed: 1,
  }),
  variants: [{ name: 'relu', set: { 'act.fn': 'relu' } }, { name: 'tanh', set: { 'act.fn': 'tanh' } }],
  headline: { metric: 'harmonicMean', better: 'higher', a: 'relu', b: 'tanh' },
};
const dir = mkdtempSync(join(tmpdir(), 'gatelab-compare-'));
const file = join(dir, 'tiny.json');
writeFileSync(file, JSON.stringify(graph));
const STEPS = '8';
const DATASET_METRICS = ['harmonicMean', 'seenAccuracy', 'unseenAccuracy', 'auroc'];

type Run = Record<string, unknown> & { loss: number; harmonicMean: number };
const lastJson = (out: string) => JSON.parse(out.trim().split('\n').pop()!);
/** A run's figures without its timing, which differs from run to run. */
const untimed = ({ msPerStep: _t, ...rest }: Run) => rest;

describe('gatelab compare', () => {
  it('--sweep: one variant per value, named NODE.PARAM=VALUE, with no headline; a bad sweep is a usage error', () => {
    const r = gatelab('compare', file, '--steps', STEPS, '--sweep', 'h.units=4,8', '--json');
    expect(r.code, r.err).toBe(0);
    const out = lastJson(r.out);
    expect(Object.keys(out.variants)).toEqual(['h.units=4', 'h.units=8']);
    expect(out.variants['h.units=4'].params).toBeLessThan(out.variants['h.units=8'].params);
    expect(out.headline).toBeUndefined();
    for (const bad of ['h.units=4', 'h.nothing=1,2', 'sigmoid:h.units=4,8']) {
      const b = gatelab('compare', file, '--steps', STEPS, '--sweep', bad);
      expect(b.code, bad).toBe(2);
      expect(b.err, bad).toMatch(/sweep|no param/);
    }
  });

  it('--sweep twice, one from a variant, and --plot: a curve per sweep in an SVG of accuracy against FLOPs', () => {
    const svg = join(dir, 'curves.svg');
    const r = gatelab('compare', file, '--steps', STEPS, '--sweep', 'h.units=4,8', '--sweep', 'tanh:h.units=4,8', '--plot', svg, '--json');
    expect(r.code, r.err).toBe(0);
    const out = lastJson(r.out);
    expect(Object.keys(out.variants)).toEqual(['h.units=4', 'h.units=8', 'tanh, h.units=4', 'tanh, h.units=8']);
    const text = readFileSync(svg, 'utf8');
    expect(text.match(/<g class="curve"/g)).toHaveLength(2);
    expect(text.match(/<circle /g)).toHaveLength(4);
    for (const name of ['h.units', 'tanh (h.units)', 'FLOPs per example (compute spent)', 'Held-out accuracy']) expect(text).toContain(`>${name}</text>`);
    // the "tanh" curve ran with tanh: its summaries differ from the relu ones at the same width
    expect(out.variants['tanh, h.units=4'].loss).not.toBe(out.variants['h.units=4'].loss);
    expect(gatelab('compare', file, '--steps', STEPS, '--plot', join(dir, 'curves.png')).code).toBe(2);
  }, 120_000);

  it('without --seeds: one run per variant on the graph\'s seed, each with the dataset\'s own metrics', () => {
    const r = gatelab('compare', file, '--steps', STEPS, '--json');
    expect(r.code, r.err).toBe(0);
    const out = lastJson(r.out);
    expect(out).toMatchObject({ preset: file, seed: 1, backend: 'wasm' });
    expect(Object.keys(out.variants)).toEqual(['relu', 'tanh']);
    for (const run of Object.values(out.variants) as Run[]) {
      for (const k of DATASET_METRICS) expect(typeof run[k], k).toBe('number');
      expect(run.steps).toBe(8);
    }
  }, 120_000);

  it('--seeds: every variant on every seed, the same figures as train --json, their spread and the headline count', () => {
    const seeds = [3, 4];
    const r = gatelab('compare', file, '--steps', STEPS, '--seeds', '3-4', '--jobs', '2', '--json');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('[4/4]');
    const out = lastJson(r.out);
    expect(Object.keys(out)).toEqual(['preset', 'seeds', 'backend', 'variants', 'headline']);
    expect(out.seeds).toEqual(seeds);
    expect(Object.keys(out.variants)).toEqual(['relu', 'tanh']);
    for (const [name, v] of Object.entries(out.variants) as [string, { runs: Run[]; mean: Record<string, number>; std: Record<string, number>; ci95: Record<string, [number, number]> }][]) {
      expect(v.runs).toHaveLength(2);
      seeds.forEach((seed, i) => {
        const alone = gatelab('train', file, '--steps', STEPS, '--seed', String(seed), '--set', `act.fn=${name}`, '--json');
        expect(alone.code, alone.err).toBe(0);
        expect(untimed(v.runs[i]!)).toEqual(untimed(lastJson(alone.out)));
      });
      const [x, y] = v.runs.map((run) => run.loss) as [number, number];
      expect(v.mean.loss).toBeCloseTo((x + y) / 2, 12);
      expect(v.std.loss).toBeCloseTo(Math.abs(x - y) / Math.SQRT2, 12);
      // two seeds: t(0.975, 1) = 12.706, half-width 12.706·s/√2
      expect(v.ci95.loss![1] - v.mean.loss!).toBeCloseTo((12.7062 * v.std.loss!) / Math.SQRT2, 3);
      for (const k of DATASET_METRICS) expect(typeof v.mean[k], k).toBe('number');
    }
    const a = out.variants.relu.runs as Run[], b = out.variants.tanh.runs as Run[];
    const holds = a.filter((run, i) => run.harmonicMean > b[i]!.harmonicMean).length;
    expect(out.headline).toEqual({ metric: 'harmonicMean', better: 'higher', a: 'relu', b: 'tanh', holds, of: 2 });
  }, 300_000);

  it('refuses --seed with --seeds, a bad --jobs, and a headline that names no variant', () => {
    for (const bad of [['--seeds', '1-2', '--seed', '1'], ['--seeds', '1-2', '--jobs', '0']]) {
      expect(gatelab('compare', file, ...bad).code, bad.join(' ')).toBe(2);
    }
    const ghost = join(dir, 'ghost.json');
    writeFileSync(ghost, JSON.stringify({ ...graph, headline: { ...graph.headline, b: 'sigmoid' } }));
    const r = gatelab('compare', ghost, '--seeds', '1-2');
    expect(r.code).toBe(1);
    expect(r.err).toContain('BAD_VARIANT');
  }, 120_000);
});
