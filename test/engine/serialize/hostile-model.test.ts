/**
 * Hostile and damaged model files: every failure is a located error (a path,
 * and the node where one is concerned), never a throw or a hang.
 */
import { describe, it, expect, beforeAll } from 'vitest';
// tfjs-core first, as a side effect: vitest can load it twice, and the engine must share the copy the backends register with.
import '@tensorflow/tfjs-core';
import { compile, formatError, GateLabError, type GraphError } from '../../../engine';
import { encodeBase64, loadModel, modelJson, modelToText, parseModel, parseModelValue, type ModelJson } from '../../../engine/serialize';
import { chain, clone } from '../../helpers/graphs';
import { useBackend } from '../../helpers/backend';

const graph = chain([['x', 'Input'], ['h', 'Dense', { units: 8 }], ['a', 'Activation', { fn: 'tanh' }], ['o', 'Dense', { units: 2 }], ['y', 'Output']]);
let good: ModelJson;

function errorsOf(value: unknown): GraphError[] {
  const r = typeof value === 'string' ? parseModel(value) : parseModelValue(value);
  if (r.ok) throw new Error('expected errors, the file was accepted');
  return r.errors;
}

const f32 = (values: number[]) => encodeBase64(new Uint8Array(new Float32Array(values).buffer));

describe('hostile model files', () => {
  beforeAll(async () => {
    await useBackend('cpu');
    const c = compile(graph);
    if (!c.ok) throw new GateLabError(c.errors);
    good = modelJson(graph, await c.value.model.readWeights(), { steps: 0, backend: 'cpu', metrics: { loss: 0.7 } });
    c.value.model.dispose();
  });

  it('the unmodified file loads', () => {
    const r = parseModel(modelToText(good));
    expect(r.ok).toBe(true);
  });

  it('not JSON, too large, too deep', () => {
    expect(errorsOf('{"format": "gatelab/model", ')[0]!.code).toBe('NOT_JSON');
    const big = parseModel(modelToText(good), 1000);
    expect(!big.ok && big.errors[0]!.code).toBe('TOO_LARGE');
    const deep = `{"format": "gatelab/model", "version": 1, "x": ${'['.repeat(200)}${']'.repeat(200)}}`;
    expect(errorsOf(deep)[0]!.code).toBe('TOO_DEEP');
    expect(errorsOf('[]')[0]!.code).toBe('BAD_FORMAT');
    expect(errorsOf('null')[0]!.code).toBe('BAD_FORMAT');
  });

  it('a graph file, or a newer version, is named as such', () => {
    const asGraph = errorsOf(graph)[0]!;
    expect(asGraph.code).toBe('BAD_FORMAT');
    expect(asGraph.message).toMatch(/graph file/);
    const v2 = errorsOf({ ...good, version: 2 })[0]!;
    expect(v2.code).toBe('BAD_VERSION');
    expect(v2.path).toBe('version');
  });

  it('unknown fields: at the top, in a weight, in a graph node (with its id)', () => {
    const top = errorsOf({ ...good, extra: 1 });
    expect(top[0]!.code).toBe('SCHEMA');
    expect(top[0]!.message).toMatch(/unknown field "extra"/);
    const inWeight = clone(good) as ModelJson & { weights: Record<string, Record<string, unknown>> };
    inWeight.weights['h/kernel']!.scale = 2;
    const w = errorsOf(inWeight)[0]!;
    expect(w).toMatchObject({ code: 'SCHEMA', nodeId: 'h', path: 'weights["h/kernel"]' });
    expect(w.message).toMatch(/unknown field "scale"/);
    const inNode = clone(good) as unknown as { graph: { nodes: Record<string, unknown>[] } };
    inNode.graph.nodes[1]!.colour = 'red';
    const n = errorsOf(inNode)[0]!;
    expect(n).toMatchObject({ code: 'SCHEMA', nodeId: 'h', path: 'graph.nodes[1]' });
    expect(formatError(n)).toMatch(/^SCHEMA at node "h": graph\.nodes\[1\]: unknown field "colour"/);
  });

  it('a weight whose length disagrees with its shape', () => {
    const bad = clone(good);
    bad.weights['h/kernel']!.data = f32(new Array(15).fill(0.5));
    const e = errorsOf(bad)[0]!;
    expect(e).toMatchObject({ code: 'BAD_WEIGHTS', nodeId: 'h', path: 'weights["h/kernel"].data' });
    expect(e.message).toMatch(/has 15 values; its shape \[2, 8\] needs 16/);
    const odd = clone(good);
    odd.weights['h/bias']!.data = encodeBase64(new Uint8Array(5));
    expect(errorsOf(odd)[0]!.message).toMatch(/5 bytes, not a whole number of float32 values/);
  });

  it('NaN and Infinity, in float32 and float16', () => {
    const nan = clone(good);
    nan.weights['o/kernel']!.data = f32([0, 1, 2, NaN, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    expect(errorsOf(nan)[0]).toMatchObject({ code: 'BAD_WEIGHTS', nodeId: 'o', message: expect.stringMatching(/NaN at index 3/) });
    const inf = clone(good);
    inf.weights['h/bias'] = { shape: [8], dtype: 'float16', data: encodeBase64(new Uint8Array(new Uint16Array([0, 0, 0x7c00, 0, 0, 0, 0, 0]).buffer)) };
    expect(errorsOf(inf)[0]).toMatchObject({ code: 'BAD_WEIGHTS', nodeId: 'h', message: expect.stringMatching(/Infinity at index 2/) });
  });

  it('data that is not base64, and a weight name that is not nodeId/var', () => {
    const chars = clone(good);
    chars.weights['h/bias']!.data = 'not base64!';
    expect(errorsOf(chars)[0]).toMatchObject({ code: 'SCHEMA', nodeId: 'h', message: expect.stringMatching(/base64/) });
    const padding = clone(good);
    padding.weights['h/bias']!.data = 'AAA';
    expect(errorsOf(padding)[0]).toMatchObject({ code: 'BAD_WEIGHTS', message: expect.stringMatching(/not valid base64/) });
    const name = clone(good) as unknown as { weights: Record<string, unknown> };
    name.weights.kernel = name.weights['h/kernel'];
    expect(errorsOf(name)[0]).toMatchObject({ code: 'BAD_WEIGHTS', path: 'weights["kernel"]' });
  });

  it('a shape that claims billions of values is refused before decoding', () => {
    const huge = clone(good);
    huge.weights['h/kernel']!.shape = [60_000_000, 60_000_000];
    expect(errorsOf(huge).some((e) => e.code === 'SCHEMA' || e.code === 'TOO_LARGE')).toBe(true);
    const many = clone(good);
    many.weights['h/kernel']!.shape = [50_000_000, 2];
    expect(errorsOf(many)[0]!.code).toBe('TOO_LARGE');
  });

  it('weights that do not fit the compiled graph: missing, extra, wrong shape', () => {
    const w = clone(good);
    delete (w.weights as Record<string, unknown>)['o/bias'];
    w.weights['ghost/kernel'] = { shape: [1], dtype: 'float32', data: f32([1]) };
    w.weights['h/bias'] = { shape: [2, 4], dtype: 'float32', data: f32(new Array(8).fill(0)) };
    const parsed = parseModelValue(w);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const r = loadModel(parsed.value);
    expect(r.ok).toBe(false);
    const errors = r.ok ? [] : r.errors;
    expect(errors.every((e) => e.code === 'BAD_WEIGHTS')).toBe(true);
    expect(errors.map((e) => e.nodeId).sort()).toEqual(['ghost', 'h', 'o']);
    expect(errors.find((e) => e.nodeId === 'o')!.message).toMatch(/lacks/);
    expect(errors.find((e) => e.nodeId === 'h')!.message).toMatch(/shape \[2,4\]; the graph makes it \[8\]/);
  });

  it('a graph that no longer validates (unknown node type) names the node', () => {
    const g = clone(good);
    g.graph.nodes[2]!.type = 'Teleporter';
    const parsed = parseModelValue(g);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const r = loadModel(parsed.value);
    expect(!r.ok && r.errors[0]).toMatchObject({ code: 'UNKNOWN_NODE_TYPE', nodeId: 'a' });
  });
});
