/**
 * The lesson beside the canvas: one step at a time, its text, progressive hints,
 * Show me, a prediction before a training step and what happened after it, and
 * the step's checks, which turn green by themselves as the student works.
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { describeStat, evaluateChecks, modelKey, needsRun, observedChoice, runsRead, type Check, type CheckContext, type CheckResult, type Graph, type LessonStep } from '../../engine';
import { goToStep, markPassed, predict, recordObserved, resetProgress, showHint, useLesson } from '../../src/store/lessonStore';
import { handIn, leaveLesson, showMe } from '../../src/store/lessonActions';
import { renderInline, renderMarkdown } from './markdown';
import { useCheckContext } from './useCheckContext';

const Md = ({ text, inline }: { text: string; inline?: boolean }) =>
  // markdown-it renders with raw HTML off and unsafe links dropped: the output is safe to insert
  inline ? <span dangerouslySetInnerHTML={{ __html: renderInline(text) }} /> : <div className="gl-md" dangerouslySetInnerHTML={{ __html: renderMarkdown(text) }} />;

/** Every run a set of checks reads has trained at least as long as they ask. */
function runsReady(checks: readonly Check[], ctx: CheckContext): boolean {
  return checks.filter(needsRun).every((c) => {
    const need = 'minSteps' in c ? c.minSteps ?? 1 : 1;
    const own = c.run === undefined ? ctx.run : ctx.variants?.[c.run];
    const others = runsRead(c).map((n) => ctx.variants?.[n]);
    return [own, ...(c.kind === 'compare' ? others : [])].every((r) => r !== undefined && r.steps >= need);
  });
}

/** The figure a run check read, named by the glossary (label, and its explanation on hover or focus). */
function Figure({ check, result, graph }: { check: Check; result: CheckResult; graph: Graph }) {
  if (result.observed === undefined || !needsRun(check)) return null;
  const m = check.kind === 'compare' ? check.measure : check.kind === 'metric' ? { metric: check.metric } : check.kind === 'stat' ? check : { compute: 'vsDense' as const };
  const d = 'metric' in m ? describeStat(m.metric, { dataset: graph.training.dataset.name })
    : 'compute' in m ? describeStat(modelKey('flopsPerExample'))
    : m.node === '@model' ? describeStat(modelKey(m.stat))
    : describeStat(m.stat, { nodeType: m.type ?? graph.nodes.find((n) => n.id === m.node)?.type ?? '' });
  const label = 'compute' in m ? 'Compute spent against dense' : d?.label ?? ('stat' in m ? m.stat : m.metric);
  return <span className="gl-lesson-figure" tabIndex={0} title={d?.explanation}> ({label}: {result.observed.toPrecision(3)})</span>;
}

function Prediction({ step, ctx }: { step: LessonStep; ctx: CheckContext }) {
  const p = step.predict!;
  const mine = useLesson((s) => s.progress.predictions[step.id]);
  const whens = p.choices.flatMap((c) => (c.when ? [c.when] : []));
  const observed = mine && runsReady(whens, ctx) ? observedChoice(p, ctx) : undefined;
  useEffect(() => { if (observed) recordObserved(step.id, observed); }, [observed, step.id]);
  const text = (id: string | undefined) => p.choices.find((c) => c.id === id)?.text ?? '';
  return (
    <section className="gl-lesson-predict" data-testid="lesson-predict">
      <h4>Predict first</h4>
      <Md text={p.question} />
      <div className="gl-lesson-choices" role="radiogroup" aria-label="Your prediction">
        {p.choices.map((c) => (
          <button key={c.id} role="radio" aria-checked={mine?.choice === c.id} className={mine?.choice === c.id ? 'on' : ''}
            disabled={observed !== undefined} onClick={() => predict(step.id, c.id)} data-testid={`lesson-choice-${c.id}`}>
            <Md text={c.text} inline />
          </button>
        ))}
      </div>
      {observed !== undefined && (
        <div className={`gl-lesson-observed ${observed === mine!.choice ? 'right' : 'wrong'}`} data-testid="lesson-observed" data-observed={observed}>
          <p><b>You predicted:</b> {text(mine!.choice)}. <b>What happened:</b> {text(observed)}.</p>
          <Md text={p.explanation} />
        </div>
      )}
    </section>
  );
}

export function LessonPanel() {
  const { lesson, at, hints } = useLesson(useShallow((s) => ({ lesson: s.lesson, at: s.step, hints: s.hints })));
  const progress = useLesson((s) => s.progress);
  const ctx = useCheckContext();
  const step = lesson?.steps[at];
  const { passed, results } = step ? evaluateChecks(step.checks, ctx) : { passed: false, results: [] };
  useEffect(() => { if (passed && step) markPassed(step.id); }, [passed, step]);
  if (!lesson || !step) return null;
  const last = at === lesson.steps.length - 1;
  const mustPredict = step.predict !== undefined && !progress.predictions[step.id];
  return (
    <aside className="gl-lesson" aria-label={`Lesson: ${lesson.title}`} data-testid="lesson-panel">
      <header>
        <div>
          <div className="gl-muted">Lesson · step {at + 1} of {lesson.steps.length}</div>
          <h2>{lesson.title}</h2>
        </div>
        <button className="gl-close" onClick={leaveLesson} aria-label="Leave the lesson" title="Leave the lesson (your own graph comes back)" data-testid="lesson-leave">✕</button>
      </header>
      <ol className="gl-lesson-dots" aria-label="Steps">
        {lesson.steps.map((s, i) => (
          <li key={s.id}><button className={`${i === at ? 'on' : ''} ${progress.passed.includes(s.id) ? 'passed' : ''}`} onClick={() => goToStep(i)}
            aria-label={`Step ${i + 1}: ${s.title}${progress.passed.includes(s.id) ? ' (passed)' : ''}`} aria-current={i === at ? 'step' : undefined} /></li>
        ))}
      </ol>
      <section className={`gl-lesson-step ${passed ? 'passed' : ''}`} data-testid="lesson-step" data-step={step.id} data-passed={passed}>
        <h3>{passed ? '✓ ' : ''}{step.title}</h3>
        <Md text={step.text} />
        {step.predict && <Prediction step={step} ctx={ctx} />}
        <ul className="gl-lesson-checks" aria-label="Checks" data-testid="lesson-checks">
          {results.map((r, i) => (
            <li key={i} className={r.passed ? 'ok' : 'todo'}>{r.passed ? '✓' : '○'} {r.passed ? <span className="gl-muted">{r.message}</span> : r.message}<Figure check={step.checks[i]!} result={r} graph={ctx.graph} /></li>
          ))}
        </ul>
        {step.hints?.slice(0, hints).map((h, i) => <div key={i} className="gl-lesson-hint" data-testid="lesson-hint"><Md text={h} /></div>)}
        <div className="gl-lesson-actions">
          {step.hints && hints < step.hints.length && <button onClick={showHint} data-testid="lesson-hint-more">{hints ? 'Another hint' : 'Hint'}</button>}
          {step.show && <button onClick={() => showMe(step.show!, step.title)} disabled={mustPredict} title={mustPredict ? 'Make your prediction first' : 'Do this step for me (one Undo takes it back)'} data-testid="lesson-show-me">Show me</button>}
        </div>
      </section>
      {last && passed && (
        <section className="gl-lesson-takeaway" data-testid="lesson-takeaway">
          <h3>What this showed</h3>
          <h4>The paper claims</h4><Md text={lesson.takeaway.paperClaims} />
          <h4>The toy showed</h4><Md text={lesson.takeaway.toyShowed} />
          <h4>The toy did not show</h4><Md text={lesson.takeaway.toyDidNotShow} />
        </section>
      )}
      <footer>
        <button onClick={() => goToStep(at - 1)} disabled={at === 0} data-testid="lesson-back">← Back</button>
        {last
          ? <button className="primary" onClick={() => void handIn()} data-testid="lesson-hand-in" title="Download a submission file for your teacher">Hand in</button>
          : <button className={passed ? 'primary' : ''} onClick={() => goToStep(at + 1)} data-testid="lesson-next">Next →</button>}
        <button className="gl-small" onClick={() => resetProgress(lesson.id)} data-testid="lesson-reset" title="Forget this lesson's progress and predictions">Reset progress</button>
      </footer>
    </aside>
  );
}
