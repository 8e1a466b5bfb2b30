import { beforeEach, describe, expect, it } from 'vitest';
import { getPreset, type Graph } from '../../../engine';
import { useGraph } from '../../../src/store/graphStore';
import { beginRun, receive, series, statsLog, useRun, weightsKey } from '../../../src/store/runStore';
import { beginPair, usePair } from '../../../src/store/pairStore';
import { useStats } from '../../../src/store/statsStore';
import { deleteItems, loadGraph, setParam } from '../../../src/store/actions';
import { blankGraph, newGraph } from '../../../src/store/newGraph';
import { currentExportBlocker } from '../../../src/persistence/models';
import { openSharedHash } from '../../../src/persistence/actions';
import { encodeShare } from '../../../src/persistence/shareLink';

const preset = (slug: string): Graph => getPreset(slug)!.graph;

/** A finished run of the graph on the canvas, with one point on its loss curve. */
function trainedRun(): number {
  const { graph, rev } = useGraph.getState();
  const runId = beginRun(rev, graph);
  receive({ type: 'tick', runId, steps: { step: [1], loss: [0.5], accuracy: [0.75], ms: [2] }, evals: [] });
  useRun.setState({ status: 'done' });
  return runId;
}

describe('a run belongs to the graph it was trained on', () => {
  beforeEach(() => useGraph.getState().reset(preset('spiral-mlp')));

  it('loading another graph starts from a clean run: no curves, idle, nothing to export', () => {
    trainedRun();
    expect(currentExportBlocker()).toBeNull();
    loadGraph(preset('spiral-gated-mlp'), 'Open preset');
    const run = useRun.getState();
    expect([run.status, run.step, run.weightsKey, series.loss.length]).toEqual(['idle', 0, null, 0]);
    expect(currentExportBlocker()).toMatch(/train first/);
  });

  it('loading another graph also forgets the statistics, the sparklines and the A/B run B', () => {
    const runId = trainedRun();
    receive({ type: 'tick', runId, steps: { step: [2], loss: [0.4], accuracy: [0.8], ms: [2] }, evals: [], stats: { step: 2, stats: { m1: { gateMean: { kind: 'scalar', value: 0.5, headline: true } } } } });
    beginPair([{ nodeId: 'm1', param: 'gate', a: 'on', b: 'off' }]);
    expect([statsLog.length, useStats.getState().spark.size, usePair.getState().status]).toEqual([1, 1, 'starting']);
    loadGraph(preset('topk-moe'), 'Open preset');
    expect([statsLog.length, useStats.getState().spark.size, usePair.getState().status]).toEqual([0, 0, 'idle']);
  });

  it('an edit that changes the weights turns Export model off; undoing it turns it back on', () => {
    trainedRun();
    const dense = useGraph.getState().graph.nodes.find((n) => n.type === 'Dense')!;
    setParam(dense.id, 'units', 3);
    expect(currentExportBlocker()).toMatch(/before your changes/);
    useGraph.getState().undo();
    expect(currentExportBlocker()).toBeNull();
  });

  it('weightsKey ignores positions and names but not params', () => {
    const g = preset('spiral-mlp');
    const moved = { ...g, name: 'other', nodes: g.nodes.map((n) => ({ ...n, position: { x: 5, y: 7 } })) };
    expect(weightsKey(moved)).toBe(weightsKey(g));
    expect(weightsKey({ ...g, nodes: g.nodes.map((n, i) => (i === 1 ? { ...n, params: { ...n.params, units: 99 } } : n)) })).not.toBe(weightsKey(g));
  });
});

describe('new graph and emptied graphs', () => {
  beforeEach(() => useGraph.getState().reset(preset('spiral-gated-mlp')));

  it('New graph is an undoable "Untitled" with an Input and an Output, the dataset kept', () => {
    const before = useGraph.getState().graph;
    newGraph();
    const g = useGraph.getState().graph;
    expect([g.name, g.description, g.nodes.map((n) => n.type), g.edges.length]).toEqual(['Untitled', undefined, ['Input', 'Output'], 0]);
    expect(g.training).toBe(before.training);
    useGraph.getState().undo();
    expect(useGraph.getState().graph).toBe(before);
  });

  it('a regression dataset gets an mse Output', () => {
    const g = blankGraph(preset('spiral-mlp'), 'regression');
    expect(g.nodes[1]!.params).toEqual({ loss: 'mse' });
  });

  it('deleting every node drops the name, description, variants and headline', () => {
    useGraph.getState().reset(preset('rezero-deep'));
    const g = useGraph.getState().graph;
    expect([g.description, g.variants, g.headline].every(Boolean)).toBe(true);
    deleteItems(g.nodes.map((n) => n.id), []);
    const after = useGraph.getState().graph;
    expect([after.name, after.description, after.variants, after.headline]).toEqual(['Untitled', undefined, undefined, undefined]);
  });
});

describe('a share link pasted into an open tab', () => {
  const hashOf = (g: Graph) => new URL((encodeShare(g, 'http://x/') as { url: string }).url).hash;
  beforeEach(() => useGraph.getState().reset(preset('spiral-mlp')));

  it('opens at once when the tab holds no edits', () => {
    const asked: string[] = [];
    expect(openSharedHash(hashOf(preset('gated-attention')), (q) => { asked.push(q); return true; })).toBe(true);
    expect([asked.length, useGraph.getState().graph.name]).toEqual([0, preset('gated-attention').name]);
  });

  it('asks first when the tab holds edits, and a "no" keeps the graph', () => {
    setParam(useGraph.getState().graph.nodes[1]!.id, 'units', 3);
    const mine = useGraph.getState().graph;
    expect(openSharedHash(hashOf(preset('gated-attention')), () => false)).toBe(false);
    expect(useGraph.getState().graph).toBe(mine);
  });
});
