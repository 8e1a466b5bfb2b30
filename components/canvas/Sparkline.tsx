/**
 * The live sparkline on a gate, router, skip or exit node: the headline
 * statistic its type declares (gate mean, α, skip rate, routing entropy, ...)
 * over the run, named by the glossary's label. It reads the
 * stats store by node id, so a new snapshot re-renders this line only, not
 * the node card or the canvas.
 */
import { memo } from 'react';
import { describeStat } from '../../engine';
import { sparkOf, useStats, type Spark } from '../../src/store/statsStore';
import { statsIdOf, useValidation } from '../../src/store/validation';

const W = 132, H = 20;

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));

/** The polyline's points in a W × H box, and the y range used. */
export function sparkPath(s: Pick<Spark, 'values' | 'unit'>, w = W, h = H): { points: string; lo: number; hi: number } {
  const vs = s.values.filter(Number.isFinite);
  let lo = Math.min(...vs), hi = Math.max(...vs);
  if (s.unit) { lo = Math.min(0, lo); hi = Math.max(1, hi); }
  if (!(hi > lo)) { lo -= 0.5; hi += 0.5; }
  const n = s.values.length;
  const pts: string[] = [];
  s.values.forEach((v, i) => {
    if (!Number.isFinite(v)) return;
    const x = n > 1 ? (i / (n - 1)) * w : w / 2;
    const y = h - 1 - ((v - lo) / (hi - lo)) * (h - 2);
    pts.push(`${x.toFixed(1)},${y.toFixed(1)}`);
  });
  return { points: pts.join(' '), lo, hi };
}

/** `reserve`: the node declares statistics, so its card keeps the line's room before the first point (it must not grow while training). */
export const Sparkline = memo(function Sparkline({ nodeId, nodeType, reserve }: { nodeId: string; nodeType: string; reserve: boolean }) {
  const s = useStats(sparkOf(useValidation(statsIdOf(nodeId))));
  if (s && s.values.length > 0) return <SparklineView nodeId={nodeId} nodeType={nodeType} s={s} />;
  return reserve ? <div className="gl-spark empty" aria-hidden="true" /> : null;
});

export function SparklineView({ nodeId, nodeType, s }: { nodeId: string; nodeType: string; s: Spark }) {
  if (s.values.length === 0) return null;
  const { points } = sparkPath(s);
  const last = s.values[s.values.length - 1]!;
  const d = describeStat(s.key, { nodeType });
  const name = d?.label ?? s.key;
  return (
    <div className="gl-spark" data-testid={`spark-${nodeId}`} data-stat={s.key} data-value={last} data-points={s.values.length}
      title={`${name} over training (step ${s.steps[s.steps.length - 1]}): ${last}${d ? `. ${d.explanation}` : ''}`}>
      <svg width={W} height={H} viewBox={`0 0 ${W} ${H}`} aria-hidden="true">
        {s.unit && <line x1={0} x2={W} y1={H / 2} y2={H / 2} className="gl-spark-mid" />}
        <polyline points={points} />
      </svg>
      <span className="gl-spark-label"><span>{name}</span> <b>{fmt(last)}</b></span>
    </div>
  );
}
