/**
 * The course is solvable: each lesson file loads, and following its own Show me
 * actions (training where a check needs a run, seeded) passes every step.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LESSONS, parseLesson, solveLesson } from '../../../engine';
import { useBackend } from '../../helpers/backend';

const COURSE = ['first-network', 'what-is-a-gate', 'residual-gates', 'attention-sink', 'zero-init-injection',
  'routing-and-balance', 'free-experts', 'skipping-tokens', 'early-exits', 'gates-against-forgetting'];

/** What each prediction step should observe: the effect the lesson teaches. */
const OBSERVED: Record<string, Record<string, string>> = {
  'first-network': { widen: 'higher' },
  'what-is-a-gate': { 'train-and-read': 'between' },
  'residual-gates': { rezero: 'lower' },
  'attention-sink': { 'gated-vs-ungated': 'lower' },
  'zero-init-injection': { 'train-both': 'higher' },
  'routing-and-balance': { balance: 'smaller' },
  'free-experts': { compute: 'less' },
  'skipping-tokens': { budget: 'close' },
  'early-exits': { 'learned-exits': 'less' },
  'gates-against-forgetting': { forgetting: 'higher' },
};

beforeAll(() => useBackend('wasm'));

describe('the course', () => {
  it('has the ten lessons in order, one file each in lessons/, with known prerequisites', () => {
    expect(LESSONS.map((l) => l.id)).toEqual(COURSE);
    const files = readdirSync(join(__dirname, '../../../lessons')).filter((f) => f.endsWith('.json')).sort();
    expect(files).toEqual([...COURSE].sort().map((id) => `${id}.json`));
    for (const [i, l] of LESSONS.entries()) {
      const r = parseLesson(readFileSync(join(__dirname, '../../../lessons', `${l.id}.json`), 'utf8'));
      expect(r.ok, l.id).toBe(true);
      expect(l.minutes, l.id).toBeGreaterThanOrEqual(5);
      expect(l.minutes, l.id).toBeLessThanOrEqual(15);
      // prerequisites come earlier in the course
      for (const p of l.prerequisites) expect(COURSE.indexOf(p), `${l.id} needs ${p}`).toBeLessThan(i);
    }
  });

  it('every prediction has 2 to 4 choices and exactly one fallback (a choice without a condition)', () => {
    for (const l of LESSONS) for (const s of l.steps) if (s.predict) {
      expect(s.predict.choices.filter((c) => !c.when), `${l.id}/${s.id}`).toHaveLength(1);
    }
  });

  for (const id of COURSE) {
    it(`${id}: following its Show me actions passes every step`, async () => {
      const lesson = LESSONS.find((l) => l.id === id)!;
      const outcome = await solveLesson(lesson);
      const failed = outcome.filter((o) => !o.passed).map((o) => `${o.step}: ${o.results.filter((r) => !r.passed).map((r) => r.message).join('; ')}`);
      expect(failed).toEqual([]);
      const observed = Object.fromEntries(outcome.filter((o) => o.observed !== undefined).map((o) => [o.step, o.observed]));
      expect(observed).toEqual(OBSERVED[id]);
    }, 300_000);
  }
});
