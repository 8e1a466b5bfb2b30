/** Every check kind, on graphs and runs that pass and that fail. */
import { describe, it, expect } from 'vitest';
import { checkSchema, evaluateCheck, getPreset, reduceStat, type Check, type CheckContext, type Graph, type RunRecord } from '../../../engine';

const glu = getPreset('spiral-gated-mlp')!.graph;
const plain = getPreset('spiral-mlp')!.graph;

const check = (c: unknown): Check => checkSchema.parse(c);
const ok = (c: unknown, ctx: CheckContext) => evaluateCheck(check(c), ctx).passed;

describe('graph checks', () => {
  it('node: a node of a type with params in a range', () => {
    const c = { kind: 'node', node: { type: 'Dense', params: { units: { min: 8, max: 16 } } }, message: 'add a Dense of 8 to 16 units' };
    expect(ok(c, { graph: glu })).toBe(true); // units 16
    const narrow = { ...glu, nodes: glu.nodes.map((n) => (n.type === 'Dense' ? { ...n, params: { units: 32 } } : n)) };
    expect(ok(c, { graph: narrow })).toBe(false);
    // params compare with defaults filled in: an Activation without params has the registry's default fn
    const sig = { kind: 'node', node: { type: 'Activation', params: { fn: { equals: 'sigmoid' } } }, message: 'x' };
    expect(ok(sig, { graph: glu })).toBe(true);
    expect(ok(sig, { graph: plain })).toBe(false);
    expect(evaluateCheck(check(c), { graph: narrow }).message).toBe('add a Dense of 8 to 16 units');
  });

  it('path: direct into a port, and through several nodes', () => {
    const sigIntoMultiply = { kind: 'path', from: { type: 'Activation', params: { fn: { equals: 'sigmoid' } } }, to: { type: 'Multiply' }, direct: true, port: 'b', message: "the Multiply's second input should come from a sigmoid" };
    expect(ok(sigIntoMultiply, { graph: glu })).toBe(true);
    expect(ok({ ...sigIntoMultiply, port: 'a' }, { graph: glu })).toBe(false); // a is the tanh branch
    const swapped: Graph = { ...glu, edges: glu.edges.filter((e) => e.id !== 'e6') };
    expect(ok({ ...sigIntoMultiply, port: undefined }, { graph: { ...swapped, edges: swapped.edges.filter((e) => e.id !== 'e12') } })).toBe(false);
    const far = { kind: 'path', from: { id: 'x' }, to: { id: 'y' }, message: 'connect the input to the output' };
    expect(ok(far, { graph: glu })).toBe(true);
    expect(ok({ ...far, direct: true }, { graph: glu })).toBe(false);
    expect(ok(far, { graph: { ...glu, edges: glu.edges.filter((e) => e.id !== 'e14') } })).toBe(false);
  });

  it('count: nodes of a type, all nodes, edges', () => {
    expect(ok({ kind: 'count', node: { type: 'Multiply' }, min: 2, message: 'x' }, { graph: glu })).toBe(true);
    expect(ok({ kind: 'count', node: { type: 'Multiply' }, min: 1, message: 'x' }, { graph: plain })).toBe(false);
    expect(ok({ kind: 'count', max: 7, message: 'x' }, { graph: plain })).toBe(true);
    expect(ok({ kind: 'count', max: 6, message: 'x' }, { graph: plain })).toBe(false);
    expect(evaluateCheck(check({ kind: 'count', edges: true, min: 14, message: 'x' }), { graph: glu })).toMatchObject({ passed: true, observed: 14 });
  });

  it('valid: the graph validates, else the first problem is named', () => {
    expect(ok({ kind: 'valid', message: 'fix the graph' }, { graph: glu })).toBe(true);
    const r = evaluateCheck(check({ kind: 'valid', message: 'fix the graph' }), { graph: { ...glu, edges: glu.edges.filter((e) => e.id !== 'e6') } });
    expect(r.passed).toBe(false);
    expect(r.message).toMatch(/^fix the graph \(1 problem: .*b/);
  });
});

const run = (over: Partial<RunRecord> = {}): RunRecord => ({
  steps: 300, loss: 0.2, accuracy: 0.93, trainLoss: 0.25, metrics: { forgetting: 0.1 },
  stats: {
    router: { expertLoad: [0.5, 0.3, 0.1, 0.1], loadCV: 0.6 },
    m1: { gateNear0: 0.1, gateMean: 0.6 }, m2: { gateNear0: 0.3, gateMean: 0.4 },
    '@model': { flopsPerExample: 400, denseFlopsPerExample: 1000 },
  },
  ...over,
});

describe('run checks', () => {
  it('metric: held-out accuracy and loss, dataset metrics, after at least N steps', () => {
    const acc = { kind: 'metric', metric: 'accuracy', op: '>=', value: 0.9, minSteps: 200, message: 'reach 90% accuracy' };
    expect(ok(acc, { graph: glu, run: run() })).toBe(true);
    expect(ok(acc, { graph: glu, run: run({ accuracy: 0.85 }) })).toBe(false);
    const early = evaluateCheck(check(acc), { graph: glu, run: run({ steps: 100 }) });
    expect(early.passed).toBe(false);
    expect(early.message).toContain('at least 200 steps');
    expect(ok(acc, { graph: glu })).toBe(false); // no run yet
    expect(ok({ kind: 'metric', metric: 'loss', op: '<', value: 0.3, message: 'x' }, { graph: glu, run: run() })).toBe(true);
    expect(ok({ kind: 'metric', metric: 'forgetting', op: '<', value: 0.05, message: 'x' }, { graph: glu, run: run() })).toBe(false);
    expect(ok({ kind: 'metric', metric: 'noSuchMetric', op: '<', value: 1, message: 'x' }, { graph: glu, run: run() })).toBe(false);
    expect(ok({ kind: 'metric', metric: 'firstLoss', op: '>', value: 100, message: 'x' }, { graph: glu, run: run({ firstLoss: 7e4 }) })).toBe(true);
    expect(ok({ kind: 'metric', metric: 'firstLoss', op: '>', value: 100, message: 'x' }, { graph: glu, run: run({ firstLoss: 0.7 }) })).toBe(false);
  });

  it('a dataset figure at the end of a training phase, in a comparison', () => {
    const same = (v: number) => run({ phaseMetrics: [{ phase: 'pretrain', metrics: { wordAccuracy: v } }] });
    const atPhase = { kind: 'compare', measure: { metric: 'wordAccuracy', phase: 'pretrain' }, against: 'off', op: '<=', margin: -1e-6, message: 'x' };
    expect(ok(atPhase, { graph: glu, run: same(0.75), variants: { off: same(0.75) } })).toBe(true);
    expect(ok(atPhase, { graph: glu, run: same(0.76), variants: { off: same(0.75) } })).toBe(false);
    expect(ok({ ...atPhase, measure: { metric: 'wordAccuracy', phase: 'no such phase' } }, { graph: glu, run: same(0.75), variants: { off: same(0.75) } })).toBe(false);
  });

  it('stat: of a node by id, of every node of a type (mean), reduced lists', () => {
    expect(ok({ kind: 'stat', node: 'm2', stat: 'gateNear0', op: '>', value: 0.2, message: 'x' }, { graph: glu, run: run() })).toBe(true);
    expect(ok({ kind: 'stat', node: 'm1', stat: 'gateNear0', op: '>', value: 0.2, message: 'x' }, { graph: glu, run: run() })).toBe(false);
    // type: the mean over m1 and m2, (0.6 + 0.4) / 2 = 0.5
    const r = evaluateCheck(check({ kind: 'stat', type: 'Multiply', stat: 'gateMean', op: '>=', value: 0.5, message: 'x' }), { graph: glu, run: run() });
    expect(r).toMatchObject({ passed: true, observed: 0.5 });
    // expert-load spread: max - min = 0.5 - 0.1 = 0.4
    const spread = { kind: 'stat', node: 'router', stat: 'expertLoad', reduce: 'spread', op: '<', value: 0.3, message: 'balance the experts' };
    expect(evaluateCheck(check(spread), { graph: glu, run: run() })).toMatchObject({ passed: false, observed: expect.closeTo(0.4, 12) });
    expect(ok(spread, { graph: glu, run: run({ stats: { router: { expertLoad: [0.3, 0.25, 0.25, 0.2] } } }) })).toBe(true);
    expect(ok({ kind: 'stat', node: 'nobody', stat: 'gateMean', op: '>', value: 0, message: 'x' }, { graph: glu, run: run() })).toBe(false);
  });

  it('reduceStat: mean, min, max, spread and last of nested lists', () => {
    expect(reduceStat([[1, 2], [3, 6]], 'mean')).toBe(3);
    expect(reduceStat([1, 5, 2], 'spread')).toBe(4);
    expect(reduceStat([1, 5, 2], 'last')).toBe(2);
    expect(reduceStat(7, 'max')).toBe(7);
    expect(reduceStat([], 'mean')).toBeUndefined();
  });

  it('compute: spent against dense', () => {
    expect(evaluateCheck(check({ kind: 'compute', op: '<=', value: 0.5, message: 'x' }), { graph: glu, run: run() })).toMatchObject({ passed: true, observed: 0.4 });
    expect(ok({ kind: 'compute', op: '<', value: 0.3, message: 'x' }, { graph: glu, run: run() })).toBe(false);
  });

  it('compare: one run against another, with a margin', () => {
    const lower = { kind: 'compare', measure: { stat: 'firstTokenAttention', node: '@model' }, against: 'no gate', op: '<', message: 'the gated run should park less attention on the first token' };
    const gated = run({ stats: { '@model': { firstTokenAttention: 0.3 } } });
    const ungated = run({ stats: { '@model': { firstTokenAttention: 0.5 } } });
    expect(ok(lower, { graph: glu, run: gated, variants: { 'no gate': ungated } })).toBe(true);
    expect(ok(lower, { graph: glu, run: ungated, variants: { 'no gate': gated } })).toBe(false);
    expect(ok({ ...lower, margin: 0.25 }, { graph: glu, run: gated, variants: { 'no gate': ungated } })).toBe(false);
    expect(ok({ ...lower, margin: 0.15 }, { graph: glu, run: gated, variants: { 'no gate': ungated } })).toBe(true);
    const missing = evaluateCheck(check(lower), { graph: glu, run: gated });
    expect(missing.passed).toBe(false);
    expect(missing.message).toContain('"no gate" run');
    // one named run against another, by metric
    const acc = { kind: 'compare', measure: { metric: 'accuracy' }, run: 'a', against: 'b', op: '>', message: 'x' };
    expect(ok(acc, { graph: glu, variants: { a: run({ accuracy: 0.9 }), b: run({ accuracy: 0.8 }) } })).toBe(true);
    expect(ok(acc, { graph: glu, variants: { a: run({ accuracy: 0.8 }), b: run({ accuracy: 0.8 }) } })).toBe(false);
  });
});

describe('interface checks', () => {
  it('opened: a view the student opened', () => {
    const c = { kind: 'opened', view: 'sink-lab', message: 'open the Sink lab' };
    expect(ok(c, { graph: glu, opened: new Set(['sink-lab']) })).toBe(true);
    expect(ok(c, { graph: glu, opened: new Set(['telemetry']) })).toBe(false);
    expect(ok(c, { graph: glu })).toBe(false);
  });
});

describe('the check schema', () => {
  it('refuses unknown kinds, unknown fields and selectors with neither id nor type', () => {
    expect(checkSchema.safeParse({ kind: 'vibes', message: 'x' }).success).toBe(false);
    expect(checkSchema.safeParse({ kind: 'valid', message: 'x', extra: 1 }).success).toBe(false);
    expect(checkSchema.safeParse({ kind: 'node', node: {}, message: 'x' }).success).toBe(false);
    expect(checkSchema.safeParse({ kind: 'valid' }).success).toBe(false); // every check carries its message
  });
});
