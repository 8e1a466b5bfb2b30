/**
 * Intervene: clamp a gate, force a skip or switch off an expert at evaluation time, on the run's
 * current weights, and see the held-out loss and accuracy move at once
 * (nothing is trained with the overrides). The worker answers each request;
 * a slider being dragged sends one request at a time.
 */
import { memo } from 'react';
import { useRun } from '../../src/store/runStore';
import { interventionTargets, requestIntervention, setIntervention, useIntervene } from '../../src/store/interveneStore';
import { mainFigure } from '../../src/store/statsStore';
import { useValidation } from '../../src/store/validation';
import { getBridge } from '../../src/worker/bridge';
import { StatLabel } from './StatLabel';

const send = () => requestIntervention((active) => getBridge().intervene(active));
const f3 = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(3));
const pct = (v: number | undefined) => (v === undefined ? '–' : `${(100 * v).toFixed(1)}%`);

export const InterveneView = memo(function InterveneView() {
  // The graph as it runs: a gate inside a block instance is clamped from outside, as `glu1/s`.
  const typed = useValidation((s) => s.flat.nodes);
  const watched = useValidation((s) => s.flatWatched);
  const targets = interventionTargets(typed, watched);
  const active = useIntervene((s) => s.active);
  const result = useIntervene((s) => s.result);
  const pending = useIntervene((s) => s.pending);
  const status = useRun((s) => s.status);
  const latest = useRun((s) => s.stats?.stats);
  const trained = status !== 'idle' && status !== 'starting';
  if (!targets.length) {
    return <p className="gl-muted" data-testid="intervene-none">No node in this graph takes an evaluation-time override. Gated attention, zero-gated injection, residual branch gates, early exits, expert routers and any output watched as a gate (in the inspector) do: try the “Gated attention”, “GateSkip” or a mixture-of-experts preset.</p>;
  }
  const change = (key: string, value: number | undefined) => { setIntervention(key, value); if (trained) send(); };
  return (
    <div data-testid="intervene">
      <p className="gl-tm-lead">Override a gate or a router at evaluation time, on the weights the run has now, and see what it does to the held-out figures. Training is not affected.</p>
      {targets.map(({ key, nodeId, spec }) => {
        const on = active[key] !== undefined;
        const v = active[key] ?? spec.initial;
        return (
          <div key={key} className="gl-tm-intervene" title={spec.doc}>
            <label><input type="checkbox" checked={on} onChange={(e) => change(key, e.target.checked ? v : undefined)} data-testid={`intervene-on-${key}`} /> <code>{nodeId}</code> {spec.label}</label>
            <input type="range" min={spec.min} max={spec.max} step={spec.step} value={v} disabled={!on} onChange={(e) => change(key, Number(e.target.value))} data-testid={`intervene-value-${key}`} />
            <code>{Number.isInteger(spec.step) ? v : v.toFixed(2)}</code>
          </div>
        );
      })}
      <div className="gl-tm-actions">
        <button onClick={send} disabled={!trained} data-testid="intervene-run" title={trained ? 'Evaluate now with the overrides that are on' : 'Train or Step first'}>Evaluate now</button>
        {pending && <span className="gl-muted">evaluating…</span>}
        {!trained && <span className="gl-muted">Train (or Step) first: interventions use the run’s weights.</span>}
      </div>
      {result?.error && <p className="gl-tm-warn">{result.error}</p>}
      {result?.base && result.with && (
        <>
          <table className="gl-tm-table" data-testid="intervene-result" data-base-loss={result.base.loss} data-with-loss={result.with.loss}>
            <thead><tr><th>weights of step {result.step}</th><th>as trained</th><th>with {Object.keys(result.interventions).map((k) => `${k} = ${result.interventions[k]}`).join(', ') || 'no override'}</th></tr></thead>
            <tbody>
              <tr><td><StatLabel statKey="loss" /></td><td>{f3(result.base.loss)}</td><td><b>{f3(result.with.loss)}</b> ({result.with.loss >= result.base.loss ? '+' : ''}{f3(result.with.loss - result.base.loss)})</td></tr>
              {result.base.accuracy !== undefined && <tr><td><StatLabel statKey="accuracy" /></td><td>{pct(result.base.accuracy)}</td><td><b>{pct(result.with.accuracy)}</b></td></tr>}
            </tbody>
          </table>
          <h4>Main figures with the overrides (probe batch)</h4>
          <table className="gl-tm-table">
            <tbody>
              {Object.entries(result.stats ?? {}).flatMap(([id, s]) => {
                const f = id.startsWith('@') ? undefined : mainFigure(s);
                if (!f) return [];
                const before = latest?.[id] ? mainFigure(latest[id]!) : undefined;
                const type = typed.find((n) => n.id === id)?.type;
                return [<tr key={id}><td><code>{id}</code> <StatLabel part={{ ...f.part, name: f.stat }} context={type ? { nodeType: type } : {}} /></td><td>{f3(before?.value)}</td><td><b>{f3(f.value)}</b></td></tr>];
              })}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
});
