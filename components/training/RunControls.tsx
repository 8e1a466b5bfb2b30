/**
 * Train, Pause, Step, Reset; the step and loss read-outs; the backend in use
 * with the reason it was chosen, and the override; and every way a run can
 * end badly, said in words.
 */
import { formatError, type GraphError } from '../../engine';
import { useGraph } from '../../src/store/graphStore';
import { useRun } from '../../src/store/runStore';
import { pause, reset, stepOnce, train } from '../../src/store/runActions';
import { useValidation } from '../../src/store/validation';
import { getBridge } from '../../src/worker/bridge';
import { STUCK_MS } from '../../src/worker/heartbeat';
import { BACKEND_ORDER, type BackendRequest } from '../../src/worker/protocol';

const fmt = (v: number | undefined, digits = 4) => (v === undefined || Number.isNaN(v) ? '—' : Math.abs(v) >= 1000 ? v.toExponential(2) : v.toFixed(digits));
const pct = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '—' : `${(v * 100).toFixed(1)}%`);

/** An automatic choice is measured per graph: a reason told during another run is not this graph's. */
const AUTO_UNTOLD = 'automatic: measured on the graph when it starts training';

function Backend() {
  const backend = useRun((s) => s.backend);
  const request = useRun((s) => s.backendRequest);
  const error = useRun((s) => s.backendError);
  const told = useRun((s) => s.backendRunId === s.runId);
  const reason = backend && (told || backend.requested !== 'auto' ? backend.reason : AUTO_UNTOLD);
  return (
    <div className="gl-backend">
      <div data-testid="backend" data-backend={backend?.name ?? ''} className="gl-backend-now">
        <span className="gl-muted">backend </span>
        <b>{backend ? backend.name : error ? 'none' : 'choosing…'}</b>
        {reason && <span className="gl-backend-why"> — {reason}</span>}
        {error && <span className="gl-error-text"> — {error}</span>}
      </div>
      <select value={request} onChange={(e) => getBridge().setBackend(e.target.value as BackendRequest)} data-testid="backend-select" aria-label="Backend">
        <option value="auto">automatic</option>
        {BACKEND_ORDER.map((b) => <option key={b} value={b}>{b}</option>)}
      </select>
    </div>
  );
}

const ENDED: ReadonlySet<string> = new Set(['done', 'stopped', 'failed']);

function ProblemList({ errors }: { errors: readonly GraphError[] }) {
  return <ul>{errors.slice(0, 6).map((e, i) => <li key={i}>{formatError(e)}</li>)}{errors.length > 6 && <li>… and {errors.length - 6} more (red on the canvas)</li>}</ul>;
}

/** The worker has stopped answering: restarting it keeps the graph and the last run's curves. */
function StuckWorker() {
  const stuck = useRun((s) => s.workerStuck);
  if (!stuck) return null;
  return (
    <div className="gl-run-error" data-testid="worker-stuck" role="alert">
      <b>The training worker has not answered for {STUCK_MS / 1000} seconds.</b>
      <div>It may be stuck in a computation that never ends. Restart it to train again; your graph and the last run’s curves stay. (If it answers after all, this message goes away by itself.)</div>
      <button onClick={() => getBridge().restart(`it had not answered for ${STUCK_MS / 1000} s`)} data-testid="worker-restart">Restart the worker</button>
    </div>
  );
}

function Problems() {
  const failure = useRun((s) => s.failure);
  const refused = useRun((s) => s.refused);
  const notice = useRun((s) => s.notice);
  const stale = useRun((s) => s.graphRev >= 0 && (s.status === 'running' || s.status === 'paused'));
  const runRev = useRun((s) => s.graphRev);
  const rev = useGraph((s) => s.rev);
  return (
    <>
      <StuckWorker />
      {/* A graph's own failures (problems, a loss gone NaN) say nothing about the graph after an edit; a crashed worker or backend still matters. */}
      {failure && (runRev === rev || failure.reason === 'crash' || failure.reason === 'backend') && (
        <div className="gl-run-error" data-testid="run-error" role="alert">
          <b>{failure.reason === 'nan' ? 'Training stopped: the loss is no longer a number.' : failure.reason === 'invalid' ? 'The graph cannot train yet.' : failure.reason === 'backend' ? 'The compute backend failed.' : 'Training crashed.'}</b>
          <div>{failure.message}</div>
          {failure.errors.length > 0 && failure.reason === 'invalid' && <ProblemList errors={failure.errors} />}
        </div>
      )}
      {refused && refused.graphRev === rev && (
        <div className="gl-run-error" data-testid="train-refused" role="alert">
          <b>The graph cannot train yet{runRev >= 0 ? '; the last run’s curves are kept' : ''}:</b>
          <ProblemList errors={refused.errors} />
        </div>
      )}
      {notice && <div className="gl-run-notice" data-testid="run-notice" role="status">{notice}</div>}
      {stale && runRev !== rev && <div className="gl-run-notice" data-testid="run-stale">The graph changed since this run started: Reset, then Train, to run the new one.</div>}
    </>
  );
}

export function RunControls() {
  const status = useRun((s) => s.status);
  const step = useRun((s) => s.step);
  const total = useRun((s) => s.info?.total);
  const steps = useGraph((s) => s.graph.training.steps);
  const loss = useRun((s) => s.loss);
  const acc = useRun((s) => s.accuracy);
  const evalAcc = useRun((s) => s.evalAccuracy);
  const evalLoss = useRun((s) => s.evalLoss);
  const regression = useRun((s) => s.info?.classification === false);
  const fitFigures = useRun((s) => s.info?.fitFigures === true);
  const r2 = useRun((s) => s.evalMetrics?.['r2']);
  const mae = useRun((s) => s.evalMetrics?.['mae']);
  const ms = useRun((s) => s.msPerStep);
  const invalid = useValidation((s) => s.errors.length > 0);
  const sameGraph = useRun((s) => s.graphRev) === useGraph((s) => s.rev);
  const running = status === 'running' || status === 'starting';
  const of = total ?? steps;
  // Resume and Train again only speak of a run of the graph on the canvas.
  const label = !sameGraph ? '▶ Train' : status === 'paused' ? '▶ Resume' : ENDED.has(status) ? '▶ Train again' : '▶ Train';
  return (
    <section className="gl-run">
      <div className="gl-run-buttons">
        <button className="primary" onClick={train} disabled={running} data-testid="train" title={invalid ? 'The graph has problems; Train will list them' : 'Train (Ctrl+Enter)'}>
          {label}
        </button>
        <button onClick={pause} disabled={!running} data-testid="stop" title="Pause: stop after this step">❚❚ Pause</button>
        <button onClick={stepOnce} disabled={running} data-testid="step-once" title="Run one step">Step</button>
        <button onClick={reset} disabled={status === 'idle'} data-testid="reset" title="Forget this run">↺ Reset</button>
      </div>
      <div className="gl-progress" aria-hidden><div style={{ transform: `scaleX(${Math.min(1, step / Math.max(1, of))})` }} /></div>
      <Problems />
      <dl className="gl-readouts">
        <div><dt>status</dt><dd data-testid="run-status" data-status={status}>{status}{!sameGraph && ENDED.has(status) && <span className="gl-muted" data-testid="run-status-earlier"> · earlier graph</span>}</dd></div>
        <div><dt>step</dt><dd data-testid="step" data-value={step}>{step} <span className="gl-muted">/ {of}</span></dd></div>
        <div><dt>loss</dt><dd data-testid="loss" data-value={loss ?? ''}>{fmt(loss)}</dd></div>
        {!regression && <div><dt>accuracy</dt><dd data-testid="accuracy" data-value={acc ?? ''}>{pct(acc)}</dd></div>}
        <div><dt>held-out loss</dt><dd data-testid="eval-loss">{fmt(evalLoss)}</dd></div>
        {fitFigures && (
          <>
            <div><dt title="Held-out R²: 1 is a perfect fit, 0 no better than predicting the mean">held-out R²</dt><dd data-testid="eval-r2" data-value={r2 ?? ''}>{fmt(r2, 3)}</dd></div>
            <div><dt title="Held-out mean absolute error, in the targets' units">held-out MAE</dt><dd data-testid="eval-mae" data-value={mae ?? ''}>{fmt(mae, 3)}</dd></div>
          </>
        )}
        {!regression && <div><dt>held-out acc.</dt><dd data-testid="eval-accuracy" data-value={evalAcc ?? ''}>{pct(evalAcc)}</dd></div>}
        <div><dt>ms / step</dt><dd>{ms === undefined ? '—' : ms.toFixed(1)}</dd></div>
      </dl>
      <Backend />
    </section>
  );
}
