/** Lesson progress in storage, the student's graph kept aside, and which variant run B trains. */
import { describe, it, expect } from 'vitest';
import { getPreset } from '../../../engine';
import { keepWork, loadProgress, PROGRESS_KEY, SAVED_WORK_KEY, takeWork } from '../../../src/store/lessonStore';
import { variantOfChanges } from '../../../components/lessons/useCheckContext';
import { classroomCss } from '../../../components/lessons/Classroom';

function memory() {
  const m = new Map<string, string>();
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k), m };
}

describe('lesson progress', () => {
  it('reads what was saved and shrugs off damaged entries', () => {
    const s = memory();
    s.setItem(PROGRESS_KEY('a'), JSON.stringify({ passed: ['one', 7], step: 2, predictions: { one: { choice: 'x' } }, opened: ['sink-lab'] }));
    expect(loadProgress('a', s)).toEqual({ passed: ['one'], step: 2, predictions: { one: { choice: 'x' } }, opened: ['sink-lab'] });
    s.setItem(PROGRESS_KEY('b'), '{not json');
    expect(loadProgress('b', s)).toEqual({ passed: [], step: 0, predictions: {}, opened: [] });
    s.setItem(PROGRESS_KEY('c'), JSON.stringify({ step: -4 }));
    expect(loadProgress('c', s).step).toBe(0);
  });

  it("keeps the student's own graph once, and gives it back once", () => {
    const s = memory();
    const mine = getPreset('spiral-mlp')!.graph, lessonGraph = getPreset('topk-moe')!.graph;
    keepWork(mine, s);
    keepWork(lessonGraph, s); // a reload inside the lesson must not replace the kept graph
    expect(takeWork(s)?.name).toBe(mine.name);
    expect(s.m.has(SAVED_WORK_KEY)).toBe(false);
    expect(takeWork(s)).toBeNull();
  });
});

describe('run B as a variant', () => {
  const g = getPreset('gated-attention')!.graph;
  it('names the variant whose settings run B changes', () => {
    expect(variantOfChanges(g, [{ nodeId: 'attn', param: 'gate', a: 'elementwise', b: 'none' }])).toBe('no gate');
    expect(variantOfChanges(g, [{ nodeId: 'attn', param: 'gate', a: 'elementwise', b: 'none' }, { nodeId: 'attn', param: 'causal', a: 'causal-no-self', b: 'causal' }])).toBe('no gate, causal mask');
    expect(variantOfChanges(g, [{ nodeId: 'attn', param: 'heads', a: 4, b: 2 }])).toBeUndefined();
    expect(variantOfChanges(g, [])).toBeUndefined();
  });
});

describe('classroom options', () => {
  it('hide and lock parts, and keep only the listed palette items (names that are not node types are dropped)', () => {
    const css = classroomCss({ hide: ['optimizer'], lock: ['dataset'], palette: ['Dense', 'Multiply', 'x"]{}body{display:none'] });
    expect(css).toContain('.gl-settings { display: none !important; }');
    expect(css).toContain('.gl-dataset { pointer-events: none;');
    expect(css).toContain('.gl-palette-item:not([data-type="Dense"]):not([data-type="Multiply"]) { display: none; }');
    expect(css).toContain('section:not(:has([data-type="Dense"], [data-type="Multiply"])) { display: none; }');
    expect(css).not.toContain('body{');
  });
});
