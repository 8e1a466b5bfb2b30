import { beforeEach, describe, expect, it } from 'vitest';
import { beginPair, clearPair, describeChanges, graphDiff, pairLog, pairSeries, receivePair, usePair } from '../../../src/store/pairStore';
import { gateOff, pairChoices } from '../../../src/worker/pair';
import { chain } from '../../helpers/graphs';
import type { Graph } from '../../../engine';

const attnGraph = (): Graph => ({
  ...chain([['x', 'Input'], ['emb', 'Embedding', { dim: 8 }], ['attn', 'GatedAttention', { heads: 2, gate: 'headwise' }], ['head', 'ClassifierHead'], ['y', 'Output']]),
  variants: [{ name: 'no gate', set: { 'attn.gate': 'none' } }, { name: 'same', set: { 'attn.gate': 'headwise' } }],
});

describe('paired runs', () => {
  beforeEach(() => clearPair());

  it('lists the params that differ between run A and run B', () => {
    const a = attnGraph();
    const b = gateOff(a)!;
    expect(graphDiff(a, b)).toEqual([{ nodeId: 'attn', param: 'gate', a: 'headwise', b: 'none' }]);
    expect(describeChanges(graphDiff(a, b))).toBe('attn.gate = none');
    expect(graphDiff(a, a)).toEqual([]);
  });

  it('switches every attention gate off, or says there is none to switch', () => {
    const a = attnGraph();
    expect(gateOff(a)!.nodes.find((n) => n.id === 'attn')!.params!.gate).toBe('none');
    expect(gateOff(gateOff(a)!)).toBeNull();
    expect(gateOff(chain([['x', 'Input'], ['d', 'Dense'], ['y', 'Output']]))).toBeNull();
  });

  it('offers the graph’s variants that change something, without a duplicate gate-off', () => {
    expect(pairChoices(attnGraph()).map((c) => c.name)).toEqual(['no gate']);
    const g = attnGraph();
    delete g.variants;
    expect(pairChoices(g).map((c) => c.name)).toEqual(['attention gate off']);
  });

  it('folds run B’s ticks into its own curves and log, and drops other runs’ messages', () => {
    const runId = beginPair([{ nodeId: 'attn', param: 'gate', a: 'headwise', b: 'none' }]);
    expect(usePair.getState()).toMatchObject({ status: 'starting', label: 'attn.gate = none' });
    const steps = { step: [1, 2], loss: [3, 2], accuracy: [NaN, NaN], ms: [1, 1] };
    receivePair({ type: 'tick', runId, steps, evals: [{ step: 2, loss: 2.5 }], stats: { step: 2, stats: { '@model': { firstTokenAttention: { kind: 'scalar', value: 0.4 } } } } });
    receivePair({ type: 'tick', runId: runId + 7, steps, evals: [], stats: { step: 9, stats: {} } });
    receivePair({ type: 'state', runId, state: 'running' });
    expect(usePair.getState()).toMatchObject({ status: 'running', step: 2, loss: 2, evalLoss: 2.5 });
    expect(pairSeries.loss.length).toBe(2);
    expect(pairLog.map((e) => e.step)).toEqual([2]);
    receivePair({ type: 'failed', runId, reason: 'nan', message: 'NaN', errors: [] });
    expect(usePair.getState()).toMatchObject({ status: 'failed', failure: 'NaN' });
  });
});

describe('pair mark on the canvas', () => {
  it('names what run B changes in a node while a pair is on', async () => {
    const { pairMarkOf } = await import('../../../components/canvas/PairMark');
    clearPair();
    expect(pairMarkOf('attn')(usePair.getState())).toBe('');
    beginPair([{ nodeId: 'attn', param: 'gate', a: 'headwise', b: 'none' }]);
    expect(pairMarkOf('attn')(usePair.getState())).toBe('gate → none');
    expect(pairMarkOf('emb')(usePair.getState())).toBe('');
  });
});
