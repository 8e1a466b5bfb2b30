/**
 * The glossary: every figure a node, the whole model, a run or a dataset can
 * report has a label and an explanation, and the lookups compose a node's
 * declaration with its kind's fields.
 */
import { describe, expect, it } from 'vitest';
import { DATASETS, auxKey, describeStat, describeStatPart, modelKey, registry, summaryParts, type StatSummary } from '../../../engine';
import { keysOf } from '../../../engine/stats/kinds';

const sentence = (s: string | undefined) => typeof s === 'string' && s.length > 10 && /[.!?)]$/.test(s.trim());

describe('describeStat', () => {
  it('every key every node type can report has a label and an explanation', () => {
    const missing: string[] = [];
    for (const def of registry.list()) {
      for (const [name, spec] of Object.entries(def.stats ?? {})) {
        for (const key of keysOf(spec.kind, name, spec)) {
          const d = describeStat(key, { nodeType: def.type });
          if (!d || !d.label || !sentence(d.explanation)) missing.push(`${def.type}.${key}`);
        }
      }
      for (const key of ['maxActivation', 'meanAbsActivation']) if (!describeStat(key, { nodeType: def.type })) missing.push(`${def.type}.${key}`);
      for (const name of Object.keys(def.auxLosses ?? {})) if (!describeStat(auxKey(name), { nodeType: def.type })) missing.push(`${def.type}.aux.${name}`);
    }
    expect(missing).toEqual([]);
  });

  it('explains in words: no explanation of a node’s figure names a raw key of that node', () => {
    const raw: string[] = [];
    for (const def of registry.list()) {
      const stats = Object.entries(def.stats ?? {});
      const keys = stats.flatMap(([name, spec]) => keysOf(spec.kind, name, spec)).filter((k) => /[A-Z]/.test(k));
      for (const key of stats.flatMap(([name, spec]) => keysOf(spec.kind, name, spec))) {
        const text = describeStat(key, { nodeType: def.type })!.explanation;
        for (const k of keys) if (new RegExp(`\\b${k}\\b`).test(text)) raw.push(`${def.type}.${key}: ${k}`);
      }
    }
    expect(raw).toEqual([]);
  });

  it('composes the node’s label with the kind’s field, and keeps the declared range', () => {
    expect(describeStat('gateNear0', { nodeType: 'Multiply' })?.label).toBe('Gate input: near 0');
    expect(describeStat('gateMean', { nodeType: 'ZeroGatedInjection' })?.range).toEqual([-1, 1]);
    expect(describeStat('alphaPerLayer', { nodeType: 'ResidualStack' })?.label).toBe('Residual weights α per layer');
    expect(describeStat('skipRate', { nodeType: 'ResidualBranchGate' })).toEqual({
      label: 'Skipped tokens',
      explanation: registry.get('ResidualBranchGate')!.stats!.skip!.doc,
      range: [0, 1],
    });
    expect(describeStat('expertLoad')?.label).toBe('Expert load');
  });

  it('the whole model’s figures, the run’s and the datasets’', () => {
    for (const k of ['flopsPerExample', 'denseFlopsPerExample', 'params', 'firstTokenAttention']) expect(sentence(describeStat(modelKey(k))?.explanation)).toBe(true);
    expect(describeStat(auxKey('balance'), { nodeType: 'MoEPlusPlus' })?.explanation).toBe(registry.get('MoEPlusPlus')!.auxLosses!.balance);
    for (const k of ['loss', 'accuracy', 'evalLoss', 'evalAccuracy', 'lossEma', 'trainLoss']) expect(sentence(describeStat(k)?.explanation)).toBe(true);
    expect(describeStat('harmonicMean')?.label).toBe('Harmonic mean');
    expect(describeStat('task3Accuracy', { dataset: 'task-stream' })?.label).toBe('Task accuracy 3');
    expect(describeStat('forgetting')?.range).toEqual([0, 1]);
    expect(describeStat('no such figure')).toBeUndefined();
    expect(describeStat('@model.nothing')).toBeUndefined();
  });

  it('every dataset that reports held-out figures explains them', () => {
    const bad = DATASETS.filter((d) => d.metrics && !d.metricDocs).map((d) => d.name);
    expect(bad).toEqual([]);
    for (const d of DATASETS) for (const m of Object.values(d.metricDocs ?? {})) expect(sentence(m.doc)).toBe(true);
  });
});

describe('describeStatPart', () => {
  it('describes a part of a summary by its kind and field as the flat key does, for every part a summary holds', () => {
    const gate: StatSummary = { kind: 'gate', range: [0, 1], mean: 0.5, near0: 0, near1: 0, histogram: [1], map: [[1]], perPosition: [1], perItem: { item: 'Layer', values: [1] } };
    const ctx = { nodeType: 'Multiply' };
    const parts = summaryParts('gate', gate);
    expect(parts.map((p) => p.part.part)).toEqual(['mean', 'histogram', 'near0', 'near1', 'perPosition', 'map', 'perItem']);
    for (const { part, key } of parts.filter((p) => p.part.part !== 'perItem')) {
      expect(describeStatPart({ ...part, name: 'gate' }, ctx)).toEqual({ key, ...describeStat(key, ctx)! });
    }
    expect(describeStatPart({ kind: 'gate', part: 'near0', name: 'gate' }, ctx)?.label).toBe('Gate input: near 0');
  });

  it('a declared item names the per-item part; routing, attention and activation parts need no name', () => {
    expect(describeStatPart({ kind: 'scalar', part: 'perItem', name: 'alpha' }, { nodeType: 'ResidualStack' })).toMatchObject({ key: 'alphaPerLayer', label: 'Residual weights α per layer' });
    expect(describeStatPart({ kind: 'routing', part: 'load' })).toMatchObject({ key: 'expertLoad', label: 'Expert load' });
    expect(describeStatPart({ kind: 'attention', part: 'baseline' })?.label).toBe('Uniform share');
    expect(describeStatPart({ kind: 'activation', part: 'max' }, { nodeType: 'Dense' })?.key).toBe('maxActivation');
    expect(describeStatPart({ kind: 'gate', part: 'mean', name: 'noSuchStat' }, { nodeType: 'Multiply' })).toBeUndefined();
  });
});
