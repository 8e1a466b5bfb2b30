import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chain } from '../../helpers/graphs';
import { gatelab } from './gatelab';

const dir = mkdtempSync(join(tmpdir(), 'gatelab-cli-'));
const file = (name: string, body: string) => { const p = join(dir, name); writeFileSync(p, body); return p; };

describe('gatelab CLI', () => {
  beforeAll(() => { gatelab('presets'); }); // builds the bundle once

  it('validate: a hand-written graph in the core vocabulary is valid (exit 0)', () => {
    const g = chain([['x', 'Input'], ['h', 'Dense', { units: 8 }], ['a', 'Activation', { fn: 'relu' }], ['o', 'Dense', { units: 2 }], ['y', 'Output']]);
    const r = gatelab('validate', file('ok.json', JSON.stringify(g)));
    expect(r.code).toBe(0);
    expect(r.out).toContain('valid');
  });

  it('validate: lists every error with its node or edge id, exit 1, no stack trace', () => {
    const g = chain([['x', 'Input'], ['h', 'Dense', { units: -1 }], ['a', 'Activation', { fn: 'nope' }], ['y', 'Output']]);
    g.edges.push({ id: 'bad', source: 'ghost', sourceHandle: 'out', target: 'y', targetHandle: 'in' });
    const r = gatelab('validate', file('bad.json', JSON.stringify(g)));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/BAD_PARAM at node "h"/);
    expect(r.err).toMatch(/BAD_PARAM at node "a"/);
    expect(r.err).toMatch(/DANGLING_EDGE at edge "bad"/);
    expect(r.err).not.toMatch(/\n\s+at .*\.(m?js|ts):\d+/);
  });

  it('validate: malformed JSON and unreadable files', () => {
    const bad = gatelab('validate', file('broken.json', '{"format": "gatelab/graph", '));
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('NOT_JSON');
    const missing = gatelab('validate', join(dir, 'nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('cannot read');
  });

  it('usage errors exit 2', () => {
    expect(gatelab('frobnicate').code).toBe(2);
    expect(gatelab('train', '--preset', 'no-such-preset').code).toBe(2);
    expect(gatelab('train', '--preset', 'spiral-mlp', '--steps', 'many').code).toBe(2);
    expect(gatelab('train', '--bogus').code).toBe(2);
  });

  it('train --json ends with one JSON object with the promised fields', () => {
    const r = gatelab('train', '--preset', 'spiral-gated-mlp', '--steps', '60', '--json');
    expect(r.code).toBe(0);
    const last = JSON.parse(r.out.trim().split('\n').pop()!);
    expect(last).toMatchObject({ steps: 60, backend: 'wasm' });
    for (const k of ['loss', 'accuracy', 'msPerStep', 'params']) expect(typeof last[k]).toBe('number');
    expect(last.stats.m1.gateMean).toBeGreaterThan(0);
  });

  it('train --set changes a param and is checked like a file', () => {
    const ok = gatelab('train', '--preset', 'spiral-mlp', '--steps', '5', '--set', 'h1.units=4', '--json', '--backend', 'cpu');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out.trim().split('\n').pop()!).backend).toBe('cpu');
    const bad = gatelab('train', '--preset', 'spiral-mlp', '--steps', '5', '--set', 'h1.units=-4');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('BAD_PARAM at node "h1"');
  });

  it('nodes --json documents the registry; presets lists one line each', () => {
    const nodes = JSON.parse(gatelab('nodes', '--json').out) as { type: string; doc: string }[];
    expect(nodes.map((n) => n.type)).toEqual(expect.arrayContaining(['Input', 'Dense', 'Attention', 'Output']));
    const presets = gatelab('presets').out.trim().split('\n');
    expect(presets.some((l) => l.startsWith('spiral-gated-mlp'))).toBe(true);
  });
});
