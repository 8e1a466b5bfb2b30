/** Lesson files are checked as strictly as graph files, with located errors. */
import { describe, it, expect } from 'vitest';
import { applyEdits, getPreset, parseLesson, MAX_LESSON_BYTES } from '../../../engine';

const lesson = (over: Record<string, unknown> = {}) => ({
  format: 'gatelab/lesson', version: 1, id: 'tiny', title: 'Tiny', summary: 'One step.', minutes: 5, prerequisites: [],
  start: { preset: 'spiral-mlp', steps: 50 },
  steps: [{ id: 'look', title: 'Look', text: 'Look at **the graph**.', checks: [{ kind: 'valid', message: 'fix it' }] }],
  takeaway: { paperClaims: 'a', toyShowed: 'b', toyDidNotShow: 'c' },
  ...over,
});
const text = (v: unknown) => JSON.stringify(v);

describe('parseLesson', () => {
  it('reads a well-formed lesson', () => {
    const r = parseLesson(text(lesson()));
    expect(r.ok && r.value.steps[0]!.id).toBe('look');
  });

  it('refuses other formats and versions, naming the field', () => {
    expect(parseLesson(text(lesson({ format: 'gatelab/graph' })))).toMatchObject({ ok: false, errors: [{ code: 'BAD_FORMAT', path: 'format' }] });
    expect(parseLesson(text(lesson({ version: 2 })))).toMatchObject({ ok: false, errors: [{ code: 'BAD_VERSION', path: 'version' }] });
  });

  it('refuses hostile text: too large, too deep, __proto__, not JSON', () => {
    expect(parseLesson(' '.repeat(MAX_LESSON_BYTES + 1))).toMatchObject({ ok: false, errors: [{ code: 'TOO_LARGE' }] });
    expect(parseLesson('['.repeat(100) + ']'.repeat(100))).toMatchObject({ ok: false, errors: [{ code: 'TOO_DEEP' }] });
    expect(parseLesson('{"__proto__": {"x": 1}, "format": "gatelab/lesson"}')).toMatchObject({ ok: false, errors: [{ code: 'SCHEMA' }] });
    expect(parseLesson('{"format": ')).toMatchObject({ ok: false, errors: [{ code: 'NOT_JSON' }] });
  });

  it('locates unknown fields and wrong types', () => {
    const bad = lesson();
    (bad.steps as Record<string, unknown>[])[0]!.sparkle = true;
    const r = parseLesson(text(bad));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]).toMatchObject({ code: 'SCHEMA', path: 'steps[0]' });
    if (!r.ok) expect(r.errors[0]!.message).toContain('unknown field "sparkle"');
    const r2 = parseLesson(text(lesson({ minutes: 'ten' })));
    expect(!r2.ok && r2.errors[0]!.path).toBe('minutes');
  });

  it('refuses a lesson naming a preset, variant or node that does not exist, or two steps with one id', () => {
    expect(parseLesson(text(lesson({ start: { preset: 'nope' } })))).toMatchObject({ ok: false, errors: [{ code: 'BAD_LESSON', path: 'start' }] });
    const step = { id: 'edit', title: 'Edit', text: 'x', show: { edits: [{ op: 'setParam', node: 'ghost', param: 'units', value: 3 }] }, checks: [{ kind: 'valid', message: 'x' }] };
    expect(parseLesson(text(lesson({ steps: [step] })))).toMatchObject({ ok: false, errors: [{ code: 'BAD_LESSON', path: 'steps[0].show.edits[0]' }] });
    const cmp = { id: 'cmp', title: 'Compare', text: 'x', checks: [{ kind: 'compare', measure: { metric: 'loss' }, against: 'no such', op: '<', message: 'x' }] };
    expect(parseLesson(text(lesson({ steps: [cmp] })))).toMatchObject({ ok: false, errors: [{ code: 'BAD_LESSON', path: 'steps[0]' }] });
    const twice = lesson();
    twice.steps = [twice.steps[0]!, twice.steps[0]!];
    expect(parseLesson(text(twice))).toMatchObject({ ok: false, errors: [{ code: 'BAD_LESSON', path: 'steps[1].id' }] });
  });

  it('refuses predictions with one choice or five', () => {
    const choice = (id: string) => ({ id, text: id });
    const step = (n: number) => ({ id: 's', title: 'S', text: 'x', predict: { question: 'q', choices: ['a', 'b', 'c', 'd', 'e'].slice(0, n).map(choice), explanation: 'e' }, checks: [{ kind: 'valid', message: 'x' }] });
    expect(parseLesson(text(lesson({ steps: [step(1)] }))).ok).toBe(false);
    expect(parseLesson(text(lesson({ steps: [step(5)] }))).ok).toBe(false);
    expect(parseLesson(text(lesson({ steps: [step(4)] }))).ok).toBe(true);
  });
});

describe('applyEdits', () => {
  const g = getPreset('spiral-mlp')!.graph;
  it('adds, connects (replacing what fed the port), sets params and removes', () => {
    const r = applyEdits(g, [
      { op: 'addNode', id: 'extra', type: 'Activation', params: { fn: 'relu' } },
      { op: 'connect', from: { node: 'h2', port: 'out' }, to: { node: 'extra', port: 'in' } },
      { op: 'connect', from: { node: 'extra', port: 'out' }, to: { node: 'logits', port: 'in' } },
      { op: 'setParam', node: 'h1', param: 'units', value: 32 },
    ]);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.edges.filter((e) => e.target === 'logits')).toEqual([expect.objectContaining({ source: 'extra', targetHandle: 'in' })]);
    expect(r.value.nodes.find((n) => n.id === 'h1')!.params!.units).toBe(32);
    const removed = applyEdits(r.value, [{ op: 'removeNode', id: 'extra' }]);
    expect(removed.ok && removed.value.edges.some((e) => e.source === 'extra' || e.target === 'extra')).toBe(false);
  });
  it('setSteps scales training phases to fit, in proportion', () => {
    const phased = getPreset('zero-init-injection')!.graph; // 300 + 300
    const r = applyEdits(phased, [{ op: 'setSteps', steps: 301 }]);
    expect(r.ok && r.value.training.phases!.map((p) => p.steps)).toEqual([151, 150]);
    expect(r.ok && r.value.training.steps).toBe(301);
    const plain = applyEdits(g, [{ op: 'setSteps', steps: 40 }]);
    expect(plain.ok && [plain.value.training.steps, plain.value.training.phases]).toEqual([40, undefined]);
  });
  it('reports the first edit that cannot be made, with its index', () => {
    expect(applyEdits(g, [{ op: 'setSteps', steps: 5 }, { op: 'addNode', id: 'h1', type: 'Dense' }])).toMatchObject({ ok: false, errors: [{ code: 'BAD_LESSON', path: 'edits[1]', nodeId: 'h1' }] });
  });
});
