/**
 * Paired runs: run A (the graph as built) and run B (the same graph and seed
 * with one change: a variant of the preset, or the attention gate off),
 * trained side by side; curves and each node's main figure overlaid. The
 * nodes B changes are marked on the canvas (PairMark in the node card).
 */
import { memo, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { series, statsLog, useRun } from '../../src/store/runStore';
import { pairLog, pairSeries, usePair } from '../../src/store/pairStore';
import { useSeedPair } from '../../src/store/seedPairStore';
import { useGraph } from '../../src/store/graphStore';
import { mainFigure, seriesOf } from '../../src/store/statsStore';
import { getPairRunner, pairChoices } from '../../src/worker/pair';
import { startComparison } from '../../src/worker/seed-pair';
import type { SeriesBuffer } from '../../src/store/series';
import { MiniLine } from './MiniLine';
import { PairStatus } from './SinkLab';
import { StatLabel } from './StatLabel';
import { RUN_A_COLOUR as A, RUN_B_COLOUR as B } from './colour';
import { SeedPairResults } from './SeedPairResults';

/** Seeds per side the editor offers (each side trains once per seed in the browser). */
const MAX_EDITOR_SEEDS = 5;

const arrays = (b: SeriesBuffer) => { const [x, y] = b.view(); return { steps: Array.from(x), values: Array.from(y) }; };

export const PairView = memo(function PairView() {
  // Redrawn per statistics snapshot (a few a second), not per tick.
  useRun((r) => r.statsVersion);
  usePair((p) => p.statsVersion);
  const graph = useGraph((g) => g.graph);
  const rev = useGraph((g) => g.rev);
  const choices = pairChoices(graph);
  const [pick, setPick] = useState(0);
  const [seeds, setSeeds] = useState(1);
  // Runs over seeds replace the live pair's view: their curves are drawn with bands.
  const overSeeds = useSeedPair((s) => s.status !== 'idle');
  const pair = usePair(useShallow((p) => ({ status: p.status, changes: p.changes, failure: p.failure, evalLoss: p.evalLoss, evalAccuracy: p.evalAccuracy })));
  const run = useRun(useShallow((r) => ({ evalLoss: r.evalLoss, evalAccuracy: r.evalAccuracy, classification: r.info?.classification ?? false })));
  const latestA = useRun((r) => r.stats?.stats);
  const on = pair.status !== 'idle';
  const choice = choices[Math.min(pick, choices.length - 1)];
  const figures = Object.entries(latestA ?? {}).flatMap(([id, s]) => {
    const f = id.startsWith('@') ? undefined : mainFigure(s);
    return f ? [{ id, stat: f.stat, part: f.part, unit: f.unit, type: graph.nodes.find((n) => n.id === id)?.type }] : [];
  });
  const f3 = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(3));
  return (
    <div className="gl-tm-pair" data-testid="pair-view">
      <p className="gl-tm-lead">Train the graph as built (<b style={{ color: A }}>run A</b>) beside a copy with one change (<b style={{ color: B }}>run B</b>): same seed, same data, same backend. With several seeds per side, each side trains once per seed in background workers, and the figures come with their spread.</p>
      {choices.length === 0 ? (
        <p className="gl-muted">This graph has no variants to compare. Presets list theirs (e.g. “no gate”, “no balance loss”); a graph with a gated attention node offers the gate off.</p>
      ) : (
        <div className="gl-tm-actions">
          <label>Run B: <select value={pick} onChange={(e) => setPick(Number(e.target.value))} data-testid="pair-choice">
            {choices.map((c, i) => <option key={c.name} value={i}>{c.name}</option>)}
          </select></label>
          <label>Seeds per side: <select value={seeds} onChange={(e) => setSeeds(Number(e.target.value))} data-testid="pair-seeds">
            {Array.from({ length: MAX_EDITOR_SEEDS }, (_, i) => <option key={i} value={i + 1}>{i + 1}</option>)}
          </select></label>
          <button className="primary" data-testid="pair-start" onClick={() => choice && startComparison(graph, rev, choice.graph, choice.name, seeds)}>
            ▶ Train A and B{seeds > 1 ? ` on ${seeds} seeds` : ''}
          </button>
          {on && <button onClick={() => getPairRunner().stop()} data-testid="pair-stop">Stop run B</button>}
        </div>
      )}
      {overSeeds ? <SeedPairResults /> : (
        <>
          {on && (
            <>
              <div><PairStatus />{pair.failure ? <span className="gl-tm-warn"> {pair.failure}</span> : null}</div>
              <ul className="gl-tm-diff" data-testid="pair-diff">
                {pair.changes.map((c) => <li key={`${c.nodeId}.${c.param}`}><code>{c.nodeId}.{c.param}</code>: {String(c.a ?? 'default')} → <b>{String(c.b ?? 'default')}</b></li>)}
              </ul>
              <table className="gl-tm-table">
                <thead><tr><th /><th style={{ color: A }}>A</th><th style={{ color: B }}>B</th></tr></thead>
                <tbody>
                  <tr><td><StatLabel statKey="loss" /></td><td>{f3(run.evalLoss)}</td><td>{f3(pair.evalLoss)}</td></tr>
                  {run.classification && <tr><td><StatLabel statKey="accuracy" /></td><td>{f3(run.evalAccuracy)}</td><td>{f3(pair.evalAccuracy)}</td></tr>}
                </tbody>
              </table>
            </>
          )}
          <div className="gl-tm-row">
            <MiniLine title={<StatLabel statKey="lossEma" />} series={[{ label: 'A', ...arrays(series.lossEma), colour: A }, ...(on ? [{ label: 'B', ...arrays(pairSeries.lossEma), colour: B }] : [])]} width={220} height={90} testId="pair-loss" />
            <MiniLine title={<StatLabel statKey="evalLoss" />} series={[{ label: 'A', ...arrays(series.evalLoss), colour: A }, ...(on ? [{ label: 'B', ...arrays(pairSeries.evalLoss), colour: B }] : [])]} width={210} height={90} testId="pair-eval-loss" />
          </div>
          {run.classification && (
            <MiniLine title={<StatLabel statKey="evalAccuracy" />} series={[{ label: 'A', ...arrays(series.evalAccuracy), colour: A }, ...(on ? [{ label: 'B', ...arrays(pairSeries.evalAccuracy), colour: B }] : [])]} range={[0, 1]} width={220} height={80} testId="pair-eval-acc" />
          )}
          {figures.length > 0 && <h4>Each node’s main figure</h4>}
          <div className="gl-tm-row wrap">
            {figures.map((f) => (
              <MiniLine key={f.id} title={<StatLabel part={{ ...f.part, name: f.stat }} context={f.type ? { nodeType: f.type } : {}} prefix={`${f.id} · `} />} series={[
                { label: 'A', ...seriesOf(statsLog, f.id, f.stat), colour: A },
                ...(on ? [{ label: 'B', ...seriesOf(pairLog, f.id, f.stat), colour: B }] : []),
              ]} {...(f.unit ? { range: [0, 1] as [number, number] } : {})} width={140} height={70} testId={`pair-fig-${f.id}`} />
            ))}
          </div>
        </>
      )}
    </div>
  );
});
