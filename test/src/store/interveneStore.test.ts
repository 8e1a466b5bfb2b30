import { beforeEach, describe, expect, it } from 'vitest';
import { INTERVENTIONS, clearInterventions, receiveIntervention, requestIntervention, setIntervention, useIntervene } from '../../../src/store/interveneStore';
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

  it('lists overrides only for node types that read them', () => {
    expect(Object.keys(INTERVENTIONS).sort()).toEqual(['EarlyExitStack', 'GatedAttention', 'ResidualBranchGate', 'ZeroGatedInjection']);
  });
});
