/**
 * What the lesson panel does to the editor: open a lesson (keeping the
 * student's own graph aside), leave it (putting that graph back), Show me (one
 * undoable edit, then the views and runs the step names), and Hand in.
 */
import {
  applyShowGraph, applyVariant, getLesson, LESSON_FORMAT, makeSubmission, MAX_LESSON_BYTES, modelSchema, parseJsonText, parseLesson, resolveSource, UI_PARTS,
  type Classroom, type Graph, type Lesson, type ShowAction, type Submission, type UiPart,
} from '../../engine';
import { useGraph } from './graphStore';
import { useUi } from './uiStore';
import { useTelemetry, type TelemetryTab } from './telemetryStore';
import { loadGraph } from './actions';
import { enterLesson, exitLesson, keepWork, markOpened, takeWork, useLesson } from './lessonStore';
import { getBridge } from '../worker/bridge';
import { startPair } from '../worker/pair';
import { currentExportBlocker } from '../persistence/models';

/** Interface views a lesson can open or check, and the telemetry tab each is. */
export const VIEW_TABS: Readonly<Record<string, TelemetryTab>> = {
  'node-telemetry': 'node', 'sink-lab': 'sink', 'router-map': 'router', 'exit-explorer': 'exits', 'ab-runs': 'pair', intervene: 'intervene',
};
const ACTIVE_KEY = 'gatelab.lesson.active.v1';

/** The graph a lesson has at `step`: its start, with the Show me edits of the steps before. */
export function graphAtStep(lesson: Lesson, step: number): Graph | null {
  const start = resolveSource(lesson.start);
  if (!start.ok) return null;
  let g = start.value;
  for (const s of lesson.steps.slice(0, step)) {
    if (!s.show) continue;
    const r = applyShowGraph(g, s.show);
    if (r.ok) g = r.value;
  }
  return g;
}

/**
 * Opens a lesson. The student's graph goes aside (autosave now follows the
 * lesson); after a reload inside the same lesson, the graph on the canvas is
 * the student's lesson work and stays.
 */
export function openLesson(lesson: Lesson, step?: number, classroom: Classroom = {}): void {
  let resumed = false;
  try { resumed = localStorage.getItem(ACTIVE_KEY) === lesson.id; localStorage.setItem(ACTIVE_KEY, lesson.id); } catch { /* no storage */ }
  if (!resumed) keepWork(useGraph.getState().graph);
  enterLesson(lesson, step, classroom);
  if (!resumed || step !== undefined) {
    const g = graphAtStep(lesson, useLesson.getState().step);
    if (g) loadGraph(g, `Open lesson ${lesson.title}`);
  }
  useUi.getState().open('none');
}

export function leaveLesson(): void {
  try { localStorage.removeItem(ACTIVE_KEY); } catch { /* no storage */ }
  const work = takeWork();
  exitLesson();
  if (work) loadGraph(work, 'Back to your graph');
  const url = new URL(window.location.href);
  for (const k of ['lesson', 'step', 'hide', 'lock', 'palette']) url.searchParams.delete(k);
  window.history.replaceState(null, '', url);
}

/** Performs a step's Show me: graph edits as one undoable change, then the views and runs it names. */
export function showMe(show: ShowAction, title: string): void {
  const before = useGraph.getState().graph;
  const r = applyShowGraph(before, show);
  if (!r.ok) { useUi.getState().say({ kind: 'error', text: `Show me could not be done: ${r.errors[0]!.message}` }); return; }
  if (r.value !== before) useGraph.getState().commit(`Show me: ${title}`, () => r.value);
  if (show.open) openView(show.open);
  const { graph, rev } = useGraph.getState();
  const variant = show.trainVariants?.find((v) => graph.variants?.some((x) => x.name === v));
  if (variant) startPair(graph, rev, applyVariant(graph, variant), variant);
  else if (show.train) getBridge().train(graph, rev);
}

export function openView(view: string): void {
  const tab = VIEW_TABS[view];
  if (tab) useTelemetry.getState().show(tab);
  markOpened(view);
}

/** Records views as the student opens them, for interface checks. */
export function watchViews(): () => void {
  return useTelemetry.subscribe((s) => {
    if (!s.open) return;
    const view = Object.entries(VIEW_TABS).find(([, tab]) => tab === s.tab)?.[0];
    if (view) markOpened(view);
  });
}

/** Downloads the submission: graph, the trained model when its weights belong to the graph, progress and predictions, GateLab version. */
export async function handIn(): Promise<void> {
  const { lesson, progress } = useLesson.getState();
  if (!lesson) return;
  let model: Submission['model'];
  if (!currentExportBlocker()) {
    const r = await getBridge().exportModel(false);
    const m = r.ok ? modelSchema.safeParse(JSON.parse(r.text)) : undefined;
    if (m?.success) model = m.data;
  }
  const sub = makeSubmission(lesson.id, useGraph.getState().graph, progress, model);
  const blob = new Blob([`${JSON.stringify(sub)}\n`], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `${lesson.id}-submission.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  useUi.getState().say({ kind: 'info', text: `Saved ${a.download}${model ? ' with the trained model' : ''}: hand it to your teacher.`, ttl: 6000 });
}

/** Whether a file's text is a lesson (by its "format"), so Open and drop can pass it here. */
export function isLessonText(text: string): boolean {
  if (text.length > MAX_LESSON_BYTES) return false;
  const j = parseJsonText(text, MAX_LESSON_BYTES);
  return j.ok && typeof j.value === 'object' && j.value !== null && (j.value as { format?: unknown }).format === LESSON_FORMAT;
}

/** A teacher's own lesson file: opened when sound, its located errors said when not (what is open stays). */
export function openLessonText(text: string, fileName: string): boolean {
  const r = parseLesson(text);
  if (!r.ok) {
    useUi.getState().say({ kind: 'error', text: `The lesson “${fileName}” was not opened; what is open is unchanged. It has ${r.errors.length} problem${r.errors.length > 1 ? 's' : ''}:`, errors: r.errors });
    return false;
  }
  openLesson(r.value);
  return true;
}

export async function openLessonFile(file: File): Promise<void> {
  openLessonText(await file.text(), file.name);
}

const parts = (v: string | null): UiPart[] => (v ?? '').split(',').filter((p): p is UiPart => (UI_PARTS as readonly string[]).includes(p));

/** `?lesson=ID&step=N&hide=optimizer&lock=dataset&palette=Dense,Multiply`: a classroom link. */
export function openLessonFromUrl(search: string): boolean {
  const q = new URLSearchParams(search);
  const id = q.get('lesson');
  if (!id) return false;
  const lesson = getLesson(id);
  if (!lesson) { useUi.getState().say({ kind: 'error', text: `The link names a lesson “${id.slice(0, 60)}” that this GateLab does not have.` }); return false; }
  const stepText = q.get('step');
  const step = stepText !== null && /^\d{1,3}$/.test(stepText) ? Number(stepText) - 1 : undefined;
  const classroom: Classroom = {};
  if (q.has('hide')) classroom.hide = parts(q.get('hide'));
  if (q.has('lock')) classroom.lock = parts(q.get('lock'));
  if (q.has('palette')) classroom.palette = (q.get('palette') ?? '').split(',').filter((t) => /^[A-Z][A-Za-z0-9]{0,63}$/.test(t));
  openLesson(lesson, step, classroom);
  return true;
}
