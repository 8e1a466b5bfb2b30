/**
 * Small SVG bars: one value per item (expert, head, layer), optionally a
 * second set beside each (run B), a dashed reference line and a warning tint
 * for items above a threshold.
 */
import { memo, useRef, type ReactNode } from 'react';
import { RUN_A_COLOUR, RUN_B_COLOUR } from './colour';
import { ExportMenu } from './ExportMenu';

export interface BarsProps {
  title: ReactNode;
  values: readonly number[];
  /** A second set drawn beside the first (a paired run). */
  compare?: readonly number[];
  labels?: readonly string[];
  colours?: readonly string[];
  reference?: { value: number; label: string };
  /** Bars above this value are drawn in the warning colour. */
  warnAbove?: number;
  range?: [number, number];
  width?: number;
  height?: number;
  legend?: [string, string];
  testId: string;
}

const PAD_L = 30, PAD_B = 13, PAD_T = 4;
const fmt = (v: number) => (Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));

export const Bars = memo(function Bars({ title, values, compare, labels, colours, reference, warnAbove, range, width = 200, height = 70, legend, testId }: BarsProps) {
  const ref = useRef<SVGSVGElement>(null);
  const all = [...values, ...(compare ?? []), ...(reference ? [reference.value] : [])].filter(Number.isFinite);
  const [lo, hi] = range ?? [Math.min(0, ...all), Math.max(1e-9, ...all)];
  const W = width - PAD_L - 2, H = height - PAD_T - PAD_B;
  const n = Math.max(values.length, 1);
  const slot = W / n, bw = compare ? slot * 0.4 : slot * 0.75;
  const Y = (v: number) => PAD_T + H - ((Math.min(hi, Math.max(lo, v)) - lo) / (hi - lo || 1)) * H;
  const cols: Record<string, readonly number[]> = { [legend?.[0] ?? 'value']: values, ...(compare ? { [legend?.[1] ?? 'compare']: compare } : {}) };
  // a label every `every` bars, so that labels (up to 3 characters) get about 18 px each
  const every = Math.ceil(n / Math.max(1, Math.floor(W / 18)));
  return (
    <figure className="gl-tm-fig" data-testid={testId} data-values={values.map((v) => v.toFixed(4)).join(' ')}>
      <figcaption>
        <span>{title}</span>
        {(legend || reference) && (
          <span className="gl-chart-keys">
            {legend && compare && <><span><i style={{ background: RUN_A_COLOUR }} />{legend[0]}</span><span><i style={{ background: RUN_B_COLOUR }} />{legend[1]}</span></>}
            {reference && <span><i className="ref" />{reference.label}</span>}
          </span>
        )}
        <ExportMenu name={testId} svg={ref} data={{ columns: cols }} />
      </figcaption>
      <svg ref={ref} width={width} height={height} className="gl-tm-bars" xmlns="http://www.w3.org/2000/svg">
        <text x={PAD_L - 3} y={PAD_T + 8} textAnchor="end">{fmt(hi)}</text>
        <text x={PAD_L - 3} y={PAD_T + H} textAnchor="end">{fmt(lo)}</text>
        <line x1={PAD_L} x2={PAD_L + W} y1={Y(0)} y2={Y(0)} stroke="#cbd5e1" />
        {values.map((v, i) => {
          const x = PAD_L + i * slot + (slot - (compare ? 2 * bw : bw)) / 2;
          const warn = warnAbove !== undefined && v > warnAbove;
          const fill = warn ? '#d62828' : colours?.[i] ?? RUN_A_COLOUR;
          const b = compare?.[i];
          // an item without data (NaN, e.g. a count no example has) gets no bar
          return (
            <g key={i}>
              {!Number.isNaN(v) && <rect x={x} y={Math.min(Y(v), Y(0))} width={bw} height={Math.abs(Y(0) - Y(v))} fill={fill}><title>{`${labels?.[i] ?? i}: ${v}`}</title></rect>}
              {b !== undefined && !Number.isNaN(b) && <rect x={x + bw} y={Math.min(Y(b), Y(0))} width={bw} height={Math.abs(Y(0) - Y(b))} fill={RUN_B_COLOUR}><title>{`${labels?.[i] ?? i}: ${b}`}</title></rect>}
              {i % every === 0 && <text x={PAD_L + i * slot + slot / 2} y={height - 2} textAnchor="middle">{labels?.[i] ?? i}</text>}
            </g>
          );
        })}
        {reference && <line x1={PAD_L} x2={PAD_L + W} y1={Y(reference.value)} y2={Y(reference.value)} stroke="#334155" strokeDasharray="4 3" />}
      </svg>
    </figure>
  );
});
