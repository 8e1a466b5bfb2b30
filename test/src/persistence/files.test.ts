/** Opening files on the page: graph or model told apart by `format`, junk and damaged files refused with located errors. */
import { beforeEach, describe, expect, it } from 'vitest';
import { getPreset, modelJson, modelToText, type ModelJson } from '../../../engine';
import { modelFileName, openFileText, serializeGraph } from '../../../src/persistence/files';
import { openDropped, openFile } from '../../../src/persistence/actions';
import { exportBlocker } from '../../../src/persistence/models';
import { useGraph } from '../../../src/store/graphStore';
import { useUi } from '../../../src/store/uiStore';

const graph = getPreset('spiral-gated-mlp')!.graph;
const weights = new Map([['h1/kernel', { shape: [2, 3], data: new Float32Array([1, -2, 0.5, 0.25, 3, -1]) }], ['h1/bias', { shape: [3], data: new Float32Array([0, 0.1, -0.1]) }]]);
const model = (float16 = false): ModelJson => modelJson(graph, weights, { steps: 40, backend: 'cpu', metrics: { loss: 0.31, accuracy: 0.92 } }, { float16 });
const errorsOf = (text: string) => { const r = openFileText(text); if (r.ok) throw new Error('opened'); return r; };

describe('openFileText', () => {
  it('opens a graph file as a graph', () => {
    const r = openFileText(serializeGraph(graph));
    expect(r).toEqual({ ok: true, kind: 'graph', graph });
  });

  it('opens a model file as a model, its weights decoded, float32 or float16', () => {
    const r = openFileText(modelToText(model()));
    if (!r.ok || r.kind !== 'model') throw new Error(JSON.stringify(r));
    expect(r.model.graph).toEqual(graph);
    expect(r.model.training.steps).toBe(40);
    expect(r.model.metrics).toEqual({ loss: 0.31, accuracy: 0.92 });
    expect(r.model.dtype).toBe('float32');
    expect([...r.model.weights.get('h1/kernel')!.data]).toEqual([1, -2, 0.5, 0.25, 3, -1]);
    const half = openFileText(modelToText(model(true)));
    expect(half.ok && half.kind === 'model' && half.model.dtype).toBe('float16');
  });

  it('refuses junk: not JSON, no format, another format', () => {
    expect(errorsOf('{"format": ')).toMatchObject({ kind: 'other', errors: [{ code: 'NOT_JSON' }] });
    expect(errorsOf('[1, 2]').errors[0]!.message).toMatch(/not a GateLab file: it has no "format" field/);
    expect(errorsOf('{"format": "photoshop"}').errors[0]).toMatchObject({ code: 'BAD_FORMAT', path: 'format', message: expect.stringMatching(/"photoshop"/) });
  });

  it('refuses a damaged model file with the place of each problem', () => {
    const short = model();
    short.weights['h1/kernel'] = { ...short.weights['h1/kernel']!, shape: [2, 4] };
    expect(errorsOf(JSON.stringify(short))).toMatchObject({ kind: 'model', errors: [{ code: 'BAD_WEIGHTS', nodeId: 'h1', path: 'weights["h1/kernel"].data', message: expect.stringMatching(/has 6 values; its shape \[2, 4\] needs 8/) }] });
    const extra = { ...model(), comment: 'hi' };
    expect(errorsOf(JSON.stringify(extra)).errors[0]!.message).toMatch(/comment/);
    const badDtype = model();
    badDtype.weights['h1/bias'] = { ...badDtype.weights['h1/bias']!, dtype: 'int8' as 'float32' };
    expect(errorsOf(JSON.stringify(badDtype)).errors[0]).toMatchObject({ path: 'weights["h1/bias"].dtype' });
    const badGraph = { ...model(), graph: { ...graph, edges: 'none' } };
    expect(errorsOf(JSON.stringify(badGraph)).errors[0]!.path).toMatch(/^graph\.edges/);
  });

  it('keeps the graph size limit for graph files', () => {
    const big = serializeGraph({ ...graph, name: 'x'.repeat(100) }).replace('"nodes"', `"pad": "${' '.repeat(6 * 1048576)}", "nodes"`);
    expect(errorsOf(big)).toMatchObject({ kind: 'graph', errors: [{ code: 'TOO_LARGE' }] });
  });

  it('names model files after the graph', () => {
    expect(modelFileName({ ...graph, name: 'Spiral: gated MLP!' })).toBe('spiral-gated-mlp.model.json');
  });
});

describe('opening files in the editor', () => {
  beforeEach(() => { useGraph.getState().reset(graph); useUi.setState({ messages: [] }); });
  const lastMessage = () => useUi.getState().messages.at(-1)!;

  it('leaves the graph untouched and lists the errors when a file is damaged', async () => {
    const before = useGraph.getState().graph;
    const damaged = model();
    damaged.weights['h1/bias']!.data = 'AAAA';
    expect(await openFile(new File([JSON.stringify(damaged)], 'broken.model.json'))).toBe(false);
    expect(useGraph.getState().graph).toBe(before);
    expect(lastMessage()).toMatchObject({ kind: 'error', text: expect.stringMatching(/model file “broken.model.json” was not opened; your graph is unchanged/), errors: [{ code: 'BAD_WEIGHTS' }] });
  });

  it('opens a graph file as an undoable step', async () => {
    const other = getPreset('tiny-transformer')!.graph;
    expect(await openFile(new File([serializeGraph(other)], 'tiny.gatelab.json'))).toBe(true);
    expect(useGraph.getState().graph).toEqual(other);
    useGraph.getState().undo();
    expect(useGraph.getState().graph).toEqual(graph);
  });

  it('refuses a dropped file that is not JSON, by name', async () => {
    expect(await openDropped([new File(['png'], 'cat.png', { type: 'image/png' })])).toBe(false);
    expect(lastMessage().text).toMatch(/“cat.png” is not a GateLab file: drop a .json graph or model file/);
  });

  it('says why Export model is off', () => {
    expect(exportBlocker('idle', 0)).toMatch(/train first/);
    expect(exportBlocker('running', 30)).toMatch(/Pause/);
    expect(exportBlocker('paused', 0)).toMatch(/train first/);
    expect(exportBlocker('paused', 12)).toBeNull();
    expect(exportBlocker('done', 300)).toBeNull();
    expect(exportBlocker('failed', 3)).toMatch(/run failed.*no result to export/);
    expect(exportBlocker('done', 300, false)).toMatch(/belong to the graph as it was before/);
  });
});
