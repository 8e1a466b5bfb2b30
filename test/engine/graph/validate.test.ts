import { describe, it, expect } from 'vitest';
import { validateGraph, registry, getPreset, parseGraphValue, PRESETS, type Graph, type ErrorCode } from '../../../engine';
import { chain, clone } from '../../helpers/graphs';

const mlp = () => chain([['x', 'Input'], ['h', 'Dense', { units: 8 }], ['a', 'Activation', { fn: 'tanh' }], ['o', 'Dense', { units: 2 }], ['y', 'Output']]);

function errorsOf(g: Graph) {
  return validateGraph(g, registry).errors;
}
function expectError(g: Graph, code: ErrorCode, where: { nodeId?: string; edgeId?: string; port?: string }) {
  const errs = errorsOf(g);
  const hit = errs.find((e) => e.code === code && Object.entries(where).every(([k, v]) => e[k as keyof typeof e] === v));
  expect(hit, `${code} at ${JSON.stringify(where)} in ${JSON.stringify(errs)}`).toBeDefined();
  expect(hit!.message.length).toBeGreaterThan(10);
}

describe('validateGraph', () => {
  it('accepts a hand-written MLP and infers shapes with a symbolic batch', () => {
    const v = validateGraph(mlp(), registry);
    expect(v.errors).toEqual([]);
    expect(v.shapes.get('h')!.outputs.out).toEqual({ shape: ['B', 8], dtype: 'float32' });
    expect(v.shapes.get('x')!.outputs.out).toEqual({ shape: ['B', 2], dtype: 'float32' });
    expect(v.order).toEqual(['x', 'h', 'a', 'o', 'y']);
  });

  it('infers [B, T, D] through the tiny transformer', () => {
    const v = validateGraph(getPreset('tiny-transformer')!.graph, registry);
    expect(v.errors).toEqual([]);
    const T = v.dataset!.seqLen!;
    expect(v.shapes.get('attn')!.outputs.out!.shape).toEqual(['B', T, 32]);
    expect(v.shapes.get('head')!.outputs.out!.shape).toEqual(['B', T, v.dataset!.classes]);
  });

  it('names both ends and both shapes on a mismatch', () => {
    const g = chain([['x', 'Input'], ['h', 'Dense', { units: 8 }], ['att', 'Attention'], ['o', 'Dense', { units: 2 }], ['y', 'Output']]);
    const e = errorsOf(g).find((x) => x.code === 'SHAPE_MISMATCH')!;
    expect(e.nodeId).toBe('att');
    expect(e.edgeId).toBe('e1');
    expect(e.message).toContain('Attention expects [B, T, D]');
    expect(e.message).toContain('gives [B, 8]');
  });

  it('collects every error rather than stopping at the first', () => {
    const g = mlp();
    g.nodes[1]!.params = { units: -3 };
    g.nodes.push({ id: 'zz', type: 'NoSuchNode' });
    g.edges.push({ id: 'dangle', source: 'ghost', sourceHandle: 'out', target: 'o', targetHandle: 'in' });
    const codes = errorsOf(g).map((e) => e.code);
    expect(codes).toEqual(expect.arrayContaining(['BAD_PARAM', 'UNKNOWN_NODE_TYPE', 'DANGLING_EDGE']));
  });

  it('rejects duplicate ids', () => {
    const g = mlp();
    g.nodes.push({ id: 'h', type: 'Dense' });
    expectError(g, 'DUPLICATE_ID', { nodeId: 'h' });
    const g2 = mlp();
    g2.edges.push({ ...g2.edges[0]!, target: 'a' });
    expectError(g2, 'DUPLICATE_ID', { edgeId: 'e0' });
  });

  it('rejects unknown node types and params, and params of the wrong type or out of range', () => {
    const g = mlp();
    g.nodes[1] = { id: 'h', type: 'Dense', params: { units: 'eight', colour: 3, bias: 'yes' } };
    g.nodes[2] = { id: 'a', type: 'Activation', params: { fn: 'swish' } };
    expectError(g, 'BAD_PARAM', { nodeId: 'h' });
    expectError(g, 'UNKNOWN_PARAM', { nodeId: 'h' });
    expectError(g, 'BAD_PARAM', { nodeId: 'a' });
    const g2 = mlp();
    g2.nodes[1]!.type = 'Dens';
    expectError(g2, 'UNKNOWN_NODE_TYPE', { nodeId: 'h' });
    const g3 = mlp();
    g3.nodes[1]!.params = { units: 1e9 };
    expectError(g3, 'BAD_PARAM', { nodeId: 'h' });
  });

  it('rejects dangling edges and edges to ports that do not exist', () => {
    const g = mlp();
    g.edges[0]!.source = 'nowhere';
    expectError(g, 'DANGLING_EDGE', { edgeId: 'e0' });
    const g2 = mlp();
    g2.edges[1]!.targetHandle = 'gate';
    expectError(g2, 'UNKNOWN_PORT', { edgeId: 'e1', nodeId: 'a' });
    const g3 = mlp();
    g3.edges[1]!.sourceHandle = 'logits';
    expectError(g3, 'UNKNOWN_PORT', { edgeId: 'e1', nodeId: 'h' });
  });

  it('rejects a second edge into one input port', () => {
    const g = mlp();
    g.edges.push({ id: 'extra', source: 'x', sourceHandle: 'out', target: 'o', targetHandle: 'in' });
    expectError(g, 'PORT_TAKEN', { edgeId: 'extra', nodeId: 'o', port: 'in' });
  });

  it('rejects required inputs left unconnected', () => {
    const g = mlp();
    g.edges = g.edges.filter((e) => e.target !== 'a');
    expectError(g, 'MISSING_INPUT', { nodeId: 'a', port: 'in' });
  });

  it('says only that an input is missing, not that the node failed, for a Dense left unconnected', () => {
    const g = mlp();
    const dense = g.nodes.find((n) => n.type === 'Dense')!;
    g.edges = g.edges.filter((e) => e.target !== dense.id);
    const codes = errorsOf(g).filter((e) => e.nodeId === dense.id).map((e) => e.code);
    expect(codes).toEqual(['MISSING_INPUT']);
  });

  it('rejects cycles, naming the nodes on them', () => {
    const g = chain([['x', 'Input'], ['p', 'Dense', { units: 2 }], ['s', 'Add'], ['q', 'Dense', { units: 2 }], ['y', 'Output']]);
    g.edges = [
      { id: 'e0', source: 'x', sourceHandle: 'out', target: 'p', targetHandle: 'in' },
      { id: 'e1', source: 'p', sourceHandle: 'out', target: 's', targetHandle: 'a' },
      { id: 'e2', source: 'q', sourceHandle: 'out', target: 's', targetHandle: 'b' },
      { id: 'e3', source: 's', sourceHandle: 'out', target: 'q', targetHandle: 'in' },
      { id: 'e4', source: 's', sourceHandle: 'out', target: 'y', targetHandle: 'in' },
    ];
    expectError(g, 'CYCLE', { nodeId: 's' });
    expectError(g, 'CYCLE', { nodeId: 'q' });
  });

  it('rejects unknown datasets and bad dataset settings', () => {
    const g = mlp();
    g.training.dataset = { name: 'mnist' };
    expect(errorsOf(g).map((e) => e.code)).toContain('UNKNOWN_DATASET');
    const g2 = mlp();
    g2.training.dataset = { name: 'spiral', noise: -1, colour: 'red' };
    const codes = errorsOf(g2).filter((e) => e.code === 'BAD_DATASET_PARAM');
    expect(codes.length).toBe(2);
  });

  it('checks the Output against the dataset: one score per class', () => {
    const g = mlp();
    g.nodes[3]!.params = { units: 3 };
    expectError(g, 'SHAPE_MISMATCH', { nodeId: 'y', port: 'in' });
  });

  it('rejects token ids fed to Dense and floats fed to Embedding', () => {
    const g = chain([['x', 'Input'], ['e', 'Embedding'], ['y', 'Output']]);
    expectError(g, 'SHAPE_MISMATCH', { nodeId: 'e', edgeId: 'e0' });
    const t = clone(getPreset('tiny-transformer')!.graph);
    t.edges[0]!.target = 'up';
    t.edges = t.edges.filter((e) => e.id !== 'e8');
    expect(errorsOf(t).some((e) => e.code === 'SHAPE_MISMATCH' && e.nodeId === 'up')).toBe(true);
  });

  it('requires one Input and exactly one Output', () => {
    const g = mlp();
    g.nodes = g.nodes.filter((n) => n.id !== 'y');
    g.edges = g.edges.filter((e) => e.target !== 'y');
    expect(errorsOf(g).map((e) => e.code)).toContain('NO_OUTPUT');
  });

  it('checks variants name real node params with valid values', () => {
    const g = { ...mlp(), variants: [{ name: 'wide', set: { 'h.units': 64 } }, { name: 'bad', set: { 'h.width': 3, 'ghost.units': 2 } }] };
    const errs = errorsOf(g).filter((e) => e.code === 'BAD_VARIANT');
    expect(errs.length).toBe(2);
  });

  it('checks the headline compares two different variants of the graph', () => {
    const variants = [{ name: 'wide', set: { 'h.units': 64 } }, { name: 'narrow', set: { 'h.units': 4 } }];
    const headline = (a: string, b: string) => ({ ...mlp(), variants, headline: { metric: 'loss', better: 'lower' as const, a, b } });
    const bad = (g: ReturnType<typeof headline>) => errorsOf(g).filter((e) => e.code === 'BAD_VARIANT');
    expect(bad(headline('wide', 'narrow'))).toEqual([]);
    expect(bad(headline('wide', 'ghost')).map((e) => e.message)).toEqual([expect.stringContaining('"ghost", which is not one of the variants')]);
    expect(bad(headline('wide', 'wide')).map((e) => e.message)).toEqual([expect.stringContaining('with itself')]);
  });
});

describe('parseGraphValue (structure)', () => {
  it('rejects unknown fields and versions, naming where', () => {
    const g = clone(mlp()) as unknown as Record<string, unknown>;
    (g.nodes as Record<string, unknown>[])[1]!.colour = 'red';
    const r = parseGraphValue(g);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors[0]!.nodeId).toBe('h');
      expect(r.errors[0]!.message).toContain('colour');
    }
    const r2 = parseGraphValue({ ...mlp(), version: 9 });
    expect(!r2.ok && r2.errors[0]!.code).toBe('BAD_VERSION');
    const r3 = parseGraphValue({ ...mlp(), format: 'something/else' });
    expect(!r3.ok && r3.errors[0]!.code).toBe('BAD_FORMAT');
  });

  it('fills missing params from the node type defaults', () => {
    const g = chain([['x', 'Input'], ['h', 'Dense'], ['o', 'Dense', { units: 2 }], ['y', 'Output']]);
    const v = validateGraph(g, registry);
    expect(v.errors).toEqual([]);
    expect(v.params.get('h')).toMatchObject({ units: 16, bias: true });
  });
});

describe('training steps and phases', () => {
  const phased = (steps: number) => {
    const g = mlp();
    g.training.steps = steps;
    g.training.phases = [{ name: 'head', steps: 6, freeze: ['h'] }, { name: 'all', steps: 4 }];
    return g;
  };

  it('rejects steps that disagree with the phases, at training.steps (it trained 10 steps while announcing 1500)', () => {
    const bad = errorsOf(phased(1500)).filter((e) => e.code === 'BAD_TRAINING');
    expect(bad).toHaveLength(1);
    expect(bad[0]!.path).toBe('training.steps');
    expect(bad[0]!.message).toContain('1500');
    expect(bad[0]!.message).toContain('add up to 10');
  });

  it('accepts steps equal to the sum of the phases', () => {
    expect(errorsOf(phased(10))).toEqual([]);
  });

  it('accepts every preset as shipped', () => {
    for (const p of PRESETS) expect(errorsOf(p.graph), p.slug).toEqual([]);
  });
});
