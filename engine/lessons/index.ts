/** Lessons: the format, the checks, and evaluating and solving them headlessly. */
export * from './format';
export * from './checks';
export { evaluateCheck, evaluateChecks, measureRun, reduceStat, selectNodes, type CheckContext, type CheckResult, type RunRecord } from './evaluate';
export { applyEdits, applyShowGraph, resolveSource } from './edit';
export { parseLesson, parseLessonValue, MAX_LESSON_BYTES } from './parse';
export { finalChecks, gradeGraph, observedChoice, runRecord, runsWanted, solveLesson, trainHeadless, trainRuns, GRADE_MAX_STEPS, type GradedCheck, type RunsWanted, type StepOutcome, type Trainer } from './solve';
export { LESSONS, getLesson } from './catalog';
export { makeSubmission, readGradable, submissionSchema, SUBMISSION_FORMAT, SUBMISSION_VERSION, type Gradable, type LessonProgress, type Submission } from './submission';
