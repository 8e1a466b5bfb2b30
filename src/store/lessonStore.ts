/**
 * The lesson open in the editor: which step, how many hints are shown, the
 * classroom options in force, and the student's progress (steps passed,
 * predictions, views opened), saved per lesson in localStorage. The graph the
 * student had before the lesson is kept apart and put back when it is left.
 */
import { create } from 'zustand';
import { parseGraphValue, type Classroom, type Graph, type Lesson, type LessonProgress } from '../../engine';

export const PROGRESS_KEY = (id: string) => `gatelab.lesson.${id}.v1`;
/** The student's own graph while a lesson is open (autosave then holds the lesson's). */
export const SAVED_WORK_KEY = 'gatelab.lesson.savedWork.v1';

export const emptyProgress = (): LessonProgress => ({ passed: [], step: 0, predictions: {}, opened: [] });

export interface LessonState {
  lesson: Lesson | null;
  step: number;
  hints: number;
  classroom: Classroom;
  progress: LessonProgress;
  /** The variant run B (the pair runner) is training, when a Show me started it. */
  pairVariant: string | null;
}

export const useLesson = create<LessonState>()(() => ({ lesson: null, step: 0, hints: 0, classroom: {}, progress: emptyProgress(), pairVariant: null }));

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
const storage = (): Store | null => {
  try { return typeof localStorage === 'undefined' ? null : localStorage; } catch { return null; }
};

export function loadProgress(id: string, store = storage()): LessonProgress {
  try {
    const raw = store?.getItem(PROGRESS_KEY(id));
    if (!raw) return emptyProgress();
    const p = JSON.parse(raw) as Partial<LessonProgress>;
    return {
      passed: Array.isArray(p.passed) ? p.passed.filter((x): x is string => typeof x === 'string') : [],
      step: typeof p.step === 'number' && Number.isInteger(p.step) && p.step >= 0 ? p.step : 0,
      predictions: p.predictions && typeof p.predictions === 'object' ? p.predictions : {},
      opened: Array.isArray(p.opened) ? p.opened.filter((x): x is string => typeof x === 'string') : [],
    };
  } catch {
    return emptyProgress();
  }
}

function save(progress: LessonProgress): void {
  const id = useLesson.getState().lesson?.id;
  if (!id) return;
  try { storage()?.setItem(PROGRESS_KEY(id), JSON.stringify(progress)); } catch { /* private mode or full: progress lives for this page only */ }
}

function update(fn: (p: LessonProgress) => LessonProgress): void {
  const progress = fn(useLesson.getState().progress);
  useLesson.setState({ progress });
  save(progress);
}

/** Keeps the student's own graph aside, unless a lesson (after a reload) already did. */
export function keepWork(graph: Graph, store = storage()): void {
  try { if (!store?.getItem(SAVED_WORK_KEY)) store?.setItem(SAVED_WORK_KEY, JSON.stringify(graph)); } catch { /* nothing kept: leaving keeps the lesson graph */ }
}

/** The student's own graph kept when the lesson opened, removed from storage. */
export function takeWork(store = storage()): Graph | null {
  try {
    const raw = store?.getItem(SAVED_WORK_KEY);
    store?.removeItem(SAVED_WORK_KEY);
    if (!raw) return null;
    const r = parseGraphValue(JSON.parse(raw));
    return r.ok ? r.value : null;
  } catch {
    return null;
  }
}

export function enterLesson(lesson: Lesson, step: number | undefined, classroom: Classroom): void {
  const progress = loadProgress(lesson.id);
  const at = Math.min(Math.max(step ?? progress.step, 0), lesson.steps.length - 1);
  useLesson.setState({ lesson, step: at, hints: 0, classroom: { ...lesson.classroom, ...classroom }, progress: { ...progress, step: at }, pairVariant: null });
}

export function exitLesson(): void {
  useLesson.setState({ lesson: null, step: 0, hints: 0, classroom: {}, progress: emptyProgress(), pairVariant: null });
}

export function goToStep(step: number): void {
  const { lesson } = useLesson.getState();
  if (!lesson) return;
  const at = Math.min(Math.max(step, 0), lesson.steps.length - 1);
  useLesson.setState({ step: at, hints: 0 });
  update((p) => ({ ...p, step: at }));
}

export function showHint(): void {
  useLesson.setState((s) => ({ hints: s.hints + 1 }));
}

export function markPassed(stepId: string): void {
  if (useLesson.getState().progress.passed.includes(stepId)) return;
  update((p) => ({ ...p, passed: [...p.passed, stepId] }));
}

export function predict(stepId: string, choice: string): void {
  update((p) => ({ ...p, predictions: { ...p.predictions, [stepId]: { choice } } }));
}

export function recordObserved(stepId: string, observed: string): void {
  const prev = useLesson.getState().progress.predictions[stepId];
  if (!prev || prev.observed === observed) return;
  update((p) => ({ ...p, predictions: { ...p.predictions, [stepId]: { ...prev, observed } } }));
}

export function markOpened(view: string): void {
  if (!useLesson.getState().lesson || useLesson.getState().progress.opened.includes(view)) return;
  update((p) => ({ ...p, opened: [...p.opened, view] }));
}

export function resetProgress(id: string): void {
  try { storage()?.removeItem(PROGRESS_KEY(id)); } catch { /* nothing stored */ }
  if (useLesson.getState().lesson?.id === id) useLesson.setState({ progress: emptyProgress(), step: 0, hints: 0 });
}
