/**
 * Untrusted text → a lesson, or located errors: the graph file's guards (size,
 * depth, `__proto__`, unknown fields), then what the schema cannot see: unique
 * step ids, a starting graph that exists, Show me edits that can be made.
 */
import { graphError, type GraphError } from '../errors';
import { parseJsonText, zodErrors, type Parsed } from '../graph/parse';
import { LESSON_FORMAT, LESSON_VERSION, lessonSchema, type Lesson } from './format';
import { applyShowGraph, resolveSource } from './edit';
import { runsRead } from './checks';

export const MAX_LESSON_BYTES = 1024 * 1024;

export function parseLessonValue(value: unknown): Parsed<Lesson> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, errors: [graphError('BAD_FORMAT', `expected a JSON object with "format": "${LESSON_FORMAT}"`)] };
  }
  const v = value as Record<string, unknown>;
  if (v.format !== LESSON_FORMAT) {
    return { ok: false, errors: [graphError('BAD_FORMAT', `"format" must be "${LESSON_FORMAT}"; got ${JSON.stringify(v.format ?? null).slice(0, 60)}`, { path: 'format' })] };
  }
  if (v.version !== LESSON_VERSION) {
    return { ok: false, errors: [graphError('BAD_VERSION', `lesson version ${JSON.stringify(v.version ?? null).slice(0, 20)} is not supported; this GateLab reads version ${LESSON_VERSION}`, { path: 'version' })] };
  }
  const r = lessonSchema.safeParse(v);
  if (!r.success) return { ok: false, errors: zodErrors(r.error.issues, v) };
  const errors = lessonProblems(r.data);
  return errors.length ? { ok: false, errors } : { ok: true, value: r.data };
}

export function parseLesson(text: string): Parsed<Lesson> {
  const j = parseJsonText(text, MAX_LESSON_BYTES);
  return j.ok ? parseLessonValue(j.value) : j;
}

/** Replays the lesson's graph edits in order, so a step whose Show me cannot be carried out is found on load. */
function lessonProblems(lesson: Lesson): GraphError[] {
  const errors: GraphError[] = [];
  const seen = new Set<string>();
  const start = resolveSource(lesson.start);
  if (!start.ok) return start.errors.map((e) => ({ ...e, path: 'start' }));
  let graph = start.value;
  for (const [i, step] of lesson.steps.entries()) {
    const at = `steps[${i}]`;
    if (seen.has(step.id)) errors.push(graphError('BAD_LESSON', `two steps have the id "${step.id}"`, { path: `${at}.id` }));
    seen.add(step.id);
    if (step.show) {
      const r = applyShowGraph(graph, step.show);
      if (!r.ok) errors.push(...r.errors.map((e) => ({ ...e, path: `${at}.show${e.path ? `.${e.path}` : ''}` })));
      else graph = r.value;
    }
    const names = new Set((graph.variants ?? []).map((x) => x.name));
    const checks = [...step.checks, ...(step.predict?.choices.flatMap((c) => (c.when ? [c.when] : [])) ?? [])];
    for (const name of [...checks.flatMap(runsRead), ...(step.show?.trainVariants ?? [])]) {
      if (!names.has(name)) errors.push(graphError('BAD_LESSON', `the graph at this step has no variant "${name}"`, { path: at }));
    }
  }
  return errors;
}
