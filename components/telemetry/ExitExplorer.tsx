/**
 * Exit explorer: for a stack with early exits, a confidence threshold θ and
 * what it would do, replayed on the held-out set without retraining: the
 * share of examples leaving at each head, the accuracy, and where θ sits on
 * the accuracy-against-compute curve. The worker measures each example's
 * confidence at every head once (on the run's current weights); the engine
 * replays the rule.
 */
import { memo, useMemo } from 'react';
import { useRun } from '../../src/store/runStore';
import { markExitPending, setThreshold, useExits } from '../../src/store/exitStore';
import { asKind, nodesWith } from '../../src/store/statsStore';
import { getBridge } from '../../src/worker/bridge';
import { exitAtThreshold, exitFrontier } from '../../engine';
import { Bars } from './Bars';
import { MiniLine } from './MiniLine';

export const ExitExplorer = memo(function ExitExplorer() {
  const latest = useRun((s) => s.stats?.stats);
  const status = useRun((s) => s.status);
  const { table, step, error, pending, threshold } = useExits();
  const nodes = nodesWith(latest, 'exitShare').filter((id) => asKind('scalar')(latest![id]!.exitShare)?.perItem);
  const frontier = useMemo(() => (table ? exitFrontier(table, 40) : []), [table]);
  const now = table ? exitAtThreshold(table, threshold) : undefined;
  if (!nodes.length) {
    return <p className="gl-muted" data-testid="exits-none">No early-exit stack has reported yet. Load a preset with an early-exit stack and press Train.</p>;
  }
  const id = nodes[0]!;
  const s = latest![id]!;
  const share = asKind('scalar')(s.exitShare)!.perItem!.values;
  const headAccuracy = asKind('scalar')(s.headAccuracy)?.perItem?.values;
  const L = share.length;
  const heads = Array.from({ length: L }, (_, l) => `exit ${l}`);
  const trained = status !== 'idle' && status !== 'starting';
  const measure = () => { markExitPending(); getBridge().exitTable(id, L); };
  return (
    <div data-testid="exit-explorer">
      <p className="gl-tm-lead">Node <code>{id}</code>: where examples leave as training goes (learned gates), and what a confidence threshold would do instead: an example leaves at the first head whose top probability reaches θ.</p>
      <div className="gl-tm-row">
        <Bars title="Exit share now (learned rule)" values={share} labels={heads} range={[0, 1]} width={200} height={80} testId="exits-share" />
        {headAccuracy && <Bars title="Accuracy of each head" values={headAccuracy} labels={heads} range={[0, 1]} width={200} height={80} testId="exits-head-accuracy" />}
      </div>
      <div className="gl-tm-actions">
        <button onClick={measure} disabled={!trained || pending} data-testid="exits-measure" title={trained ? 'Measure every held-out example at every head, on the weights the run has now' : 'Train or Step first'}>
          {table ? 'Measure again' : 'Measure confidences on the held-out set'}
        </button>
        {pending && <span className="gl-muted">measuring…</span>}
        {table && <span className="gl-muted">weights of step {step}</span>}
      </div>
      {error && <p className="gl-tm-warn">{error}</p>}
      {table && now && (
        <>
          <label className="gl-tm-intervene">
            <span>confidence threshold θ</span>
            <input type="range" min={0} max={1} step={0.01} value={threshold} onChange={(e) => setThreshold(Number(e.target.value))} data-testid="exits-threshold" />
            <code>{threshold.toFixed(2)}</code>
          </label>
          <p data-testid="exits-now" data-accuracy={now.accuracy} data-cost={now.cost / table.denseCost}>
            At θ = {threshold.toFixed(2)}: accuracy <b>{(100 * now.accuracy).toFixed(1)}%</b> for <b>{(100 * now.cost / table.denseCost).toFixed(0)}%</b> of the full model’s FLOPs.
          </p>
          <div className="gl-tm-row">
            <Bars title="Exit share at θ" values={now.share} labels={heads} range={[0, 1]} width={200} height={80} testId="exits-share-threshold" />
            <MiniLine title="Accuracy against compute (θ from 0 to 1)" series={[{ label: 'θ sweep', steps: frontier.map((p) => p.cost / table.denseCost), values: frontier.map((p) => p.accuracy), colour: '#1d4ed8' }]}
              marker={{ x: now.cost / table.denseCost, y: now.accuracy }} xUnit="share of FLOPs" width={220} height={100} testId="exits-frontier" />
          </div>
        </>
      )}
    </div>
  );
});
