/**
 * A/B runs over seeds: progress while the runs train, then each side's
 * figures as mean ± standard deviation over its seeds with the per-seed
 * values, on how many seeds A beats B on the headline metric, and the mean
 * curves with a ±1 std band.
 */
import { memo } from 'react';
import { figureOf, type SeedSpreads } from '../../engine';
import { finished, meanCurve, seedTable, useSeedPair, type CurveKey, type SeedRun } from '../../src/store/seedPairStore';
import { stopSeedPair } from '../../src/worker/seed-pair';
import { MiniLine, type LineSeries } from './MiniLine';
import { StatLabel } from './StatLabel';

// A's orange is a shade darker than the gate orange elsewhere: it also colours text, which needs 4.5:1 on white.
export const A = '#c2410c', B = '#1d4ed8';
const BAND = '±1 std';
const fig = (v: number | undefined) => (v === undefined ? '–' : Math.abs(v) >= 1000 || (Math.abs(v) < 0.001 && v !== 0) ? v.toExponential(2) : v.toFixed(3));

function Cell({ s, metric, testId }: { s: SeedSpreads; metric: string; testId: string }) {
  const mean = s.mean[metric], std = s.std[metric];
  return <td className="spread" data-testid={testId} data-mean={mean ?? ''} data-std={std ?? ''}>{fig(mean)}{std !== undefined ? ` ± ${fig(std)}` : ''}</td>;
}

function PerSeed({ runs, metric, testId }: { runs: SeedRun[]; metric: string; testId: string }) {
  const xs = runs.map((r) => figureOf(r.figures, metric));
  return <td className="gl-muted" data-testid={testId} data-values={xs.map((x) => x ?? 'NaN').join(' ')}>{xs.map(fig).join(', ')}</td>;
}

function Curves({ a, b, curve, range, width }: { a: SeedRun[]; b: SeedRun[]; curve: CurveKey; range?: [number, number]; width: number }) {
  const line = (runs: SeedRun[], label: string, colour: string): LineSeries[] => {
    if (!runs.length) return [];
    const c = meanCurve(runs, curve);
    return [{ label, steps: c.steps, values: c.mean, colour, band: { lo: c.lo, hi: c.hi, label: BAND } }];
  };
  const series = [...line(a, 'A', A), ...line(b, 'B', B)];
  if (!series.some((s) => s.steps.length)) return null;
  return <MiniLine title={<StatLabel statKey={curve} />} series={series} {...(range ? { range } : {})} width={width} height={90} testId={`seedpair-${curve}`} />;
}

export const SeedPairResults = memo(function SeedPairResults() {
  const s = useSeedPair();
  if (s.status === 'idle') return null;
  const a = finished(s.a), b = finished(s.b);
  const total = s.a.length + s.b.length, done = a.length + b.length;
  const table = seedTable(s);
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
            <Curves a={a} b={b} curve="evalLoss" width={210} />
            <Curves a={a} b={b} curve="evalAccuracy" range={[0, 1]} width={220} />
          </div>
        </>
      )}
    </section>
  );
});
