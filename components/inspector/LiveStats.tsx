/**
 * The newest statistics the selected node reported during training, each
 * field of each typed summary under its glossary label (explained on hover
 * and focus): numbers as numbers, series (histograms, per-position means) as
 * small bar charts. A first look; the telemetry views build richer ones on
 * the same store.
 */
import { memo } from 'react';
import { summaryParts, type StatValue } from '../../engine';
import { useGraph } from '../../src/store/graphStore';
import { useRun } from '../../src/store/runStore';
import { useTelemetry } from '../../src/store/telemetryStore';
import { statsIdOf, useValidation } from '../../src/store/validation';
import { formatFigure } from '../format';
import { StatLabel } from '../telemetry/StatLabel';


function Bars({ values }: { values: readonly number[] }) {
  const max = Math.max(1e-12, ...values.map(Math.abs));
  const w = 160, h = 34, bw = w / values.length;
  return (
    <svg width={w} height={h} className="gl-bars" role="img" aria-label={`${values.length} values`}>
      {values.map((v, i) => {
        const bh = (Math.abs(v) / max) * (h - 2);
        return <rect key={i} x={i * bw + 0.5} y={h - bh} width={Math.max(1, bw - 1)} height={bh} />;
      })}
    </svg>
  );
}

function Value({ v }: { v: StatValue }) {
  if (typeof v === 'number') return <code>{formatFigure(v)}</code>;
  if (v.length > 0 && Array.isArray(v[0])) {
    const dims: number[] = [];
    for (let x: unknown = v; Array.isArray(x); x = x[0]) dims.push(x.length);
    return <span className="gl-muted">{dims.join(' × ')} values</span>;
  }
  return <Bars values={v as number[]} />;
}

export const LiveStats = memo(function LiveStats({ nodeId }: { nodeId: string }) {
  const statsId = useValidation(statsIdOf(nodeId));
  const stats = useRun((s) => s.stats?.stats[statsId]);
  const step = useRun((s) => s.stats?.step);
  const type = useGraph((g) => g.graph.nodes.find((n) => n.id === nodeId)?.type);
  if (!stats) return null;
  const context = type ? { nodeType: type } : {};
  return (
    <>
      <h3>Live statistics <span className="gl-muted">· step {step}</span>
        <button className="gl-link-button" onClick={() => useTelemetry.getState().show('node')} data-testid="live-stats-open" title="Charts of these figures over training">charts ›</button>
      </h3>
      <table className="gl-live-stats" data-testid="live-stats">
        <tbody>
          {Object.entries(stats).flatMap(([name, s]) => summaryParts(name, s).map((f) => ({ name, ...f }))).map(({ name, part, key, value }) => (
            <tr key={key}><td><StatLabel part={{ ...part, name }} context={context} /></td><td><Value v={value} /></td></tr>
          ))}
        </tbody>
      </table>
    </>
  );
});
