/**
 * For teachers: `gatelab lessons` lists the course; `gatelab grade LESSON FILE...`
 * checks students' files against the lesson's final checks, training where a
 * check needs a run (seeded by the graph, so a grade is reproducible). A broken
 * or hostile file is a failed row with its located errors, never a crash.
 */
import { readFileSync, statSync } from 'node:fs';
import { formatError, getLesson, gradeGraph, LESSONS, MAX_MODEL_BYTES, readGradable, type GradedCheck, type Lesson } from '../../../engine';
import { EXIT, usage } from '../io';
import { startBackend } from '../backend';

export function lessonsCommand(json: boolean): number {
  const rows = LESSONS.map((l) => ({ id: l.id, title: l.title, steps: l.steps.length }));
  if (json) { console.log(JSON.stringify({ lessons: rows })); return EXIT.ok; }
  const w = Math.max(...rows.map((r) => r.id.length));
  for (const [i, l] of LESSONS.entries()) {
    console.log(`${String(i + 1).padStart(2)}. ${l.id.padEnd(w)}  ${l.title} (${l.steps.length} steps, ${l.minutes} min)`);
  }
  return EXIT.ok;
}

interface Row { file: string; passed: boolean; checks: GradedCheck[] }

/** One file's row: its errors as failed checks when it cannot be read or parsed. */
async function gradeFile(lesson: Lesson, file: string): Promise<Row> {
  const failed = (id: string, messages: string[]): Row => ({ file, passed: false, checks: messages.map((message, i) => ({ id: messages.length > 1 ? `${id}.${i + 1}` : id, passed: false, message })) });
  let text: string;
  try {
    if (statSync(file).size > MAX_MODEL_BYTES) return failed('file', [`larger than ${MAX_MODEL_BYTES / 1048576} MB`]);
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return failed('file', [`cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`]);
  }
  const r = readGradable(text);
  if (!r.ok) return failed('file', r.errors.slice(0, 20).map(formatError));
  if (r.value.lesson !== undefined && r.value.lesson !== lesson.id) return failed('lesson', [`this submission is for the lesson "${r.value.lesson}", not "${lesson.id}"`]);
  try {
    const checks = await gradeGraph(lesson, r.value.graph, { opened: r.value.opened });
    return { file, passed: checks.every((c) => c.passed), checks };
  } catch (e) {
    return failed('grade', [`could not be graded: ${(e as Error).message.split('\n')[0]}`]);
  }
}

export async function gradeCommand(args: string[], json: boolean): Promise<number> {
  const [id, ...files] = args;
  if (!id) usage('give a lesson id and one or more files: gatelab grade LESSON FILE...');
  const lesson = getLesson(id);
  if (!lesson) usage(`no lesson "${id}"; lessons: ${LESSONS.map((l) => l.id).join(', ')}`);
  if (!files.length) usage('give one or more files to grade: submissions, graph or model files');
  await startBackend('wasm'); // one backend for every file: the same grade on any machine
  const results: Row[] = [];
  for (const file of files) {
    const row = await gradeFile(lesson, file);
    results.push(row);
    if (!json) printRow(row);
  }
  const passed = results.filter((r) => r.passed).length;
  if (json) console.log(JSON.stringify({ lesson: lesson.id, results }));
  else console.log(`${passed} of ${results.length} passed`);
  return passed === results.length ? EXIT.ok : EXIT.invalid;
}

function printRow(row: Row): void {
  console.log(`${row.passed ? 'PASS' : 'FAIL'}  ${row.file}`);
  for (const c of row.checks) if (!c.passed) console.log(`      ${c.id}: ${c.message}`);
}
