/**
 * Lessons in the editor: the panel beside the canvas while a lesson is open,
 * its classroom style sheet and highlights, a lesson named in the URL opened
 * on load, and the views the student opens recorded for interface checks.
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useLesson } from '../../src/store/lessonStore';
import { openLessonFromUrl, watchViews } from '../../src/store/lessonActions';
import { LessonPanel } from './LessonPanel';
import { classroomCss, Highlights } from './Classroom';
import './lessons.css';

export function Lessons() {
  const { open, classroom, targets } = useLesson(useShallow((s) => ({ open: s.lesson !== null, classroom: s.classroom, targets: s.lesson?.steps[s.step]?.highlight })));
  useEffect(() => {
    const stop = watchViews();
    openLessonFromUrl(window.location.search);
    return stop;
  }, []);
  useEffect(() => {
    document.body.toggleAttribute('data-lesson', open);
    return () => document.body.removeAttribute('data-lesson');
  }, [open]);
  if (!open) return null;
  return (
    <>
      <style data-testid="lesson-classroom">{classroomCss(classroom)}</style>
      <LessonPanel />
      <Highlights targets={targets ?? NONE} />
    </>
  );
}

const NONE: readonly string[] = [];
