/** `gatelab lessons` and `gatelab grade`: passing, failing and hostile files. */
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyShowGraph, getLesson, getPreset, makeSubmission, resolveSource, type Graph } from '../../../engine';

function gatelab(...args: string[]) {
  const r = spawnSync(process.execPath, ['app/cli/gatelab.mjs', ...args], { encoding: 'utf8', timeout: 240_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'gatelab-grade-'));
const file = (name: string, body: string) => { const p = join(dir, name); writeFileSync(p, body); return p; };

/** The what-is-a-gate graph as its own Show me actions build it. */
function solvedGlu(): Graph {
  const lesson = getLesson('what-is-a-gate')!;
  const start = resolveSource(lesson.start);
  if (!start.ok) throw new Error('start');
  return lesson.steps.reduce((g, s) => { const r = s.show ? applyShowGraph(g, s.show) : { ok: true as const, value: g }; if (!r.ok) throw new Error(s.id); return r.value; }, start.value);
}

const json = (r: { out: string }) => JSON.parse(r.out.trim().split('\n').pop()!);

describe('gatelab lessons', () => {
  beforeAll(() => { gatelab('presets'); }); // builds the bundle once

  it('--json: one line with every lesson id, title and step count, in course order', () => {
    const r = gatelab('lessons', '--json');
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toHaveLength(1);
    const { lessons } = json(r);
    expect(lessons).toHaveLength(10);
    expect(lessons[0]).toEqual({ id: 'first-network', title: getLesson('first-network')!.title, steps: getLesson('first-network')!.steps.length });
    expect(lessons[3].id).toBe('attention-sink');
  });
});

describe('gatelab grade', () => {
  const passing = file('alice.json', JSON.stringify(makeSubmission('what-is-a-gate', solvedGlu(), { passed: [], step: 3, predictions: { 'train-and-read': { choice: 'between' } }, opened: [] })));
  const noGate = { ...getPreset('spiral-mlp')!.graph, training: { ...getPreset('spiral-mlp')!.graph.training, steps: 50 } };
  const failing = file('bob.json', JSON.stringify(noGate));
  const hostile = [
    file('proto.json', '{"format": "gatelab/submission", "version": 1, "__proto__": {"polluted": true}}'),
    file('deep.json', '['.repeat(5000) + ']'.repeat(5000)),
    file('garbage.json', '\u0000\u0001 not json at all'),
    file('other-lesson.json', JSON.stringify(makeSubmission('first-network', solvedGlu(), { passed: [], step: 0, predictions: {}, opened: [] }))),
    file('endless.json', JSON.stringify({ ...solvedGlu(), training: { ...solvedGlu().training, steps: 1_000_000 } })),
    file('unknown-field.json', JSON.stringify({ ...JSON.parse(JSON.stringify(makeSubmission('what-is-a-gate', solvedGlu(), { passed: [], step: 0, predictions: {}, opened: [] }))), cheat: true })),
  ];

  it('a passing submission, a failing graph and hostile files: one row each, exit 1, never a crash', () => {
    const r = gatelab('grade', 'what-is-a-gate', passing, failing, ...hostile, join(dir, 'missing.json'), '--json');
    expect(r.err).not.toMatch(/\n\s+at .*\.(m?js|ts):\d+/);
    expect(r.code).toBe(1);
    const out = json(r);
    expect(out.lesson).toBe('what-is-a-gate');
    expect(out.results.map((x: { file: string }) => x.file)).toEqual([passing, failing, ...hostile, join(dir, 'missing.json')]);
    const [alice, bob, proto, deep, garbage, other, endless, unknown, missing] = out.results;
    expect(alice.passed).toBe(true);
    expect(alice.checks.map((c: { id: string }) => c.id)).toEqual(['train-and-read.1', 'train-and-read.2', 'train-and-read.3']);
    expect(bob.passed).toBe(false);
    expect(bob.checks[0]).toEqual({ id: 'train-and-read.1', passed: false, message: "The Multiply's second input should come from a sigmoid Activation." });
    expect(proto.checks[0].message).toMatch(/__proto__/);
    expect(deep.checks[0].message).toMatch(/TOO_DEEP/);
    expect(garbage.checks[0].message).toMatch(/NOT_JSON/);
    expect(other.checks[0].message).toContain('"first-network"');
    expect(endless.checks.some((c: { message: string }) => /at most 5000/.test(c.message))).toBe(true);
    expect(unknown.checks[0].message).toMatch(/SCHEMA at \(top level\).*unknown field "cheat"|unknown field "cheat"/);
    expect(missing.checks[0].message).toMatch(/cannot read: ENOENT/);
    for (const row of out.results.slice(1)) expect(row.passed).toBe(false);
  });

  it('exit 0 when every file passes; the table names each failed check', () => {
    expect(gatelab('grade', 'what-is-a-gate', passing).code).toBe(0);
    const t = gatelab('grade', 'what-is-a-gate', failing);
    expect(t.code).toBe(1);
    expect(t.out).toContain(`FAIL  ${failing}`);
    expect(t.out).toContain("train-and-read.1: The Multiply's second input should come from a sigmoid Activation.");
    expect(t.out).toContain('0 of 1 passed');
  });

  it('usage errors exit 2', () => {
    expect(gatelab('grade').code).toBe(2);
    expect(gatelab('grade', 'no-such-lesson', passing).code).toBe(2);
    expect(gatelab('grade', 'what-is-a-gate').code).toBe(2);
  });
});
