/**
 * A small SVG line chart over steps: one or more series (run A and run B, or
 * one figure per head), each with an optional shaded band, and an optional
 * dashed reference (the uniform baseline).
 */
import { memo, useRef, type ReactNode } from 'react';
import { ExportMenu } from './ExportMenu';

export interface LineSeries {
  label: string;
  steps: readonly number[];
  values: readonly number[];
  colour: string;
  dash?: string;
  /** A shaded band around the line (the spread over seeds), `label` saying what it spans. */
  band?: { lo: readonly number[]; hi: readonly number[]; label: string };
}

export interface MiniLineProps {
  title: ReactNode;
  series: readonly LineSeries[];
  reference?: { value: number; label: string };
  /** Fixed y range (default: the data's, with the reference). */
  range?: [number, number];
  width?: number;
  height?: number;
  /** What x counts (default 'step'), written at the axis end. */
  xUnit?: string;
  /** A point drawn as a dot (the current setting on a curve). */
  marker?: { x: number; y: number };
  testId: string;
}

const PAD_L = 34, PAD_B = 14, PAD_T = 4, PAD_R = 6;
const fmt = (v: number) => (Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(1) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));

/** Scales for the chart: x over all steps, y over all values (and the reference). */
export function lineScales(series: readonly LineSeries[], reference: number | undefined, range: [number, number] | undefined) {
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  for (const s of series) {
    for (const x of s.steps) { x0 = Math.min(x0, x); x1 = Math.max(x1, x); }
    for (const y of [...s.values, ...(s.band?.lo ?? []), ...(s.band?.hi ?? [])]) if (Number.isFinite(y)) { y0 = Math.min(y0, y); y1 = Math.max(y1, y); }
  }
  if (reference !== undefined) { y0 = Math.min(y0, reference); y1 = Math.max(y1, reference); }
  if (range) [y0, y1] = range;
  if (!(x1 > x0)) { x0 = Number.isFinite(x0) ? x0 - 1 : 0; x1 = x0 + 2; }
  if (!(y1 > y0)) { const m = Number.isFinite(y0) ? y0 : 0; y0 = m - 0.5; y1 = m + 0.5; }
  return { x0, x1, y0, y1 };
}

export const MiniLine = memo(function MiniLine({ title, series, reference, range, width = 200, height = 80, xUnit = 'step', marker, testId }: MiniLineProps) {
  const ref = useRef<SVGSVGElement>(null);
  const { x0, x1, y0, y1 } = lineScales(series, reference?.value, range);
  const W = width - PAD_L - PAD_R, H = height - PAD_T - PAD_B;
  const X = (x: number) => PAD_L + ((x - x0) / (x1 - x0)) * W;
  const Y = (y: number) => PAD_T + H - ((y - y0) / (y1 - y0)) * H;
  const path = (s: LineSeries) => s.steps.map((x, i) => (Number.isFinite(s.values[i]) ? `${X(x).toFixed(1)},${Y(s.values[i]!).toFixed(1)}` : '')).filter(Boolean).join(' ');
  const bandPath = (s: LineSeries) => {
    // Kept inside the plot: a band may reach past a fixed range (accuracy ± std above 1).
    const pts = (ys: readonly number[]) => s.steps.map((x, i) => [x, ys[i]!] as const).filter(([, y]) => Number.isFinite(y)).map(([x, y]) => `${X(x).toFixed(1)},${Y(Math.min(y1, Math.max(y0, y))).toFixed(1)}`);
    return s.band ? [...pts(s.band.hi), ...pts(s.band.lo).reverse()].join(' ') : '';
  };
  const columns: Record<string, readonly number[]> = {};
  for (const s of series) {
    columns[`${s.label} step`] = s.steps; columns[s.label] = s.values;
    if (s.band) { columns[`${s.label} low`] = s.band.lo; columns[`${s.label} high`] = s.band.hi; }
  }
  const band = series.find((s) => s.band)?.band;
  const last = series.map((s) => s.values[s.values.length - 1]);
  return (
    <figure className="gl-tm-fig" data-testid={testId} data-points={series[0]?.values.length ?? 0} data-last={last[0] ?? ''}>
      <figcaption>
        <span>{title}</span>
        <span className="gl-chart-keys">
          {series.length > 1 && series.map((s) => <span key={s.label}><i style={{ background: s.colour }} />{s.label}</span>)}
          {band && <span><i className="band" />{band.label}</span>}
          {reference && <span><i className="ref" />{reference.label}</span>}
        </span>
        <ExportMenu name={testId} svg={ref} data={{ columns }} />
      </figcaption>
      <svg ref={ref} width={width} height={height} className="gl-tm-line" xmlns="http://www.w3.org/2000/svg">
        <rect x={PAD_L} y={PAD_T} width={W} height={H} fill="#fbfcfd" stroke="#e2e8f0" />
        <text x={PAD_L - 3} y={PAD_T + 8} textAnchor="end">{fmt(y1)}</text>
        <text x={PAD_L - 3} y={PAD_T + H} textAnchor="end">{fmt(y0)}</text>
        <text x={PAD_L} y={height - 2}>{Number.isFinite(x0) ? +x0.toPrecision(3) : ''}</text>
        <text x={PAD_L + W} y={height - 2} textAnchor="end">{Number.isFinite(x1) ? `${xUnit} ${+x1.toPrecision(3)}` : ''}</text>
        {reference && <line x1={PAD_L} x2={PAD_L + W} y1={Y(reference.value)} y2={Y(reference.value)} stroke="#64748b" strokeDasharray="4 3" />}
        {series.map((s) => s.band && <polygon key={`${s.label} band`} points={bandPath(s)} fill={s.colour} fillOpacity={0.18} stroke="none" data-band={s.label} />)}
        {series.map((s) => <polyline key={s.label} points={path(s)} fill="none" stroke={s.colour} strokeWidth={1.6} {...(s.dash ? { strokeDasharray: s.dash } : {})} />)}
        {marker && Number.isFinite(marker.x) && Number.isFinite(marker.y) && <circle cx={X(marker.x)} cy={Y(marker.y)} r={3.5} fill="#d62828" stroke="#fff" />}
      </svg>
    </figure>
  );
});
