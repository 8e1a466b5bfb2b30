import { beforeEach, describe, expect, it } from 'vitest';
import { clearInterventions, interventionTargets, receiveIntervention, requestIntervention, setIntervention, useIntervene } from '../../../src/store/interveneStore';
import { beginRun, receive } from '../../../src/store/runStore';

describe('interveneStore', () => {
  beforeEach(() => clearInterventions());

  it('turns overrides on and off by key', () => {
    setIntervention('attn.gate', 0);
    setIntervention('skip.skipRatio', 0.5);
    setIntervention('skip.skipRatio', undefined);
    expect(useIntervene.getState().active).toEqual({ 'attn.gate': 0 });
  });

  it('sends one request at a time; the newest waiting one goes when the answer comes', () => {
    const sent: Record<string, number>[] = [];
    const send = (a: Record<string, number>) => sent.push(a);
    setIntervention('attn.gate', 0.1);
    requestIntervention(send);
    setIntervention('attn.gate', 0.2);
    requestIntervention(send);
    setIntervention('attn.gate', 0.3);
    requestIntervention(send);
    expect(sent).toEqual([{ 'attn.gate': 0.1 }]);
    receiveIntervention({ interventions: { 'attn.gate': 0.1 }, step: 5, base: { loss: 1 }, with: { loss: 2 } });
    expect(sent).toEqual([{ 'attn.gate': 0.1 }, { 'attn.gate': 0.3 }]);
    expect(useIntervene.getState()).toMatchObject({ pending: true, result: { step: 5 } });
  });

  it('runStore hands the worker’s answer over; a new run forgets it', () => {
    const runId = beginRun(0);
    receive({ type: 'intervened', runId, result: { interventions: {}, step: 3, error: 'none yet' } });
    expect(useIntervene.getState().result).toMatchObject({ step: 3, error: 'none yet' });
    beginRun(0);
    expect(useIntervene.getState().result).toBeNull();
  });

  it('lists the overrides the graph’s node types declare in the registry, keyed nodeId.name', () => {
    const nodes = [
      { id: 'x', type: 'Input' }, { id: 'attn', type: 'GatedAttention' }, { id: 'router', type: 'TopKSoftmaxRouter' },
      { id: 'experts', type: 'FFNExperts' }, { id: 'moe', type: 'MoEPlusPlus' }, { id: 'gates', type: 'PostHocRouter' }, { id: 'odd', type: 'NoSuchType' },
    ];
    const t = interventionTargets(nodes);
    expect(t.map((i) => i.key)).toEqual(['attn.gate', 'router.offExpert', 'moe.offExpert', 'gates.offExpert']);
    expect(t[1]).toMatchObject({ nodeId: 'router', spec: { label: 'switch off expert', min: 0, step: 1, max: 15 } });
    // a watched gate adds its clamp to what its type declares
    expect(interventionTargets(nodes, new Set(['x', 'attn'])).map((i) => i.key)).toEqual(['x.watched', 'attn.gate', 'attn.watched', 'router.offExpert', 'moe.offExpert', 'gates.offExpert']);
  });
});
