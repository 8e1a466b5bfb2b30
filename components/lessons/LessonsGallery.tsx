/** The lessons gallery: each lesson's title, summary, minutes, what to know first, and the student's progress. */
import { useRef } from 'react';
import { LESSONS, type Lesson } from '../../engine';
import { loadProgress, resetProgress, useLesson } from '../../src/store/lessonStore';
import { openLesson, openLessonFile } from '../../src/store/lessonActions';
import { Modal } from '../dialogs/Modal';

const titleOf = (id: string) => LESSONS.find((l) => l.id === id)?.title ?? id;

function Card({ lesson, n }: { lesson: Lesson; n: number }) {
  useLesson((s) => s.progress); // re-read stored progress when it changes
  const p = loadProgress(lesson.id);
  const done = lesson.steps.filter((s) => p.passed.includes(s.id)).length;
  return (
    <article className="gl-preset gl-lesson-card" data-testid={`lesson-card-${lesson.id}`}>
      <h3>{n}. {lesson.title}</h3>
      <div className="gl-muted">{lesson.minutes} min · {lesson.steps.length} steps{lesson.prerequisites.length ? ` · first: ${lesson.prerequisites.map(titleOf).join(', ')}` : ''}</div>
      <p>{lesson.summary}</p>
      <div className="gl-lesson-progress" role="progressbar" aria-label="Steps passed" aria-valuemin={0} aria-valuemax={lesson.steps.length} aria-valuenow={done}>
        <i style={{ width: `${(100 * done) / lesson.steps.length}%` }} />
      </div>
      <div className="gl-preset-actions">
        <button className="primary" onClick={() => openLesson(lesson)} data-testid={`lesson-open-${lesson.id}`}>{done ? (done === lesson.steps.length ? 'Open again' : 'Continue') : 'Start'}</button>
        {done > 0 && <button onClick={() => resetProgress(lesson.id)} data-testid={`lesson-reset-${lesson.id}`}>Reset progress</button>}
        <span className="gl-muted">{done} of {lesson.steps.length} steps passed</span>
      </div>
    </article>
  );
}

export function LessonsGallery() {
  const input = useRef<HTMLInputElement>(null);
  return (
    <Modal title="Lessons" testId="lessons" wide>
      <p className="gl-muted">A guided course through gating, from a first network to gates against forgetting. A lesson opens beside the canvas; your own graph comes back when you leave it.</p>
      <p><button onClick={() => input.current?.click()} data-testid="lesson-file-open">Open a lesson file…</button> <span className="gl-muted">(teachers: your own lesson, format gatelab/lesson)</span></p>
      <input ref={input} type="file" accept=".json,application/json" hidden data-testid="lesson-file-input"
        onChange={(e) => { const f = e.target.files?.[0]; e.target.value = ''; if (f) void openLessonFile(f); }} />
      <div className="gl-preset-grid">{LESSONS.map((l, i) => <Card key={l.id} lesson={l} n={i + 1} />)}</div>
    </Modal>
  );
}
