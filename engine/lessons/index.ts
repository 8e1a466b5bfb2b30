/** Lessons: the format, the checks, and evaluating and solving them headlessly. */
export * from './format';
export * from './checks';
export { evaluateCheck, evaluateChecks, measureRun, reduceStat, selectNodes, type CheckContext, type CheckResult, type RunRecord } from './evaluate';
export { applyEdits, applyShowGraph, resolveSource } from './edit';
export { parseLesson, parseLessonValue, MAX_LESSON_BYTES } from './parse';
export { observedChoice, runRecord, runsWanted, solveLesson, trainHeadless, trainRuns, type RunsWanted, type StepOutcome, type Trainer } from './solve';
