/**
 * A/B runs over seeds: progress while the runs train, then each side's
 * figures as mean ± standard deviation over its seeds with the per-seed
 * values, on how many seeds A beats B on the headline metric, and the mean
 * curves with a ±1 std band.
 */
import { memo, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { figureOf, type CurveKey, type SeedSpreads } from '../../engine';
import { finishedRuns, seedTable, useSeedPair, type SeedRun } from '../../src/store/seedPairStore';
import { stopSeedPair } from '../../src/worker/seed-pair';
import { formatFigure as fig } from '../format';
import { RUN_A_COLOUR as A, RUN_B_COLOUR as B } from './colour';
import { MiniLine, type LineSeries } from './MiniLine';
import { StatLabel } from './StatLabel';

const BAND = '±1 std';

function Cell({ s, metric, testId }: { s: SeedSpreads; metric: string; testId: string }) {
  const mean = s.mean[metric], std = s.std[metric];
  return <td className="spread" data-testid={testId} data-mean={mean ?? ''} data-std={std ?? ''}>{fig(mean)}{std !== undefined ? ` ± ${fig(std)}` : ''}</td>;
}

function PerSeed({ runs, metric, testId }: { runs: SeedRun[]; metric: string; testId: string }) {
  const xs = runs.map((r) => figureOf(r.figures, metric));
  return <td className="gl-muted" data-testid={testId} data-values={xs.map((x) => x ?? 'NaN').join(' ')}>{xs.map(fig).join(', ')}</td>;
}

function Curves({ curve, range, width }: { curve: CurveKey; range?: [number, number]; width: number }) {
  const [a, b] = useSeedPair(useShallow((s) => [s.curves.a[curve], s.curves.b[curve]]));
  const line = (c: typeof a, label: string, colour: string): LineSeries[] =>
    c.steps.length ? [{ label, steps: c.steps, values: c.mean, colour, band: { lo: c.lo, hi: c.hi, label: BAND } }] : [];
  const series = [...line(a, 'A', A), ...line(b, 'B', B)];
  if (!series.some((s) => s.steps.length)) return null;
  return <MiniLine title={<StatLabel statKey={curve} />} series={series} {...(range ? { range } : {})} width={width} height={90} testId={`seedpair-${curve}`} />;
}

export const SeedPairResults = memo(function SeedPairResults() {
  const s = useSeedPair(useShallow(({ status, seeds, label, headline, a, b, workers, failure }) => ({ status, seeds, label, headline, a, b, workers, failure })));
  // The table changes only when a run ends, not when the panel redraws.
  const table = useMemo(() => seedTable(s), [s]);
  if (s.status === 'idle') return null;
  const a = finishedRuns(s.a), b = finishedRuns(s.b);
  const total = s.a.length + s.b.length, done = a.length + b.length;
  const h = s.headline;
  return (
    <section className="gl-tm-seeds" data-testid="seedpair" aria-label="A/B runs over seeds">
      <div className="gl-tm-actions">
        <span role="status" data-testid="seedpair-status" data-status={s.status} data-done={done}>
          {s.status === 'running' ? `Training on seeds ${s.seeds.join(', ')}: ${done} of ${total} runs done, ${s.workers} at a time` : s.status === 'done' ? `${total} runs done, seeds ${s.seeds.join(', ')} for both A and B` : s.status === 'stopped' ? `Stopped after ${done} of ${total} runs` : 'A run failed'}
        </span>
        {s.status === 'running' && <progress max={total} value={done} aria-label="runs done" />}
        {s.status === 'running' && <button onClick={stopSeedPair} data-testid="seedpair-stop">Stop</button>}
      </div>
      {s.failure && <p className="gl-tm-warn" role="alert">{s.failure}</p>}
      {table && h && (
        <>
          <p data-testid="seedpair-holds" data-holds={table.holds.holds} data-of={table.holds.of}>
            On <StatLabel statKey={h.metric} /> ({h.better} is better), <b style={{ color: A }}>A</b> beats <b style={{ color: B }}>B</b> on <b>{table.holds.holds} of {table.holds.of}</b> seeds.
          </p>
          <div className="gl-tm-scroll" tabIndex={0} role="region" aria-label="Figures over seeds">
            <table className="gl-tm-table" data-testid="seedpair-table">
              <caption className="gl-muted">Mean ± sample standard deviation over {s.seeds.length} seeds, then each seed’s value</caption>
              <thead><tr><th scope="col">figure</th><th scope="col" style={{ color: A }}>A</th><th scope="col" style={{ color: B }}>B ({s.label})</th><th scope="col">A per seed</th><th scope="col">B per seed</th></tr></thead>
              <tbody>
                {table.metrics.map((m) => (
                  <tr key={m}>
                    <th scope="row"><StatLabel statKey={m} /></th>
                    <Cell s={table.a} metric={m} testId={`seedpair-a-${m}`} />
                    <Cell s={table.b} metric={m} testId={`seedpair-b-${m}`} />
                    <PerSeed runs={a} metric={m} testId={`seedpair-a-${m}-seeds`} />
                    <PerSeed runs={b} metric={m} testId={`seedpair-b-${m}-seeds`} />
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {done > 0 && (
        <>
          <p className="gl-muted">Lines: the mean over the seeds done so far; shaded: ± one standard deviation.</p>
          <div className="gl-tm-row wrap">
            <Curves curve="evalLoss" width={210} />
            <Curves curve="evalAccuracy" range={[0, 1]} width={220} />
          </div>
        </>
      )}
    </section>
  );
});
